//! Known-wrong answer to `singleton5`: checks the `@` rule on the address as typed, then trims.
//! Breaks: "`register(email)` trims the address and lowercases it; an address without exactly one `@` with text on both sides is `SignupError::Invalid`"
//! Why a learner writes it: validate the input, then clean it up, is a common order; but in
//! " Barbara@ " the spaces count as "text" after the `@`, and "barbara@" is registered.
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
        // The mistake: the rule is checked before trimming, so spaces count as text.
        let valid = matches!(email.split_once('@'), Some((user, domain))
            if !user.is_empty() && !domain.is_empty() && !domain.contains('@'));
        let email = email.trim().to_lowercase();
        if !valid {
            return Err(SignupError::Invalid(email));
        }
        if !self.store.insert(&email) {
            return Err(SignupError::Duplicate(email));
        }
        Ok(email)
    }
}
