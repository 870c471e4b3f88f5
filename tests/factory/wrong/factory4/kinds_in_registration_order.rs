//! Known-wrong answer to `factory4`: the registry is a list of pairs, so names come out in registration order.
//! Breaks: "`kinds` lists the registered names, sorted."
//! Why a learner writes it: a JavaScript registry is often an array of `[name, constructor]`
//! pairs, found with `find`; it works for `create`, and lists the names in the order they were
//! registered, not sorted.
//! Rejected by: unknown_kinds_list_every_registered_one_sorted

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

// The mistake: a list of pairs keeps registration order, and nothing sorts the names.
#[derive(Default)]
pub struct Registry {
    constructors: Vec<(String, Constructor)>,
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
        if self.constructors.iter().any(|(name, _)| *name == key) {
            return Err(DuplicateKind(key));
        }
        self.constructors.push((key, Box::new(constructor)));
        Ok(())
    }

    /// A new notifier of `kind`.
    pub fn create(&self, kind: &str) -> Result<Box<dyn Notifier>, UnknownKind> {
        let key = kind.trim().to_lowercase();
        match self.constructors.iter().find(|(name, _)| *name == key) {
            Some((_, constructor)) => Ok(constructor()),
            None => Err(UnknownKind {
                kind: kind.to_owned(),
                valid: self.kinds(),
            }),
        }
    }

    /// The registered names, sorted.
    pub fn kinds(&self) -> Vec<String> {
        self.constructors
            .iter()
            .map(|(name, _)| name.clone())
            .collect()
    }
}
