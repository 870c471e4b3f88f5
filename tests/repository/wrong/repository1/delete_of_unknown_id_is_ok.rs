//! Known-wrong answer to `repository1`: deleting an id that does not exist succeeds.
//! Breaks: "answer `NotFound` when asked to delete an id that does not exist"
//! Why a learner writes it: in JavaScript, `map.delete(id)` returns a boolean that is easy to
//! ignore, and deleting something already gone feels harmless.
//! Rejected by: delete_removes_and_unknown_ids_are_not_found

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
        // The mistake: whether anything was removed is ignored.
        self.users.remove(&id);
        Ok(())
    }
}
