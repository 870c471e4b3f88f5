//! # Factory 4: a registry, so new channels need no change to the factory
//!
//! `create` with a `match` must be edited for every new channel, and it lives in one crate:
//! a plug-in, or another team's crate, cannot add to it. A registry turns the `match` into
//! data: a map from a name to a *constructor*, a function that builds a notifier. Code
//! anywhere registers its channel at start-up; the registry builds whatever it is asked for by
//! looking the name up.
//!
//! A constructor is a boxed closure, `Box<dyn Fn() -> Box<dyn Notifier>>`: every closure has
//! its own type, so they are boxed to live in one map. It is called on every `create`, so each
//! caller gets a fresh notifier, and only there: `register` stores it without calling it.
//!
//! TODO: implement `register`, `create` and `kinds`:
//! - names are trimmed and lowercased, when registering and when creating;
//! - `register` refuses a name that is already taken with `DuplicateKind(<normalised name>)`,
//!   and keeps the first constructor;
//! - `create` calls the constructor registered under the name; an unknown name gives
//!   `UnknownKind { kind: <as given>, valid: <every registered name, sorted> }`;
//! - `kinds` lists the registered names, sorted.
//!
//! Check your work with `cargo learn check factory4`; stuck? `cargo learn hint factory4`.

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
