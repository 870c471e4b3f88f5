//! Known-wrong answer to `factory5`: the environment is shadowed by its trimmed copy, and the error carries that copy.
//! Breaks: "implement `family(environment)`: `"sandbox"` or `"production"`, trimmed and case-insensitive; anything else gives `UnknownKind { kind: <as given>, valid: ["sandbox", "production"] }`."
//! Why a learner writes it: `let environment = environment.trim();` looks like harmless clean-up
//! of an environment variable; the error built from it afterwards has lost the spaces that were
//! really there.
//! Rejected by: an_unknown_environment_carries_the_name_exactly_as_given

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
    // The mistake: shadowing `environment` with its trimmed copy, which the error carries.
    let environment = environment.trim();
    match environment.to_lowercase().as_str() {
        "sandbox" => Ok(Box::new(Sandbox)),
        "production" => Ok(Box::new(Production)),
        _ => Err(UnknownKind {
            kind: environment.to_owned(),
            valid: vec!["sandbox", "production"],
        }),
    }
}
