//! Known-wrong answer to `repository1`: the id is counted up before the duplicate check.
//! Breaks: "a refused create uses up no id: the next user stored gets the id the refused one would have had"
//! Why a learner writes it: taking the next id first is how a counter usually starts; the
//! duplicate check is then added above the insert, after the id is already spent, and the ids keep
//! counting up, so nothing looks wrong until the numbers are compared.
//! Rejected by: a_refused_create_uses_up_no_id

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
        // The mistake: the id is counted up before the duplicate check, so a refused create
        // uses one up.
        self.next_id += 1;
        if self.users.values().any(|u| u.email == email) {
            return Err(StoreError::Duplicate(email));
        }
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
