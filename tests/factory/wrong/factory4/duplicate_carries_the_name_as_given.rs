//! Known-wrong answer to `factory4`: `DuplicateKind` carries the name as given instead of the normalised one.
//! Breaks: "`register` refuses a name that is already taken with `DuplicateKind(<normalised name>)`, and keeps the first constructor"
//! Why a learner writes it: `UnknownKind` carries the name as given, so
//! `DuplicateKind(kind.to_owned())` looks consistent; the statement asks for the normalised name
//! here, the one that is taken.
//! Rejected by: a_name_registered_twice_is_refused_and_the_first_kept

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
            // The mistake: the name as given, " SLACK ", not the taken name "slack".
            return Err(DuplicateKind(kind.to_owned()));
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
