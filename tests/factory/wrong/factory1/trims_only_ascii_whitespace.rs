//! Known-wrong answer to `factory1`: only ASCII whitespace is trimmed, so a no-break space stays.
//! Breaks: "whitespace around the name and upper or lower case do not matter (`" SMS "` is `"sms"`)"
//! Why a learner writes it: `trim_ascii` sounds like the fast, simple trim for names that are
//! ASCII anyway; a name pasted from a web page or a document often comes with a no-break space
//! (U+00A0), which `str::trim` removes and `trim_ascii` keeps.
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
    // The mistake: `trim_ascii` keeps a no-break space (U+00A0) around the name.
    match kind.trim_ascii().to_lowercase().as_str() {
        "email" => Ok(Box::new(EmailNotifier)),
        "sms" => Ok(Box::new(SmsNotifier)),
        _ => Err(UnknownKind {
            kind: kind.to_owned(),
            valid: KINDS.to_vec(),
        }),
    }
}
