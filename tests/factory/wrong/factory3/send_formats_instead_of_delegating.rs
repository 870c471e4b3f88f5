//! Known-wrong answer to `factory3`: `send` writes its own line for each variant instead of calling the notifier inside.
//! Breaks: "`kind` and `send`, each by a `match` that hands the call to the notifier inside"
//! Why a learner writes it: the `match` already knows which channel it is, so writing the line in
//! place, as `factory1`'s notifiers did, looks shorter than calling `email.send`; it leaves out
//! the sender that `Email::send` and `Sms::send` put in.
//! Rejected by: send_and_kind_go_to_the_channel_inside

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
            // The mistake: a line written here, not the inner notifier's `send`: no sender.
            AnyNotifier::Email(_) => format!("email to {to}: {text}"),
            AnyNotifier::Sms(_) => format!("sms to {to}: {text}"),
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
