//! # Repository 1: the contract, kept by a map
//!
//! A repository promises things in the language of the domain, whatever stores the data. This
//! exercise's `UserStore` trait is a small synchronous cousin of the crate's `UserRepository`,
//! with the same promises (read them on the trait). Implement it for `MemoryStore`, a map in
//! memory: the implementation tests of business code use, and the one the database
//! implementations are held to.
//!
//! TODO: implement `UserStore` for `MemoryStore`:
//! - `create` normalises the email (trimmed, lowercase), refuses one that is taken with
//!   `StoreError::Duplicate(<normalised email>)` and stores nothing then, and otherwise stores
//!   the user under the next id (1, 2, 3, ...) and returns it. Ids are never reused, not even
//!   after a `delete`, and a refused create uses up no id: the next user stored gets the id
//!   the refused one would have had;
//! - `find_by_email` normalises its argument too, and returns `None` for nobody;
//! - `delete` of an unknown id is `StoreError::NotFound(id)`.
//!
//! Check your work with `cargo learn check repository1`; stuck? `cargo learn hint repository1`.

use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub id: u64,
    pub email: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreError {
    Duplicate(String),
    NotFound(u64),
}

/// Where users live. Every implementation MUST:
/// - store emails trimmed and lowercased, and treat `Ada@X.com` and `ada@x.com` as one;
/// - refuse a taken email with `Duplicate`, storing nothing;
/// - answer `None`, not an error, when nobody matches a lookup;
/// - answer `NotFound` when asked to delete an id that does not exist.
pub trait UserStore {
    fn create(&mut self, email: &str, name: &str) -> Result<User, StoreError>;
    fn find_by_email(&self, email: &str) -> Option<User>;
    fn delete(&mut self, id: u64) -> Result<(), StoreError>;
}

#[derive(Default)]
pub struct MemoryStore {
    next_id: u64,
    users: BTreeMap<u64, User>,
}

impl MemoryStore {
    pub fn new() -> Self {
        Self::default()
    }
}

impl UserStore for MemoryStore {
    fn create(&mut self, email: &str, name: &str) -> Result<User, StoreError> {
        let email = email.trim().to_lowercase();
        if self.users.values().any(|u| u.email == email) {
            return Err(StoreError::Duplicate(email));
        }
        self.next_id += 1;
        let user = User {
            id: self.next_id,
            email,
            name: name.to_owned(),
        };
        self.users.insert(user.id, user.clone());
        Ok(user)
    }

    fn find_by_email(&self, email: &str) -> Option<User> {
        let email = email.trim().to_lowercase();
        self.users.values().find(|u| u.email == email).cloned()
    }

    fn delete(&mut self, id: u64) -> Result<(), StoreError> {
        self.users
            .remove(&id)
            .map(|_| ())
            .ok_or(StoreError::NotFound(id))
    }
}
