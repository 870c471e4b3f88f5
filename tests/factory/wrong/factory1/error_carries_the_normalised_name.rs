//! Known-wrong answer to `factory1`: the name is shadowed by its normalised copy, and the error carries that copy.
//! Breaks: "any other name gives `UnknownKind` with `kind` set to the name as it was given and `valid` set to `KINDS`"
//! Why a learner writes it: `let kind = kind.trim().to_lowercase();` at the top is the tidy way
//! to normalise once, and every later `kind` is then the copy: create(" Fax ") reports "fax",
//! which is not what the user typed.
//! Rejected by: an_unknown_kind_carries_the_name_exactly_as_given

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
    // The mistake: shadowing `kind` with its normalised copy, which the error then carries.
    let kind = kind.trim().to_lowercase();
    match kind.as_str() {
        "email" => Ok(Box::new(EmailNotifier)),
        "sms" => Ok(Box::new(SmsNotifier)),
        _ => Err(UnknownKind {
            kind: kind.clone(),
            valid: KINDS.to_vec(),
        }),
    }
}
