//! Known-wrong answer to `repository1`: the duplicate check runs after the insert, which stays.
//! Breaks: "refuses one that is taken with `StoreError::Duplicate(<normalised email>)` and stores nothing then"
//! Why a learner writes it: with a database, you insert and find out about the duplicate from the
//! error; written the same way over a map, the check after the insert reports the duplicate but
//! leaves the second user stored.
//! Rejected by: a_taken_email_is_duplicate_and_nothing_is_stored

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
        self.next_id += 1;
        let user = User {
            id: self.next_id,
            email,
            name: name.to_owned(),
        };
        self.users.insert(user.id, user.clone());
        // The mistake: the duplicate is found after the insert, and the insert stays.
        if self
            .users
            .values()
            .filter(|u| u.email == user.email)
            .count()
            > 1
        {
            return Err(StoreError::Duplicate(user.email));
        }
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
