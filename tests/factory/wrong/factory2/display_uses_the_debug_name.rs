//! Known-wrong answer to `factory2`: `Display` writes the `Debug` name of the variant.
//! Breaks: "implement `Display` for `Kind`: the lowercase name, so that `kind.to_string().parse()` gives `kind` back"
//! Why a learner writes it: `write!(f, "{self:?}")` is the one-line `Display` many learners reach
//! for, and it prints "Email": not the lowercase name, and not a string `parse` gives back.
//! Rejected by: display_gives_the_lowercase_name_and_round_trips

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
                valid: Kind::ALL.iter().map(Kind::to_string).collect(),
            })
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The mistake: the derived `Debug` name, "Email", not the lowercase "email".
        write!(f, "{self:?}")
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
