//! Known-wrong answer to `factory4`: `create` shadows the name with its normalised copy, and the error carries that copy.
//! Breaks: "`create` calls the constructor registered under the name; an unknown name gives `UnknownKind { kind: <as given>, valid: <every registered name, sorted> }`"
//! Why a learner writes it: the statement says names are normalised "when creating", so `let kind
//! = kind.trim().to_lowercase();` goes first; the error built from `kind` afterwards reports
//! "slack" for " Slack ", which is not what was asked for.
//! Rejected by: an_unknown_kind_carries_the_name_exactly_as_given

use std::collections::BTreeMap;

/// Something that can deliver a text to someone.
pub trait Notifier {
    fn kind(&self) -> String;
    fn send(&self, to: &str, text: &str) -> String;
}

/// Builds one kind of notifier.
pub type Constructor = Box<dyn Fn() -> Box<dyn Notifier>>;

/// A name registered twice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DuplicateKind(pub String);

/// A name nobody registered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownKind {
    pub kind: String,
    pub valid: Vec<String>,
}

#[derive(Default)]
pub struct Registry {
    constructors: BTreeMap<String, Constructor>,
}

impl Registry {
    pub fn new() -> Self {
        Self::default()
    }

    /// Registers `constructor` under `kind`.
    pub fn register(
        &mut self,
        kind: &str,
        constructor: impl Fn() -> Box<dyn Notifier> + 'static,
    ) -> Result<(), DuplicateKind> {
        let key = kind.trim().to_lowercase();
        if self.constructors.contains_key(&key) {
            return Err(DuplicateKind(key));
        }
        self.constructors.insert(key, Box::new(constructor));
        Ok(())
    }

    /// A new notifier of `kind`.
    pub fn create(&self, kind: &str) -> Result<Box<dyn Notifier>, UnknownKind> {
        // The mistake: shadowing `kind` with its normalised copy, which the error then carries.
        let kind = kind.trim().to_lowercase();
        match self.constructors.get(&kind) {
            Some(constructor) => Ok(constructor()),
            None => Err(UnknownKind {
                kind: kind.clone(),
                valid: self.kinds(),
            }),
        }
    }

    /// The registered names, sorted.
    pub fn kinds(&self) -> Vec<String> {
        self.constructors.keys().cloned().collect()
    }
}
