//! Known-wrong answer to `singleton5`: `Invalid` carries the address as it was typed.
//! Breaks: "Both errors carry the normalised address too."
//! Why a learner writes it: showing the user exactly what they typed seems friendlier, and for
//! "no-at-sign" the two are the same; for "  Not-An-Email  " they are not.
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
    pub fn register(&self, raw: &str) -> Result<String, SignupError> {
        let email = raw.trim().to_lowercase();
        let valid = matches!(email.split_once('@'), Some((user, domain))
            if !user.is_empty() && !domain.is_empty() && !domain.contains('@'));
        if !valid {
            // The mistake: the input as given, not the normalised address.
            return Err(SignupError::Invalid(raw.to_owned()));
        }
        if !self.store.insert(&email) {
            return Err(SignupError::Duplicate(email));
        }
        Ok(email)
    }
}
