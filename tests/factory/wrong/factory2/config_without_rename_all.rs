//! Known-wrong answer to `factory2`: `Kind` derives `Deserialize` without `rename_all`, so a file must say "Email".
//! Breaks: "make `Config` read `{"channels": ["email", "push"]}`: lowercase names in the file."
//! Why a learner writes it: `#[derive(Deserialize)]` is already there, so the configuration looks
//! done; without `#[serde(rename_all = "lowercase")]` serde expects the variants' own spelling,
//! and the lowercase names every configuration file uses are refused.
//! Rejected by: a_configuration_file_names_kinds_in_lowercase

use std::fmt;
use std::str::FromStr;

use serde::Deserialize;

/// The channels a notification can go through.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
// The mistake: no `#[serde(rename_all = "lowercase")]`: the file must say "Email".
pub enum Kind {
    Email,
    Sms,
    Push,
}

impl Kind {
    pub const ALL: [Kind; 3] = [Kind::Email, Kind::Sms, Kind::Push];
}

/// A name that is not a `Kind`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownKind {
    pub kind: String,
    pub valid: Vec<String>,
}

impl FromStr for Kind {
    type Err = UnknownKind;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        let wanted = name.trim().to_lowercase();
        Kind::ALL
            .into_iter()
            .find(|kind| kind.to_string() == wanted)
            .ok_or_else(|| UnknownKind {
                kind: name.to_owned(),
                valid: Kind::ALL.iter().map(Kind::to_string).collect(),
            })
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Kind::Email => "email",
            Kind::Sms => "sms",
            Kind::Push => "push",
        })
    }
}

/// Which channels to use, as read from a JSON configuration file.
#[derive(Debug, Deserialize)]
pub struct Config {
    pub channels: Vec<Kind>,
}

/// Reads a configuration.
pub fn parse_config(json: &str) -> Result<Config, serde_json::Error> {
    serde_json::from_str(json)
}
