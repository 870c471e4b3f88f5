//! # Factory 1: `create(kind)`, with no silent nothing
//!
//! The source material's factory:
//!
//! ```js
//! class NotificationFactory {
//!   static create(type) {
//!     if (type === "email") return new EmailService();
//!     if (type === "sms") return new SMSService();
//!   }
//! }
//! ```
//!
//! For `"fax"` it returns `undefined`, and the program fails later, somewhere else, with
//! "cannot read properties of undefined". In Rust the factory returns a `Result`: either a
//! notifier, or an error that says what was asked for and what exists. The notifier comes back
//! as a `Box<dyn Notifier>`: "some type that implements `Notifier`, on the heap", because the
//! email and SMS notifiers are different types and one function must return either.
//!
//! TODO: implement `create`:
//! - `"email"` gives an `EmailNotifier`, `"sms"` an `SmsNotifier`; whitespace around the name
//!   and upper or lower case do not matter (`" SMS "` is `"sms"`);
//! - any other name gives `UnknownKind` with `kind` set to the name as it was given and
//!   `valid` set to `KINDS`.
//!
//! Check your work with `cargo learn check factory1`; stuck? `cargo learn hint factory1`.

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
    match kind.trim().to_lowercase().as_str() {
        "email" => Ok(Box::new(EmailNotifier)),
        "sms" => Ok(Box::new(SmsNotifier)),
        _ => Err(UnknownKind {
            kind: kind.to_owned(),
            valid: KINDS.to_vec(),
        }),
    }
}
