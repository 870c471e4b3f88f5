//! # Singleton 5: pass it in instead (dependency injection)
//!
//! A global is convenient until you test: every test in the process shares it, so one test's
//! users show up in another's, and you cannot give one test a store that fails on purpose.
//! The alternative keeps one store for production and makes it testable: the service does not
//! fetch a global, it is *given* its store when it is built. `main` builds one store and hands
//! the same `Arc` to every service; a test builds a fresh store per test.
//!
//! `Arc<dyn UserStore>` is "a shared handle to some store": the service neither knows nor
//! cares which kind, and cloning the `Arc` shares the store, it does not copy it.
//!
//! TODO: implement `SignupService::new` and `SignupService::register`:
//! - `new` keeps the store it is given;
//! - `register(email)` trims the address (any Unicode whitespace, as `str::trim` does) and
//!   lowercases it (any letter, as `str::to_lowercase` does); an address without exactly one
//!   `@` with text on both sides is `SignupError::Invalid`; an address already in the store is
//!   `SignupError::Duplicate`; otherwise it is inserted, and `register` returns the normalised
//!   address. Both errors carry the normalised address too.
//!
//! Check your work with `cargo learn check singleton5`; stuck? `cargo learn hint singleton5`.

use std::collections::HashSet;
use std::sync::{Arc, Mutex, PoisonError};

/// Where users are kept. `Send + Sync`: one store is shared by services on many threads.
pub trait UserStore: Send + Sync {
    /// Adds `email`; `false` if it was already there.
    fn insert(&self, email: &str) -> bool;
    /// How many users there are.
    fn count(&self) -> usize;
}

/// A store in memory.
#[derive(Default)]
pub struct MemoryStore {
    emails: Mutex<HashSet<String>>,
}

impl UserStore for MemoryStore {
    fn insert(&self, email: &str) -> bool {
        self.emails
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(email.to_owned())
    }

    fn count(&self) -> usize {
        self.emails
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .len()
    }
}

/// Why a sign-up was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignupError {
    Invalid(String),
    Duplicate(String),
}

pub struct SignupService {
    store: Arc<dyn UserStore>,
}

impl SignupService {
    /// A service that keeps its users in `store`.
    pub fn new(store: Arc<dyn UserStore>) -> Self {
        todo!()
    }

    /// Registers `email`; returns it normalised.
    pub fn register(&self, email: &str) -> Result<String, SignupError> {
        todo!()
    }
}
