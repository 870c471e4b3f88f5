//! Known-wrong answer to `factory4`: `create` looks the name up as given; only `register` normalises.
//! Breaks: "names are trimmed and lowercased, when registering and when creating"
//! Why a learner writes it: the keys were normalised when they went in, so the lookup looks safe
//! as it is; " Slack " and "PIGEON" are then unknown.
//! Rejected by: names_are_normalised_when_creating

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
        // The mistake: the name is looked up as given, not trimmed and lowercased.
        match self.constructors.get(kind) {
            Some(constructor) => Ok(constructor()),
            None => Err(UnknownKind {
                kind: kind.to_owned(),
                valid: self.kinds(),
            }),
        }
    }

    /// The registered names, sorted.
    pub fn kinds(&self) -> Vec<String> {
        self.constructors.keys().cloned().collect()
    }
}
