//! Known-wrong answer to `singleton5`: `to_ascii_lowercase`, which leaves other letters alone.
//! Breaks: "`register(email)` trims the address and lowercases it"
//! Why a learner writes it: the ASCII version looks cheaper and is right for every address in
//! the examples; "ÉLODIE@EXEMPLE.FR" comes out as "Élodie@exemple.fr".
//! Rejected by: register_normalises_and_stores_the_address

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
        // The mistake: only A-Z are lowercased; É stays É.
        let email = email.trim().to_ascii_lowercase();
        let valid = matches!(email.split_once('@'), Some((user, domain))
            if !user.is_empty() && !domain.is_empty() && !domain.contains('@'));
        if !valid {
            return Err(SignupError::Invalid(email));
        }
        if !self.store.insert(&email) {
            return Err(SignupError::Duplicate(email));
        }
        Ok(email)
    }
}
