//! Known-wrong answer to `repository1`: each id is the number of users stored plus one.
//! Breaks: "Ids are never reused, not even after a `delete`"
//! Why a learner writes it: in Node, `id: users.length + 1` is the usual quick id, and it gives 1,
//! 2, 3 as long as nobody is deleted; after a delete, the next user gets an id that is already in
//! use.
//! Rejected by: ids_are_never_reused_after_a_delete

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
        let user = User {
            // The mistake: the count goes down after a delete, so an id comes round again.
            id: self.users.len() as u64 + 1,
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
