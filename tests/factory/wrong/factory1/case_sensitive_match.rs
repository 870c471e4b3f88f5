//! Known-wrong answer to `factory1`: the name is trimmed but compared in the case it was given.
//! Breaks: "whitespace around the name and upper or lower case do not matter (`" SMS "` is `"sms"`)"
//! Why a learner writes it: the JavaScript original compares with `===`, and the lowercase names
//! in the tests of the happy path all pass; "Email" and " SMS " do not.
//! Rejected by: names_are_trimmed_and_case_insensitive

use std::fmt;

/// Something that can deliver a text to someone.
pub trait Notifier {
    /// The channel's name.
    fn kind(&self) -> &'static str;
    /// Delivers `text` to `to`; returns a line describing the delivery.
    fn send(&self, to: &str, text: &str) -> String;
}

pub struct EmailNotifier;

impl Notifier for EmailNotifier {
    fn kind(&self) -> &'static str {
        "email"
    }

    fn send(&self, to: &str, text: &str) -> String {
        format!("email to {to}: {text}")
    }
}

pub struct SmsNotifier;

impl Notifier for SmsNotifier {
    fn kind(&self) -> &'static str {
        "sms"
    }

    fn send(&self, to: &str, text: &str) -> String {
        format!("sms to {to}: {text}")
    }
}

/// The kinds `create` knows.
pub const KINDS: [&str; 2] = ["email", "sms"];

/// A kind `create` does not know.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownKind {
    pub kind: String,
    pub valid: Vec<&'static str>,
}

impl fmt::Display for UnknownKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown notifier kind {:?}: expected one of {}",
            self.kind,
            self.valid.join(", ")
        )
    }
}

impl std::error::Error for UnknownKind {}

/// The notifier for `kind`.
pub fn create(kind: &str) -> Result<Box<dyn Notifier>, UnknownKind> {
    // The mistake: trimmed, but not lowercased: "Email" is unknown.
    match kind.trim() {
        "email" => Ok(Box::new(EmailNotifier)),
        "sms" => Ok(Box::new(SmsNotifier)),
        _ => Err(UnknownKind {
            kind: kind.to_owned(),
            valid: KINDS.to_vec(),
        }),
    }
}
