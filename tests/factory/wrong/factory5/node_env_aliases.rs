//! Known-wrong answer to `factory5`: the usual NODE_ENV names are accepted as aliases of the two families.
//! Breaks: "implement `family(environment)`: `"sandbox"` or `"production"`, trimmed and case-insensitive; anything else gives `UnknownKind { kind: <as given>, valid: ["sandbox", "production"] }`."
//! Why a learner writes it: a Node.js service reads `NODE_ENV`, whose values are "development",
//! "test" and "production" (or "dev", "prod"), so accepting them looks friendly; the statement
//! names two environments, and "prod" is then a family the error message does not list.
//! Rejected by: an_unknown_environment_is_an_error_with_the_valid_ones

/// Something that can deliver a text to someone.
pub trait Notifier {
    fn send(&self, to: &str, text: &str) -> String;
}

pub struct OutboxEmail;
impl Notifier for OutboxEmail {
    fn send(&self, to: &str, text: &str) -> String {
        format!("outbox: email to {to}: {text}")
    }
}

pub struct ConsoleSms;
impl Notifier for ConsoleSms {
    fn send(&self, to: &str, text: &str) -> String {
        format!("console: sms to {to}: {text}")
    }
}

pub struct SmtpEmail;
impl Notifier for SmtpEmail {
    fn send(&self, to: &str, text: &str) -> String {
        format!("smtp: email to {to}: {text}")
    }
}

pub struct ProviderSms;
impl Notifier for ProviderSms {
    fn send(&self, to: &str, text: &str) -> String {
        format!("provider: sms to {to}: {text}")
    }
}

/// A family of notifiers that belong together.
pub trait Family {
    fn name(&self) -> &'static str;
    fn email(&self) -> Box<dyn Notifier>;
    fn sms(&self) -> Box<dyn Notifier>;
}

pub struct Sandbox;
pub struct Production;

impl Family for Sandbox {
    fn name(&self) -> &'static str {
        "sandbox"
    }

    fn email(&self) -> Box<dyn Notifier> {
        Box::new(OutboxEmail)
    }

    fn sms(&self) -> Box<dyn Notifier> {
        Box::new(ConsoleSms)
    }
}

impl Family for Production {
    fn name(&self) -> &'static str {
        "production"
    }

    fn email(&self) -> Box<dyn Notifier> {
        Box::new(SmtpEmail)
    }

    fn sms(&self) -> Box<dyn Notifier> {
        Box::new(ProviderSms)
    }
}

/// An environment name that is not a family.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownKind {
    pub kind: String,
    pub valid: Vec<&'static str>,
}

/// The family for `environment`.
pub fn family(environment: &str) -> Result<Box<dyn Family>, UnknownKind> {
    match environment.trim().to_lowercase().as_str() {
        // The mistake: NODE_ENV-style aliases, which the statement does not list.
        "sandbox" | "development" | "dev" | "test" => Ok(Box::new(Sandbox)),
        "production" | "prod" => Ok(Box::new(Production)),
        _ => Err(UnknownKind {
            kind: environment.to_owned(),
            valid: vec!["sandbox", "production"],
        }),
    }
}
