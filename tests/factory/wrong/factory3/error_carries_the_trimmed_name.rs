//! Known-wrong answer to `factory3`: the kind is shadowed by its trimmed copy, and the error carries that copy.
//! Breaks: "`create(kind)`: `"email"` gives an `Email` from `welcome@example.com`, `"sms"` an `Sms` with sender id `SHOP`, trimmed and case-insensitive; anything else gives `UnknownKind { kind: <as given>, valid: ["email", "sms"] }`."
//! Why a learner writes it: `let kind = kind.trim();` looks like harmless clean-up; the error
//! built from `kind` afterwards has lost the spaces that were asked for.
//! Rejected by: an_unknown_kind_carries_the_name_exactly_as_given

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
        // The mistake: shadowing `kind` with its trimmed copy, which the error then carries.
        let kind = kind.trim();
        match kind.to_lowercase().as_str() {
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
