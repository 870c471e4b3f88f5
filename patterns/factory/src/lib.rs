//! # Factory: decide at run time which implementation to build, in one place
//!
//! Which channel a notification goes through is often not known when the code is written: it
//! comes from configuration ("send welcome mails by email and SMS"), from the user's
//! preferences, from the environment (sandbox or production). Code that sends should not be
//! full of `if kind == "email"`: one function, the factory, turns a name into a ready-to-use
//! notifier, and everything else talks to the [`Notifier`] trait.
//!
//! The source material's `NotificationFactory.create(type)` returns an `EmailService` or an
//! `SMSService`, and silently `undefined` for anything else. Rust has three forms of the
//! pattern, each with its own trade-off, and none of them returns nothing by accident:
//!
//! - **Trait objects**, [`create`]: `Box<dyn DynNotifier>`, any channel behind one pointer. The
//!   set of channels is fixed in the factory; each call goes through a vtable and, for an
//!   `async` method, a boxed future.
//! - **An enum**, [`AnyNotifier`]: a closed set, one `match`, no allocation; adding a channel
//!   means adding a variant, and the compiler lists every `match` to update.
//! - **A registry of constructors**, [`Registry`]: an open set; a new channel is registered at
//!   start-up, by code the factory has never seen.
//!
//! And an **abstract factory**, [`NotifierFamily`]: a family of notifiers chosen together, so
//! that sandbox email never goes out with production SMS.

use std::collections::BTreeMap;
use std::fmt;
use std::future::Future;
use std::path::PathBuf;
use std::pin::Pin;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

pub mod channels;

pub use channels::{
    ConsoleNotifier, EmailNotifier, Message, Notifier, NotifyError, Receipt, SmsNotifier, Trust,
};

// ANCHOR: kind
/// The channels the built-in factory knows. In configuration they are spelled in lowercase:
/// `kind = "email"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Email,
    Sms,
    Console,
}

impl Kind {
    /// Every kind, in the order error messages list them.
    pub const ALL: [Kind; 3] = [Kind::Email, Kind::Sms, Kind::Console];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Email => "email",
            Kind::Sms => "sms",
            Kind::Console => "console",
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A kind name the factory does not know. The message lists the ones it does: the JavaScript
/// factory's silent `undefined`, turned into an error that says how to fix it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown notifier kind {kind:?}: expected one of {}", valid.join(", "))]
pub struct UnknownKind {
    pub kind: String,
    pub valid: Vec<String>,
}

impl FromStr for Kind {
    type Err = UnknownKind;

    /// Parses `"email"`, `" SMS "`... (spaces and case do not matter).
    fn from_str(name: &str) -> Result<Self, Self::Err> {
        let wanted = name.trim().to_lowercase();
        Kind::ALL
            .into_iter()
            .find(|kind| kind.as_str() == wanted)
            .ok_or_else(|| UnknownKind {
                kind: name.to_owned(),
                valid: Kind::ALL.iter().map(|k| k.as_str().to_owned()).collect(),
            })
    }
}
// ANCHOR_END: kind

/// What the factory needs to build any channel. From the environment with
/// [`Settings::from_env`], or from a configuration file (where a misspelled key is an error,
/// not a silently ignored setting).
#[derive(Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    /// The sender of every message.
    pub from: String,
    /// Where emails are written when there is no SMTP server (`OUTBOX_DIR`).
    pub outbox: PathBuf,
    /// The SMTP server (`SMTP_URL`, e.g. `smtps://user:password@smtp.example.com`).
    pub smtp_url: Option<String>,
    /// The SMS provider's API (`SMS_API_URL`) and key (`SMS_API_KEY`).
    pub sms_api_url: Option<String>,
    pub sms_api_key: Option<String>,
    /// A PEM file of certificate authorities to trust besides Mozilla's (`TLS_CA_FILE`): a
    /// company's own CA, for an internal relay or provider.
    pub ca_file: Option<PathBuf>,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            from: "Backend Patterns <welcome@example.com>".to_owned(),
            outbox: channels::default_outbox(),
            smtp_url: None,
            sms_api_url: None,
            sms_api_key: None,
            ca_file: None,
        }
    }
}

/// By hand, so that the SMS provider's key never reaches a log through `{:?}`.
impl fmt::Debug for Settings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Settings")
            .field("from", &self.from)
            .field("outbox", &self.outbox)
            .field(
                "smtp_url",
                &self.smtp_url.as_deref().map(channels::redacted),
            )
            .field("sms_api_url", &self.sms_api_url)
            .field("sms_api_key", &self.sms_api_key.as_ref().map(|_| "***"))
            .field("ca_file", &self.ca_file)
            .finish()
    }
}

impl Settings {
    /// The defaults, overridden by `OUTBOX_DIR`, `SMTP_URL`, `SMS_API_URL`, `SMS_API_KEY` and
    /// `TLS_CA_FILE`.
    pub fn from_env() -> Self {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        let defaults = Self::default();
        Self {
            outbox: var("OUTBOX_DIR").map_or(defaults.outbox, PathBuf::from),
            smtp_url: var("SMTP_URL"),
            sms_api_url: var("SMS_API_URL"),
            sms_api_key: var("SMS_API_KEY"),
            ca_file: var("TLS_CA_FILE").map(PathBuf::from),
            from: defaults.from,
        }
    }
}

/// Why the factory could not hand out a notifier.
#[derive(Debug, thiserror::Error)]
pub enum FactoryError {
    #[error(transparent)]
    Unknown(#[from] UnknownKind),
    #[error("the {kind} notifier cannot be built")]
    Build {
        kind: String,
        #[source]
        source: NotifyError,
    },
}

// ANCHOR: dyn_notifier
/// A future in a box: what a trait object's `async` method has to return.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// [`Notifier`], in a form that can live behind `dyn`. A trait whose method returns
/// `impl Future` cannot be a trait object (each implementation's future has a different
/// size), so this twin boxes the future. Every `Notifier` is a `DynNotifier` for free.
pub trait DynNotifier: Send + Sync {
    fn kind(&self) -> Kind;
    fn send<'a>(&'a self, message: &'a Message) -> BoxFuture<'a, Result<Receipt, NotifyError>>;
}

impl<N: Notifier> DynNotifier for N {
    fn kind(&self) -> Kind {
        Notifier::kind(self)
    }

    fn send<'a>(&'a self, message: &'a Message) -> BoxFuture<'a, Result<Receipt, NotifyError>> {
        Box::pin(Notifier::send(self, message))
    }
}
// ANCHOR_END: dyn_notifier

// ANCHOR: create
/// The factory: a notifier for `kind`, built from `settings`. An unknown kind is an error that
/// lists the known ones.
pub fn create(kind: &str, settings: &Settings) -> Result<Box<dyn DynNotifier>, FactoryError> {
    let kind: Kind = kind.parse()?;
    let notifier: Box<dyn DynNotifier> = match kind {
        Kind::Email => Box::new(email(settings).map_err(|source| FactoryError::Build {
            kind: kind.to_string(),
            source,
        })?),
        Kind::Sms => Box::new(sms(settings).map_err(|source| FactoryError::Build {
            kind: kind.to_string(),
            source,
        })?),
        Kind::Console => Box::new(ConsoleNotifier),
    };
    Ok(notifier)
}

/// Email goes to the SMTP server when one is configured, to the outbox folder otherwise.
fn email(settings: &Settings) -> Result<EmailNotifier, NotifyError> {
    match &settings.smtp_url {
        Some(url) => EmailNotifier::smtp(url, &settings.from, &trust(settings)?),
        None => EmailNotifier::outbox(&settings.outbox, &settings.from),
    }
}

/// SMS go to the provider when one is configured, to the console otherwise. Half a
/// configuration (a URL without a key, or the reverse) is said out loud, not guessed at.
fn sms(settings: &Settings) -> Result<SmsNotifier, NotifyError> {
    match (&settings.sms_api_url, &settings.sms_api_key) {
        (Some(url), Some(key)) => SmsNotifier::http(url, key, &trust(settings)?),
        (None, None) => Ok(SmsNotifier::console()),
        _ => Err(NotifyError::Incomplete(
            "SMS_API_URL and SMS_API_KEY must be set together",
        )),
    }
}

/// Mozilla's certificate authorities, and the settings' own if they name a file.
fn trust(settings: &Settings) -> Result<Trust, NotifyError> {
    Trust::with_file(settings.ca_file.as_deref())
}
// ANCHOR_END: create

// ANCHOR: enum_dispatch
/// The closed-set form: one variant per channel. No box, no vtable: `send` is a `match`, and
/// the compiler knows every arm.
pub enum AnyNotifier {
    Email(EmailNotifier),
    Sms(SmsNotifier),
    Console(ConsoleNotifier),
}

impl AnyNotifier {
    /// The enum factory: same choice as [`create`], no allocation.
    pub fn create(kind: Kind, settings: &Settings) -> Result<Self, NotifyError> {
        Ok(match kind {
            Kind::Email => AnyNotifier::Email(email(settings)?),
            Kind::Sms => AnyNotifier::Sms(sms(settings)?),
            Kind::Console => AnyNotifier::Console(ConsoleNotifier),
        })
    }
}

impl Notifier for AnyNotifier {
    // `Notifier::send(n, ..)` rather than `n.send(..)`: every `Notifier` is also a
    // `DynNotifier`, so on a concrete type the method name alone is ambiguous.
    fn kind(&self) -> Kind {
        match self {
            AnyNotifier::Email(n) => Notifier::kind(n),
            AnyNotifier::Sms(n) => Notifier::kind(n),
            AnyNotifier::Console(n) => Notifier::kind(n),
        }
    }

    async fn send(&self, message: &Message) -> Result<Receipt, NotifyError> {
        match self {
            AnyNotifier::Email(n) => Notifier::send(n, message).await,
            AnyNotifier::Sms(n) => Notifier::send(n, message).await,
            AnyNotifier::Console(n) => Notifier::send(n, message).await,
        }
    }
}
// ANCHOR_END: enum_dispatch

// ANCHOR: registry
/// How a registry builds one kind of notifier.
pub type Constructor =
    Box<dyn Fn(&Settings) -> Result<Box<dyn DynNotifier>, NotifyError> + Send + Sync>;

/// The open-set form: kinds are registered at start-up, so a new channel (Slack, push,
/// a test double) is added without touching the factory.
#[derive(Default)]
pub struct Registry {
    constructors: BTreeMap<String, Constructor>,
}

/// A kind registered twice: the second would silently replace the first.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a notifier kind {0:?} is already registered")]
pub struct DuplicateKind(pub String);

impl Registry {
    /// An empty registry.
    pub fn new() -> Self {
        Self::default()
    }

    /// A registry with the built-in channels.
    pub fn with_builtin() -> Self {
        let mut registry = Self::new();
        for kind in Kind::ALL {
            let constructor: Constructor = Box::new(move |settings: &Settings| match kind {
                Kind::Email => Ok(Box::new(email(settings)?)),
                Kind::Sms => Ok(Box::new(sms(settings)?)),
                Kind::Console => Ok(Box::new(ConsoleNotifier)),
            });
            registry.constructors.insert(kind.to_string(), constructor);
        }
        registry
    }

    /// Adds a kind. Names are case-insensitive.
    pub fn register(
        &mut self,
        kind: &str,
        constructor: impl Fn(&Settings) -> Result<Box<dyn DynNotifier>, NotifyError>
        + Send
        + Sync
        + 'static,
    ) -> Result<(), DuplicateKind> {
        let key = kind.trim().to_lowercase();
        if self.constructors.contains_key(&key) {
            return Err(DuplicateKind(key));
        }
        self.constructors.insert(key, Box::new(constructor));
        Ok(())
    }

    /// Builds a notifier of `kind`.
    pub fn create(
        &self,
        kind: &str,
        settings: &Settings,
    ) -> Result<Box<dyn DynNotifier>, FactoryError> {
        let key = kind.trim().to_lowercase();
        let constructor = self.constructors.get(&key).ok_or_else(|| UnknownKind {
            kind: kind.to_owned(),
            valid: self.kinds(),
        })?;
        constructor(settings).map_err(|source| FactoryError::Build { kind: key, source })
    }

    /// The registered kinds, sorted.
    pub fn kinds(&self) -> Vec<String> {
        self.constructors.keys().cloned().collect()
    }
}
// ANCHOR_END: registry

// ANCHOR: abstract_factory
/// An abstract factory: a *family* of notifiers that belong together. Code that needs an
/// email and an SMS notifier asks one family for both, so it can never mix sandbox email with
/// production SMS.
pub trait NotifierFamily: Send + Sync {
    fn name(&self) -> &'static str;
    fn email(&self) -> Result<Box<dyn DynNotifier>, NotifyError>;
    fn sms(&self) -> Result<Box<dyn DynNotifier>, NotifyError>;
}

/// Nothing leaves the machine: emails land in the outbox folder, SMS on the console.
pub struct Sandbox {
    pub from: String,
    pub outbox: PathBuf,
}

impl NotifierFamily for Sandbox {
    fn name(&self) -> &'static str {
        "sandbox"
    }

    fn email(&self) -> Result<Box<dyn DynNotifier>, NotifyError> {
        Ok(Box::new(EmailNotifier::outbox(&self.outbox, &self.from)?))
    }

    fn sms(&self) -> Result<Box<dyn DynNotifier>, NotifyError> {
        Ok(Box::new(SmsNotifier::console()))
    }
}

/// The real thing: an SMTP server and an SMS provider.
pub struct Production {
    pub from: String,
    pub smtp_url: String,
    pub sms_api_url: String,
    pub sms_api_key: String,
    /// Whom the TLS connections trust.
    pub trust: Trust,
}

impl NotifierFamily for Production {
    fn name(&self) -> &'static str {
        "production"
    }

    fn email(&self) -> Result<Box<dyn DynNotifier>, NotifyError> {
        Ok(Box::new(EmailNotifier::smtp(
            &self.smtp_url,
            &self.from,
            &self.trust,
        )?))
    }

    fn sms(&self) -> Result<Box<dyn DynNotifier>, NotifyError> {
        Ok(Box::new(SmsNotifier::http(
            &self.sms_api_url,
            &self.sms_api_key,
            &self.trust,
        )?))
    }
}

/// Production when the settings name an SMTP server and an SMS provider, sandbox when they
/// name neither: the choice is made once, here, for the whole family. Half of production is
/// an error: silently falling back to the sandbox would mean real users get nothing.
pub fn family(settings: &Settings) -> Result<Box<dyn NotifierFamily>, NotifyError> {
    match (
        &settings.smtp_url,
        &settings.sms_api_url,
        &settings.sms_api_key,
    ) {
        (Some(smtp_url), Some(sms_api_url), Some(sms_api_key)) => Ok(Box::new(Production {
            from: settings.from.clone(),
            smtp_url: smtp_url.clone(),
            sms_api_url: sms_api_url.clone(),
            sms_api_key: sms_api_key.clone(),
            trust: trust(settings)?,
        })),
        (None, None, None) => Ok(Box::new(Sandbox {
            from: settings.from.clone(),
            outbox: settings.outbox.clone(),
        })),
        _ => Err(NotifyError::Incomplete(
            "production needs SMTP_URL, SMS_API_URL and SMS_API_KEY; the sandbox needs none",
        )),
    }
}
// ANCHOR_END: abstract_factory

/// A configuration file: which notifiers to build. `kind` is typed, so an unknown kind is
/// rejected while the file is read, and serde's message lists the valid ones.
#[derive(Debug, Deserialize)]
pub struct NotifiersConfig {
    #[serde(default)]
    pub settings: Settings,
    pub notifier: Vec<NotifierEntry>,
}

#[derive(Debug, Deserialize)]
pub struct NotifierEntry {
    pub kind: Kind,
}

impl NotifiersConfig {
    pub fn parse(toml_text: &str) -> Result<Self, toml::de::Error> {
        toml::from_str(toml_text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_parse_from_strings_whatever_the_case_and_spaces() {
        assert_eq!(" SMS ".parse::<Kind>(), Ok(Kind::Sms));
        for kind in Kind::ALL {
            assert_eq!(kind.to_string().parse::<Kind>(), Ok(kind), "round trip");
        }
        let error = "pigeon".parse::<Kind>().unwrap_err();
        assert_eq!(
            error.to_string(),
            "unknown notifier kind \"pigeon\": expected one of email, sms, console"
        );
    }

    #[test]
    fn an_unknown_kind_is_an_error_never_a_silent_nothing() {
        let Err(error) = create("pigeon", &Settings::default()) else {
            panic!("the factory built a pigeon notifier");
        };
        assert!(
            matches!(error, FactoryError::Unknown(UnknownKind { ref kind, .. }) if kind == "pigeon")
        );
    }

    #[test]
    fn configuration_files_name_kinds_and_reject_unknown_ones() {
        let config = NotifiersConfig::parse(
            "[settings]\noutbox = \"/tmp/x\"\n\n[[notifier]]\nkind = \"email\"\n\n[[notifier]]\nkind = \"sms\"\n",
        )
        .unwrap();
        let kinds: Vec<Kind> = config.notifier.iter().map(|n| n.kind).collect();
        assert_eq!(kinds, [Kind::Email, Kind::Sms]);
        assert_eq!(config.settings.outbox, PathBuf::from("/tmp/x"));
        let error = NotifiersConfig::parse("[[notifier]]\nkind = \"pigeon\"\n").unwrap_err();
        assert!(
            error
                .to_string()
                .contains("unknown variant `pigeon`, expected one of `email`, `sms`, `console`"),
            "{error}"
        );
    }

    #[test]
    fn the_registry_is_open_sorted_and_refuses_duplicates() {
        let mut registry = Registry::with_builtin();
        registry
            .register("Slack", |_: &Settings| {
                Ok(Box::new(ConsoleNotifier) as Box<dyn DynNotifier>)
            })
            .unwrap();
        assert_eq!(registry.kinds(), ["console", "email", "slack", "sms"]);
        assert_eq!(
            registry.register("slack", |_: &Settings| Ok(
                Box::new(ConsoleNotifier) as Box<dyn DynNotifier>
            )),
            Err(DuplicateKind("slack".to_owned()))
        );
        let Err(FactoryError::Unknown(error)) = registry.create("teams", &Settings::default())
        else {
            panic!("teams is not registered");
        };
        assert_eq!(error.valid, ["console", "email", "slack", "sms"]);
    }

    #[test]
    fn the_family_is_chosen_once_for_all_its_members() {
        let mut settings = Settings::default();
        assert_eq!(family(&settings).unwrap().name(), "sandbox");
        settings.smtp_url = Some("smtp://127.0.0.1:2525".into());
        assert!(
            matches!(family(&settings), Err(NotifyError::Incomplete(_))),
            "SMTP alone is half of production: an error, not a silent sandbox"
        );
        settings.sms_api_url = Some("http://127.0.0.1:9".into());
        settings.sms_api_key = Some("key".into());
        assert_eq!(family(&settings).unwrap().name(), "production");
    }

    #[test]
    fn settings_never_show_the_api_key_and_reject_unknown_keys() {
        let settings = Settings {
            sms_api_key: Some("s3cret".into()),
            smtp_url: Some("smtps://shop:pa55word@smtp.example.com".into()),
            ..Settings::default()
        };
        let shown = format!("{settings:?}");
        assert!(!shown.contains("s3cret"), "{shown}");
        assert!(!shown.contains("pa55word"), "{shown}");
        assert!(
            shown.contains("smtps://shop:***@smtp.example.com"),
            "{shown}"
        );
        let text = "[settings]\nsmtp_ur = \"x\"\n\n[[notifier]]\nkind = \"sms\"\n";
        let error = NotifiersConfig::parse(text).unwrap_err();
        assert!(
            error.to_string().contains("unknown field `smtp_ur`"),
            "{error}"
        );
    }

    #[test]
    fn half_an_sms_configuration_is_an_error() {
        let settings = Settings {
            sms_api_url: Some("http://127.0.0.1:9".into()),
            ..Settings::default()
        };
        assert!(matches!(
            create("sms", &settings),
            Err(FactoryError::Build {
                source: NotifyError::Incomplete(_),
                ..
            })
        ));
    }
}
