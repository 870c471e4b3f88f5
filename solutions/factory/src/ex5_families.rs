//! # Factory 5: an abstract factory, for notifiers that belong together
//!
//! In a sandbox, email goes to a local outbox and SMS to the console; in production, email
//! goes to the SMTP server and SMS to the paid provider. Two separate factories could mix them:
//! production email with sandbox SMS, and real customers get half their messages. An abstract
//! factory makes the *family* the unit of choice: one `Family` value builds every kind of
//! notifier, all from the same environment, and the code that sends asks only the family.
//!
//! TODO:
//! - implement `Family` for `Sandbox` (name `"sandbox"`, email `OutboxEmail`, sms `ConsoleSms`)
//!   and for `Production` (name `"production"`, email `SmtpEmail`, sms `ProviderSms`);
//! - implement `family(environment)`: `"sandbox"` or `"production"`, trimmed and
//!   case-insensitive; anything else gives `UnknownKind { kind: <as given>, valid:
//!   ["sandbox", "production"] }`.
//!
//! Check your work with `cargo learn check factory5`; stuck? `cargo learn hint factory5`.

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
        "sandbox" => Ok(Box::new(Sandbox)),
        "production" => Ok(Box::new(Production)),
        _ => Err(UnknownKind {
            kind: environment.to_owned(),
            valid: vec!["sandbox", "production"],
        }),
    }
}
