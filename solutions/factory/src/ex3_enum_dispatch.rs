//! # Factory 3: the closed set, as an enum
//!
//! When the set of channels is fixed and known to you, an enum says so in the type: an
//! `AnyNotifier` is an `Email` or an `Sms`, nothing else. Calling a method is a `match`: no
//! heap allocation, no vtable, and when someone adds a variant, the compiler points at every
//! `match` that must learn about it. (With `Box<dyn Notifier>` the set stays open, and nothing
//! tells you what a box may hold.)
//!
//! TODO: implement, for `AnyNotifier`:
//! - `kind` and `send`, each by a `match` that hands the call to the notifier inside;
//! - `From<Email>` and `From<Sms>`, so that `AnyNotifier::from(email)` and `email.into()` work;
//! - `create(kind)`: `"email"` gives an `Email` from `welcome@example.com`, `"sms"` an `Sms`
//!   with sender id `SHOP`, trimmed and case-insensitive; anything else gives
//!   `UnknownKind { kind: <as given>, valid: ["email", "sms"] }`.
//!
//! Check your work with `cargo learn check factory3`; stuck? `cargo learn hint factory3`.

/// Email, from one address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email {
    pub from: String,
}

impl Email {
    pub fn send(&self, to: &str, text: &str) -> String {
        format!("email from {} to {to}: {text}", self.from)
    }
}

/// SMS, with the sender id phones show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sms {
    pub sender_id: String,
}

impl Sms {
    pub fn send(&self, to: &str, text: &str) -> String {
        format!("sms from {} to {to}: {text}", self.sender_id)
    }
}

/// A kind `create` does not know.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownKind {
    pub kind: String,
    pub valid: Vec<&'static str>,
}

/// Every channel there is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AnyNotifier {
    Email(Email),
    Sms(Sms),
}

impl AnyNotifier {
    /// The channel's name: `"email"` or `"sms"`.
    pub fn kind(&self) -> &'static str {
        match self {
            AnyNotifier::Email(_) => "email",
            AnyNotifier::Sms(_) => "sms",
        }
    }

    /// Sends through whichever channel this is.
    pub fn send(&self, to: &str, text: &str) -> String {
        match self {
            AnyNotifier::Email(email) => email.send(to, text),
            AnyNotifier::Sms(sms) => sms.send(to, text),
        }
    }

    /// The notifier for `kind`.
    pub fn create(kind: &str) -> Result<AnyNotifier, UnknownKind> {
        match kind.trim().to_lowercase().as_str() {
            "email" => Ok(Email {
                from: "welcome@example.com".to_owned(),
            }
            .into()),
            "sms" => Ok(Sms {
                sender_id: "SHOP".to_owned(),
            }
            .into()),
            _ => Err(UnknownKind {
                kind: kind.to_owned(),
                valid: vec!["email", "sms"],
            }),
        }
    }
}

impl From<Email> for AnyNotifier {
    fn from(email: Email) -> Self {
        AnyNotifier::Email(email)
    }
}

impl From<Sms> for AnyNotifier {
    fn from(sms: Sms) -> Self {
        AnyNotifier::Sms(sms)
    }
}
