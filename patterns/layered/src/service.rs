//! # Service layer: the business rules
//!
//! What makes a registration valid for the business, independent of how it arrived (HTTP, a
//! queue, a CLI) and of where users are stored: emails are normalised so one person is one
//! account, an email can be registered once, passwords are hashed with argon2 and the hash
//! never leaves this layer. The service receives input already parsed into a
//! [`Registration`], and hands back [`UserView`]s, which have no password field at all.
//!
//! Storage is a port the service owns, the [`UserStore`] trait, so the rules can be tested
//! against a store in memory (`tests/service.rs`), no database needed. The one real store,
//! SQL through sqlx, is private to this module: the only way to get a service on a database is
//! [`on_database`], so no other layer can reach the database except through these rules.

use std::future::Future;

use argon2::{Argon2, PasswordHasher};
use serde::Serialize;
use sqlx::AnyPool;

// ANCHOR: privacy
mod repository;

use repository::SqlUserStore;
// ANCHOR_END: privacy

// ANCHOR: parse
/// A registration that has been parsed: the only way to make one is [`Registration::parse`],
/// so a service that takes a `Registration` never sees an unchecked one.
#[derive(Debug, Clone)]
pub struct Registration {
    email: Email,
    name: String,
    password: Password,
}

/// A well-formed email address, trimmed (not yet lower-cased: that is a business rule).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email(String);

/// A password of 8 to 128 characters, kept exactly as typed. Its `Debug` hides it, so a
/// `Registration` can be logged.
#[derive(Clone)]
pub struct Password(String);

/// A field that does not have the expected shape.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: expected {expected}")]
pub struct Invalid {
    pub field: &'static str,
    pub expected: &'static str,
}

impl Registration {
    /// Checks the shape of each field, in the order email, name, password, and answers with
    /// the first one that is wrong.
    pub fn parse(email: &str, name: &str, password: String) -> Result<Self, Invalid> {
        let email = Email::parse(email)?;
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 100 || name.contains(char::is_control) {
            return Err(Invalid {
                field: "name",
                expected: "1 to 100 characters, none of them control characters",
            });
        }
        Ok(Self {
            email,
            name: name.to_owned(),
            password: Password::parse(password)?,
        })
    }
}

impl Email {
    pub fn parse(email: &str) -> Result<Self, Invalid> {
        let email = email.trim();
        // RFC 5321 limits an address to 254 octets: bytes, not characters.
        // No whitespace or control characters: PostgreSQL cannot even store U+0000 in text.
        let well_formed = email.len() <= 254
            && !email.contains(|c: char| c.is_whitespace() || c.is_control())
            && matches!(email.split_once('@'), Some((user, domain))
                if !user.is_empty() && domain.contains('.') && !domain.starts_with('.')
                    && !domain.ends_with('.') && !domain.contains('@'));
        if !well_formed {
            return Err(Invalid {
                field: "email",
                expected: "an address like ada@example.com",
            });
        }
        Ok(Self(email.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Password {
    pub fn parse(password: String) -> Result<Self, Invalid> {
        if !(8..=128).contains(&password.chars().count()) {
            return Err(Invalid {
                field: "password",
                expected: "8 to 128 characters",
            });
        }
        Ok(Self(password))
    }
}

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(<redacted>)")
    }
}
// ANCHOR_END: parse

/// A user as the outside world may see it. There is no password hash here to leak.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UserView {
    pub id: String,
    pub email: String,
    pub name: String,
}

/// A user as stored, hash included: what the service hands its store, and never anyone else.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredUser {
    pub id: String,
    pub email: String,
    pub name: String,
    pub password_hash: String,
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

// ANCHOR: port
/// Where users are kept: the port the service owns, and every store implements.
///
/// A store keeps users and finds them; it decides nothing. It MUST answer
/// [`StoreError::Duplicate`] when an insert meets an email already stored (the service checks
/// first, but two registrations can race past that check), and [`StoreError::Backend`] for
/// anything else that goes wrong.
pub trait UserStore: Send + Sync + 'static {
    fn find_by_email(
        &self,
        email: &str,
    ) -> impl Future<Output = Result<Option<StoredUser>, StoreError>> + Send;
    fn find_by_id(
        &self,
        id: &str,
    ) -> impl Future<Output = Result<Option<StoredUser>, StoreError>> + Send;
    fn insert(&self, user: &StoredUser) -> impl Future<Output = Result<(), StoreError>> + Send;
    /// A page of users, ordered by email.
    fn list(
        &self,
        offset: u32,
        limit: u32,
    ) -> impl Future<Output = Result<Vec<StoredUser>, StoreError>> + Send;
}

/// What a store can answer besides its results: the storage's own error, which the service
/// maps to its own.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("the email is already stored")]
    Duplicate,
    #[error("storage failed: {0}")]
    Backend(String),
}
// ANCHOR_END: port

/// What the business says no to, and what went wrong underneath.
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    #[error("a user with email {0} already exists")]
    Duplicate(String),
    #[error("no user with id {0}")]
    NotFound(String),
    /// A failure that is not the caller's fault (the database, the hasher). The message is for
    /// the logs, not for the client.
    #[error("internal error: {0}")]
    Internal(String),
}

impl From<StoreError> for ServiceError {
    fn from(error: StoreError) -> Self {
        // A store's `Duplicate` carries no email: the service, which knows it, says which.
        ServiceError::Internal(error.to_string())
    }
}

/// The business rules, over any [`UserStore`].
pub struct UserService<S> {
    store: S,
}

/// A service on the database at `pool`: the one way to reach the SQL store, which is private
/// to this module.
pub fn on_database(pool: AnyPool) -> UserService<impl UserStore> {
    UserService::new(SqlUserStore::new(pool))
}

impl<S: UserStore> UserService<S> {
    /// A service over `store` (a fake one, in tests).
    pub fn new(store: S) -> Self {
        Self { store }
    }

    // ANCHOR: register
    /// Registers a user: normalised email, checked for duplicates, password hashed.
    #[tracing::instrument(name = "service.register", skip_all)]
    pub async fn register(&self, registration: Registration) -> Result<UserView, ServiceError> {
        let Registration {
            email,
            name,
            password,
        } = registration;
        let email = email.as_str().to_lowercase();
        if self.store.find_by_email(&email).await?.is_some() {
            return Err(ServiceError::Duplicate(email));
        }
        let user = StoredUser {
            id: uuid::Uuid::new_v4().to_string(),
            email,
            name,
            password_hash: hash(password).await?,
        };
        match self.store.insert(&user).await {
            Ok(()) => Ok(user.into()),
            // Another registration of the same email won the race: the store has the last word.
            Err(StoreError::Duplicate) => Err(ServiceError::Duplicate(user.email)),
            Err(error) => Err(error.into()),
        }
    }
    // ANCHOR_END: register

    /// The user with this id.
    #[tracing::instrument(name = "service.get", skip_all)]
    pub async fn get(&self, id: &str) -> Result<UserView, ServiceError> {
        // Ids are UUIDs: anything else names no user, and is not worth a query (PostgreSQL
        // would answer a U+0000 in it with an error, not with "no such row").
        if uuid::Uuid::try_parse(id).is_err() {
            return Err(ServiceError::NotFound(id.to_owned()));
        }
        self.store
            .find_by_id(id)
            .await?
            .map(UserView::from)
            .ok_or_else(|| ServiceError::NotFound(id.to_owned()))
    }

    /// A page of users, ordered by email.
    #[tracing::instrument(name = "service.list", skip_all)]
    pub async fn list(&self, offset: u32, limit: u32) -> Result<Vec<UserView>, ServiceError> {
        Ok(self
            .store
            .list(offset, limit)
            .await?
            .into_iter()
            .map(UserView::from)
            .collect())
    }
}

// ANCHOR: hash
/// Hashes a password with argon2, on tokio's blocking thread pool.
///
/// argon2 is slow on purpose (tens of milliseconds, and megabytes of memory, per hash): that is
/// what makes guessing expensive. Run on an async worker thread, it would hold that thread, and
/// every request waiting on it, for the whole time; `spawn_blocking` hands it to a thread that
/// is allowed to block.
async fn hash(password: Password) -> Result<String, ServiceError> {
    tokio::task::spawn_blocking(move || {
        Argon2::default()
            .hash_password(password.0.as_bytes())
            .map(|hash| hash.to_string())
            .map_err(|e| ServiceError::Internal(format!("hashing failed: {e}")))
    })
    .await
    .map_err(|e| ServiceError::Internal(format!("the hashing task failed: {e}")))?
}
// ANCHOR_END: hash
