//! Known-wrong answer to `factory2`: the input is shadowed by its normalised copy, and the error carries that copy.
//! Breaks: "implement `FromStr` for `Kind`: trimmed and case-insensitive; an unknown name gives `UnknownKind { kind: <the input as given>, valid: ["email", "sms", "push"] }`"
//! Why a learner writes it: `let name = name.trim().to_lowercase();` normalises once, at the top,
//! and the error built from `name` afterwards is the copy: " Fax " is reported as "fax".
//! Rejected by: an_unknown_name_carries_the_input_exactly_as_given

use std::fmt;
use std::str::FromStr;

use serde::Deserialize;

/// The channels a notification can go through.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
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
        // The mistake: shadowing `name` with its normalised copy, which the error then carries.
        let name = name.trim().to_lowercase();
        Kind::ALL
            .into_iter()
            .find(|kind| kind.to_string() == name)
            .ok_or_else(|| UnknownKind {
                kind: name.clone(),
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
