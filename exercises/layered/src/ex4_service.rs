//! # Layered 4: the service holds the business rules
//!
//! The service decides what a registration means for the business: one account per person
//! (emails normalised, duplicates refused), passwords stored only as argon2 hashes, and the
//! hash never handed back. It reaches storage only through the `UserStore` trait, which is
//! what makes it testable without a database: the checks run it against `MemoryStore`, and
//! against `BrokenStore`, whose every call fails as a database would.
//!
//! TODO: implement `UserService::register`:
//! - normalise the email: trimmed, lowercase;
//! - if the store already has that email, answer `ServiceError::Duplicate(<normalised email>)`
//!   and store nothing;
//! - hash the password with argon2: `Argon2::default().hash_password(bytes)` gives a
//!   `PasswordHash` whose `to_string()` is the PHC string (`$argon2id$v=19$...`) to store; a
//!   hashing failure is `ServiceError::Internal`. argon2 is slow on purpose (tens of
//!   milliseconds a hash): run it with `tokio::task::spawn_blocking`, so that it holds a thread
//!   that may block rather than an async worker that other requests are waiting on (a task that
//!   fails to finish is `ServiceError::Internal` too);
//! - store a `StoredUser` with a new id (`self.next_id()`), the normalised email and the
//!   trimmed name;
//! - return the `UserView` of what was stored: no hash in it.
//!
//! Errors from the store are passed on as they are (`?`).
//!
//! Check your work with `cargo learn check layered4`; stuck? `cargo learn hint layered4`.

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
        todo!()
    }
}
