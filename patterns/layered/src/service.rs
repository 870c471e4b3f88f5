//! # Service layer: the business rules
//!
//! What makes a registration valid for the business, independent of how it arrived (HTTP, a
//! queue, a CLI) and of where users are stored: emails are normalised so one person is one
//! account, an email can be registered once, passwords are hashed with argon2 and the hash
//! never leaves this layer. The service receives input the controller has already parsed into
//! [`Registration`], and hands back [`UserView`]s, which have no password field at all.

use std::time::Duration;

use argon2::{Argon2, PasswordHasher};
use serde::Serialize;
use sqlx::AnyPool;
use sqlx::any::AnyPoolOptions;

// ANCHOR: privacy
mod repository;

use repository::UserRepository;
// ANCHOR_END: privacy

/// The embedded default database: SQLite in memory, kept alive by one open connection.
pub const DEFAULT_DATABASE_URL: &str = "sqlite:file:layered?mode=memory&cache=shared";

/// A registration the controller has validated: well-formed, not yet checked against the
/// business rules.
#[derive(Debug, Clone)]
pub struct Registration {
    pub email: String,
    pub name: String,
    pub password: String,
}

/// A user as the outside world may see it. There is no password hash here to leak.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UserView {
    pub id: String,
    pub email: String,
    pub name: String,
}

/// A user as stored, hash included. Private to the service and its repository.
struct StoredUser {
    id: String,
    email: String,
    name: String,
    password_hash: String,
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

pub struct UserService {
    repo: UserRepository,
}

impl UserService {
    /// Connects to `url` (SQLite or PostgreSQL) and brings the schema up to date.
    pub async fn connect(url: &str) -> Result<Self, ServiceError> {
        sqlx::any::install_default_drivers();
        let mut options = AnyPoolOptions::new()
            .max_connections(5)
            .acquire_timeout(Duration::from_secs(5));
        if url.contains("mode=memory") {
            options = options
                .min_connections(1)
                .idle_timeout(None)
                .max_lifetime(None);
        }
        let pool: AnyPool = options
            .connect(url)
            .await
            .map_err(|e| ServiceError::Internal(e.to_string()))?;
        sqlx::migrate!("./migrations")
            .run(&pool)
            .await
            .map_err(|e| ServiceError::Internal(e.to_string()))?;
        Ok(Self {
            repo: UserRepository::new(pool),
        })
    }

    // ANCHOR: register
    /// Registers a user: normalised email, checked for duplicates, password hashed.
    #[tracing::instrument(name = "service.register", skip_all)]
    pub async fn register(&self, registration: Registration) -> Result<UserView, ServiceError> {
        let email = registration.email.trim().to_lowercase();
        if self.repo.find_by_email(&email).await?.is_some() {
            return Err(ServiceError::Duplicate(email));
        }
        let user = StoredUser {
            id: uuid::Uuid::new_v4().to_string(),
            email,
            name: registration.name.trim().to_owned(),
            password_hash: hash(registration.password).await?,
        };
        self.repo.insert(&user).await?;
        Ok(user.into())
    }
    // ANCHOR_END: register

    /// The user with this id.
    #[tracing::instrument(name = "service.get", skip_all)]
    pub async fn get(&self, id: &str) -> Result<UserView, ServiceError> {
        self.repo
            .find_by_id(id)
            .await?
            .map(UserView::from)
            .ok_or_else(|| ServiceError::NotFound(id.to_owned()))
    }

    /// A page of users, ordered by email.
    #[tracing::instrument(name = "service.list", skip_all)]
    pub async fn list(&self, offset: u32, limit: u32) -> Result<Vec<UserView>, ServiceError> {
        Ok(self
            .repo
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
async fn hash(password: String) -> Result<String, ServiceError> {
    tokio::task::spawn_blocking(move || {
        Argon2::default()
            .hash_password(password.as_bytes())
            .map(|hash| hash.to_string())
            .map_err(|e| ServiceError::Internal(format!("hashing failed: {e}")))
    })
    .await
    .map_err(|e| ServiceError::Internal(format!("the hashing task failed: {e}")))?
}
// ANCHOR_END: hash
