//! Known-wrong answer to `singleton5`: registers in one global store, whatever store it is given.
//! Breaks: "`new` keeps the store it is given"
//! Why a learner writes it: this is the singleton of the earlier exercises, and the service
//! works in `main`; but every test then shares one store, and no test can give the service a
//! store of its own.
//! Rejected by: register_normalises_and_stores_the_address, services_given_separate_stores_do_not_see_each_other

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

/// The process's users.
static USERS: std::sync::LazyLock<MemoryStore> = std::sync::LazyLock::new(MemoryStore::default);

pub struct SignupService {
    store: Arc<dyn UserStore>,
}

impl SignupService {
    /// A service that keeps its users in `store`.
    pub fn new(store: Arc<dyn UserStore>) -> Self {
        Self { store }
    }

    /// Registers `email`; returns it normalised.
    pub fn register(&self, email: &str) -> Result<String, SignupError> {
        let email = email.trim().to_lowercase();
        let valid = matches!(email.split_once('@'), Some((user, domain))
            if !user.is_empty() && !domain.is_empty() && !domain.contains('@'));
        if !valid {
            return Err(SignupError::Invalid(email));
        }
        // The mistake: the global store, not the one this service was given.
        if !USERS.insert(&email) {
            return Err(SignupError::Duplicate(email));
        }
        Ok(email)
    }
}
