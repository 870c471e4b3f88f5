//! # Repository: the business code asks for users; it never learns where they live
//!
//! A service that registers users needs to store them and find them again. If it writes SQL
//! itself, it is welded to one database: switching from MongoDB to PostgreSQL (the source
//! material's example) means rewriting the service. A repository is the seam: one interface
//! in the language of the domain (create a user, find one by email, list a page of them), and
//! one implementation per database behind it.
//!
//! The seam only holds if every implementation keeps the same promises. A duplicate email must
//! be the same [`RepoError::Duplicate`] whether PostgreSQL reported SQLSTATE 23505 or SQLite
//! its code 2067; a missing user must be [`RepoError::NotFound`], not a backend's empty row;
//! no sqlx row or BSON document may cross the trait. Those promises are written in the trait's
//! docs, and checked by one contract test suite that every implementation runs
//! (`tests/contract.rs`).
//!
//! The implementations: [`memory::MemoryRepository`] (a map, for tests and demos),
//! [`sql::SqlRepository`] (sqlx, for SQLite, the embedded default, and PostgreSQL) and
//! [`mongo::MongoRepository`] (the official `mongodb` driver).

use std::fmt;
use std::future::Future;

pub mod memory;
pub mod mongo;
pub mod sql;

// ANCHOR: domain
/// A user's id. Made by the application (a random UUID), not by the database, so that every
/// backend stores the same kind of id and none of their id types leaks out.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UserId(String);

impl UserId {
    pub fn new() -> Self {
        Self(uuid::Uuid::new_v4().to_string())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// An id read back from storage.
    pub fn from_stored(id: String) -> Self {
        Self(id)
    }
}

impl Default for UserId {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Display for UserId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A user, as the rest of the program sees it: plain data, no database types.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub id: UserId,
    /// Stored lowercased and trimmed: `Ada@Example.com` and `ada@example.com` are one user.
    pub email: String,
    pub name: String,
}

impl User {
    /// This user with `update` applied: the same rules for every backend.
    pub fn updated(self, update: UserUpdate) -> User {
        User {
            id: self.id,
            email: update.email.as_deref().map_or(self.email, normalise_email),
            name: update.name.unwrap_or(self.name),
        }
    }
}

/// What it takes to create a user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewUser {
    pub email: String,
    pub name: String,
}

/// A change to a user: `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UserUpdate {
    pub email: Option<String>,
    pub name: Option<String>,
}

/// One page of a listing: users ordered by email, `limit` of them after skipping `offset`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    pub offset: u32,
    pub limit: u32,
}

/// What can go wrong, in the domain's words. Every implementation maps its own errors to these.
#[derive(Debug, thiserror::Error)]
pub enum RepoError {
    /// Another user already has this email.
    #[error("a user with email {0} already exists")]
    Duplicate(String),
    /// No user has this id.
    #[error("no user with id {0}")]
    NotFound(UserId),
    /// The storage failed (connection lost, disk full...): not the caller's fault.
    #[error("the user store failed: {0}")]
    Backend(String),
}

/// The same email rules for every backend: trimmed and lowercased.
pub fn normalise_email(email: &str) -> String {
    email.trim().to_lowercase()
}
// ANCHOR_END: domain

// ANCHOR: repository
/// Where users are kept. The contract every implementation MUST honour (and the contract suite
/// checks):
///
/// - `create` stores the user under a new id and returns it; an email that another user has
///   (after normalising) is `Duplicate`, and nothing is stored.
/// - `find_by_id` and `find_by_email` return `Ok(None)` for nobody: absence is not an error.
/// - `list` orders users by email, so pages are stable: the same page twice gives the same
///   users, and consecutive pages neither repeat nor skip anyone.
/// - `update` changes only the fields it is given; an unknown id is `NotFound`; taking another
///   user's email is `Duplicate`, and nothing changes.
/// - `delete` of an unknown id is `NotFound`.
/// - Values are stored and returned exactly: text that looks like SQL or like a query operator
///   is data, never code.
pub trait UserRepository: Send + Sync {
    fn create(&self, user: NewUser) -> impl Future<Output = Result<User, RepoError>> + Send;
    fn find_by_id(
        &self,
        id: &UserId,
    ) -> impl Future<Output = Result<Option<User>, RepoError>> + Send;
    fn find_by_email(
        &self,
        email: &str,
    ) -> impl Future<Output = Result<Option<User>, RepoError>> + Send;
    fn list(&self, page: Page) -> impl Future<Output = Result<Vec<User>, RepoError>> + Send;
    fn update(
        &self,
        id: &UserId,
        update: UserUpdate,
    ) -> impl Future<Output = Result<User, RepoError>> + Send;
    fn delete(&self, id: &UserId) -> impl Future<Output = Result<(), RepoError>> + Send;
}
// ANCHOR_END: repository

// ANCHOR: service
/// Business code written once against the trait: it runs unchanged on every backend.
pub struct UserService<R> {
    repo: R,
}

impl<R: UserRepository> UserService<R> {
    pub fn new(repo: R) -> Self {
        Self { repo }
    }

    /// Registers a user, or says why not.
    pub async fn register(&self, email: &str, name: &str) -> Result<User, RepoError> {
        self.repo
            .create(NewUser {
                email: email.to_owned(),
                name: name.trim().to_owned(),
            })
            .await
    }

    /// The user with this email, if any.
    pub async fn lookup(&self, email: &str) -> Result<Option<User>, RepoError> {
        self.repo.find_by_email(email).await
    }

    /// The repository, for everything else.
    pub fn repo(&self) -> &R {
        &self.repo
    }
}
// ANCHOR_END: service
