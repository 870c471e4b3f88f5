//! Known-wrong answer to `factory5`: the production family builds the sandbox's console SMS.
//! Breaks: "implement `Family` for `Sandbox` (name `"sandbox"`, email `OutboxEmail`, sms `ConsoleSms`) and for `Production` (name `"production"`, email `SmtpEmail`, sms `ProviderSms`)"
//! Why a learner writes it: the `Production` impl starts as a copy of the `Sandbox` one, and one
//! line is not updated: production email with sandbox SMS, the very mix the abstract factory
//! exists to prevent.
//! Rejected by: the_production_family_uses_the_real_services

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
        // The mistake: left over from the copied `Sandbox` impl: production SMS to the console.
        Box::new(ConsoleSms)
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
