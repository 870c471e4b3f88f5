//! # In memory: the repository as a map
//!
//! The simplest implementation that keeps the whole contract. Tests of business code use it
//! (fast, isolated, nothing to start), and it is the reference the database implementations
//! are held to: they must behave exactly like this map.

use std::collections::BTreeMap;
use std::sync::{PoisonError, RwLock};

use crate::{NewUser, Page, RepoError, User, UserId, UserRepository, UserUpdate, normalise_email};

/// Users in a map keyed by normalised email, which gives the listing order for free.
#[derive(Default)]
pub struct MemoryRepository {
    by_email: RwLock<BTreeMap<String, User>>,
}

impl MemoryRepository {
    pub fn new() -> Self {
        Self::default()
    }
}

impl UserRepository for MemoryRepository {
    async fn create(&self, user: NewUser) -> Result<User, RepoError> {
        let email = normalise_email(&user.email);
        let mut users = self
            .by_email
            .write()
            .unwrap_or_else(PoisonError::into_inner);
        if users.contains_key(&email) {
            return Err(RepoError::Duplicate(email));
        }
        let user = User {
            id: UserId::new(),
            email: email.clone(),
            name: user.name,
        };
        users.insert(email, user.clone());
        Ok(user)
    }

    async fn find_by_id(&self, id: &UserId) -> Result<Option<User>, RepoError> {
        let users = self.by_email.read().unwrap_or_else(PoisonError::into_inner);
        Ok(users.values().find(|u| &u.id == id).cloned())
    }

    async fn find_by_email(&self, email: &str) -> Result<Option<User>, RepoError> {
        let users = self.by_email.read().unwrap_or_else(PoisonError::into_inner);
        Ok(users.get(&normalise_email(email)).cloned())
    }

    async fn list(&self, page: Page) -> Result<Vec<User>, RepoError> {
        let users = self.by_email.read().unwrap_or_else(PoisonError::into_inner);
        Ok(users
            .values()
            .skip(page.offset as usize)
            .take(page.limit as usize)
            .cloned()
            .collect())
    }

    async fn update(&self, id: &UserId, update: UserUpdate) -> Result<User, RepoError> {
        let mut users = self
            .by_email
            .write()
            .unwrap_or_else(PoisonError::into_inner);
        let Some(current) = users.values().find(|u| &u.id == id).cloned() else {
            return Err(RepoError::NotFound(id.clone()));
        };
        let old_email = current.email.clone();
        let updated = current.updated(update);
        if updated.email != old_email && users.contains_key(&updated.email) {
            return Err(RepoError::Duplicate(updated.email));
        }
        users.remove(&old_email);
        users.insert(updated.email.clone(), updated.clone());
        Ok(updated)
    }

    async fn delete(&self, id: &UserId) -> Result<(), RepoError> {
        let mut users = self
            .by_email
            .write()
            .unwrap_or_else(PoisonError::into_inner);
        let Some(email) = users
            .values()
            .find(|u| &u.id == id)
            .map(|u| u.email.clone())
        else {
            return Err(RepoError::NotFound(id.clone()));
        };
        users.remove(&email);
        Ok(())
    }
}
