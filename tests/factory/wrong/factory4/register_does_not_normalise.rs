//! Known-wrong answer to `factory4`: `register` stores the name as given; only `create` normalises.
//! Breaks: "names are trimmed and lowercased, when registering and when creating"
//! Why a learner writes it: normalising looks like the job of the lookup, so only `create` trims
//! and lowercases; a channel registered as " Teams " is then stored under " Teams ", never found,
//! and never seen as a duplicate of "teams".
//! Rejected by: names_are_normalised_when_registering, a_name_registered_twice_is_refused_and_the_first_kept

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
        // The mistake: the name is stored as given, not trimmed and lowercased.
        let key = kind.to_owned();
        if self.constructors.contains_key(&key) {
            return Err(DuplicateKind(key));
        }
        self.constructors.insert(key, Box::new(constructor));
        Ok(())
    }

    /// A new notifier of `kind`.
    pub fn create(&self, kind: &str) -> Result<Box<dyn Notifier>, UnknownKind> {
        match self.constructors.get(&kind.trim().to_lowercase()) {
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
