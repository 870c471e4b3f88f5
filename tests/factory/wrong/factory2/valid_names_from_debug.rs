//! Known-wrong answer to `factory2`: the error lists the valid kinds by their `Debug` names.
//! Breaks: "implement `FromStr` for `Kind`: trimmed and case-insensitive; an unknown name gives `UnknownKind { kind: <the input as given>, valid: ["email", "sms", "push"] }`"
//! Why a learner writes it: formatting each kind with `{:?}` is the quick way to turn a value
//! into a string while `Display` is still being written, and it gives "Email", "Sms", "Push":
//! names that the user cannot type into a configuration file.
//! Rejected by: an_unknown_name_lists_the_valid_kinds

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
        let wanted = name.trim().to_lowercase();
        Kind::ALL
            .into_iter()
            .find(|kind| kind.to_string() == wanted)
            .ok_or_else(|| UnknownKind {
                kind: name.to_owned(),
                // The mistake: the `Debug` names, "Email", "Sms", "Push".
                valid: Kind::ALL.iter().map(|kind| format!("{kind:?}")).collect(),
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
