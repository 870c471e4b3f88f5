//! Known-wrong answer to `layered4`: the insert's error replaced by a message of the service's own.
//! Breaks: "Errors from the store are passed on as they are (`?`)."
//! Why a learner writes it: a friendlier message looks like good error handling; but the store's
//! own words (the constraint, the disk) are lost before anything can log them.
//! Rejected by: a_failing_insert_is_passed_on

use std::future::Future;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use argon2::{Argon2, PasswordHasher};

/// A registration the controller has checked for shape.
#[derive(Debug, Clone)]
pub struct Registration {
    pub email: String,
    pub name: String,
    pub password: String,
}

/// A user as stored, hash included. Only the service and the store see this.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredUser {
    pub id: u64,
    pub email: String,
    pub name: String,
    pub password_hash: String,
}

/// A user as the outside world sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserView {
    pub id: u64,
    pub email: String,
    pub name: String,
}

impl From<StoredUser> for UserView {
    fn from(user: StoredUser) -> Self {
        UserView {
            id: user.id,
            email: user.email,
            name: user.name,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ServiceError {
    Duplicate(String),
    Internal(String),
}

/// The repository layer, as the service sees it.
pub trait UserStore {
    fn find_by_email(
        &self,
        email: &str,
    ) -> impl Future<Output = Result<Option<StoredUser>, ServiceError>> + Send;
    fn insert(&self, user: StoredUser) -> impl Future<Output = Result<(), ServiceError>> + Send;
}

/// A store in memory: what the service's tests use instead of a database.
#[derive(Default)]
pub struct MemoryStore {
    users: Mutex<Vec<StoredUser>>,
}

impl MemoryStore {
    /// Everything stored so far, for the checks.
    pub fn users(&self) -> Vec<StoredUser> {
        self.users
            .lock()
            .expect("the lock is never poisoned")
            .clone()
    }
}

impl UserStore for MemoryStore {
    async fn find_by_email(&self, email: &str) -> Result<Option<StoredUser>, ServiceError> {
        Ok(self.users().into_iter().find(|user| user.email == email))
    }

    async fn insert(&self, user: StoredUser) -> Result<(), ServiceError> {
        self.users
            .lock()
            .expect("the lock is never poisoned")
            .push(user);
        Ok(())
    }
}

/// A store whose database is down.
pub struct BrokenStore;

impl UserStore for BrokenStore {
    async fn find_by_email(&self, _email: &str) -> Result<Option<StoredUser>, ServiceError> {
        Err(ServiceError::Internal("connection refused".to_owned()))
    }

    async fn insert(&self, _user: StoredUser) -> Result<(), ServiceError> {
        Err(ServiceError::Internal("connection refused".to_owned()))
    }
}

pub struct UserService<S> {
    store: S,
    ids: AtomicU64,
}

impl<S: UserStore> UserService<S> {
    pub fn new(store: S) -> Self {
        Self {
            store,
            ids: AtomicU64::new(0),
        }
    }

    /// The store underneath, for the checks.
    pub fn store(&self) -> &S {
        &self.store
    }

    fn next_id(&self) -> u64 {
        self.ids.fetch_add(1, Ordering::Relaxed) + 1
    }

    pub async fn register(&self, registration: Registration) -> Result<UserView, ServiceError> {
        let email = registration.email.trim().to_lowercase();
        if self.store.find_by_email(&email).await?.is_some() {
            return Err(ServiceError::Duplicate(email));
        }
        let password = registration.password;
        let password_hash = tokio::task::spawn_blocking(move || {
            Argon2::default()
                .hash_password(password.as_bytes())
                .map(|hash| hash.to_string())
                .map_err(|e| ServiceError::Internal(format!("hashing failed: {e}")))
        })
        .await
        .map_err(|e| ServiceError::Internal(format!("the hashing task failed: {e}")))??;
        let user = StoredUser {
            id: self.next_id(),
            email,
            name: registration.name.trim().to_owned(),
            password_hash,
        };
        // The mistake: the store's error is swapped for a message that says less.
        self.store
            .insert(user.clone())
            .await
            .map_err(|_| ServiceError::Internal("could not save the user".to_owned()))?;
        Ok(user.into())
    }
}
