//! Known-wrong answer to `singleton5`: inserts first, then checks whether the address is valid.
//! Breaks: "an address without exactly one `@` with text on both sides is `SignupError::Invalid`; an address already in the store is `SignupError::Duplicate`; otherwise it is inserted"
//! Why a learner writes it: `insert` answers "is it a duplicate?" in one call, so it goes
//! first; but an invalid address is then stored before it is refused.
//! Rejected by: invalid_addresses_are_refused_with_the_normalised_address

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
        Self { store }
    }

    /// Registers `email`; returns it normalised.
    pub fn register(&self, email: &str) -> Result<String, SignupError> {
        let email = email.trim().to_lowercase();
        // The mistake: the address is inserted before it is validated.
        if !self.store.insert(&email) {
            return Err(SignupError::Duplicate(email));
        }
        let valid = matches!(email.split_once('@'), Some((user, domain))
            if !user.is_empty() && !domain.is_empty() && !domain.contains('@'));
        if !valid {
            return Err(SignupError::Invalid(email));
        }
        Ok(email)
    }
}
