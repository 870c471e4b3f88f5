//! Known-wrong answer to `factory3`: the kind is trimmed but compared in the case it was given.
//! Breaks: "`create(kind)`: `"email"` gives an `Email` from `welcome@example.com`, `"sms"` an `Sms` with sender id `SHOP`, trimmed and case-insensitive; anything else gives `UnknownKind { kind: <as given>, valid: ["email", "sms"] }`."
//! Why a learner writes it: the two names are lowercase in the statement, and a `match` on string
//! literals reads as complete; "SMS" and " Email " are then unknown.
//! Rejected by: create_builds_the_default_channels_by_name

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
        // The mistake: trimmed, but not lowercased: "SMS" is unknown.
        match kind.trim() {
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
