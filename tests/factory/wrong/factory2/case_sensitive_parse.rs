//! Known-wrong answer to `factory2`: the input is trimmed but compared in the case it was given.
//! Breaks: "implement `FromStr` for `Kind`: trimmed and case-insensitive; an unknown name gives `UnknownKind { kind: <the input as given>, valid: ["email", "sms", "push"] }`"
//! Why a learner writes it: the names in a configuration file are lowercase, so comparing with
//! `==` after a trim looks enough; "Push" and " SMS " typed on a command line are then unknown.
//! Rejected by: kinds_parse_from_strings_trimmed_and_in_any_case

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
        // The mistake: trimmed, but not lowercased: "Push" is unknown.
        let wanted = name.trim().to_owned();
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
