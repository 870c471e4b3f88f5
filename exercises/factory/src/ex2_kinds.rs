//! # Factory 2: kinds as a type, parsed from strings and from configuration
//!
//! A factory keyed by strings checks the string every time it is called. Better: turn the
//! string into a `Kind` once, at the edge (the command line, the configuration file), and let
//! the rest of the program pass `Kind`s around, which cannot be misspelled.
//!
//! Two ways in:
//! - `FromStr` makes `"sms".parse::<Kind>()` work. Its error, `UnknownKind`, lists the valid
//!   names, so the message tells the user how to fix their input.
//! - serde reads `Kind` straight out of a configuration file: `#[derive(Deserialize)]` does
//!   the work, and `#[serde(rename_all = "lowercase")]` makes it expect `"email"` rather than
//!   the variant's own spelling `"Email"`. For an unknown name, serde's error already lists the
//!   valid ones.
//!
//! TODO:
//! - implement `FromStr` for `Kind`: trimmed and case-insensitive; an unknown name gives
//!   `UnknownKind { kind: <the input as given>, valid: ["email", "sms", "push"] }`;
//! - implement `Display` for `Kind`: the lowercase name, so that `kind.to_string().parse()`
//!   gives `kind` back;
//! - make `Config` read `{"channels": ["email", "push"]}`: lowercase names in the file.
//!
//! Check your work with `cargo learn check factory2`; stuck? `cargo learn hint factory2`.

use std::fmt;
use std::str::FromStr;

use serde::Deserialize;

/// The channels a notification can go through.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
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
        todo!()
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        todo!()
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
