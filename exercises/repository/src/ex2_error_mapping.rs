//! # Repository 2: one domain error, whatever the database said
//!
//! Three databases report "that email is taken" three ways: PostgreSQL with SQLSTATE `23505`,
//! SQLite with its extended result code `2067` (SQLITE_CONSTRAINT_UNIQUE), MongoDB with error
//! code `11000`. The business code must not care: it matches on `RepoError::Duplicate`. The
//! repository's job is to translate, and to let nothing else about the backend through.
//!
//! TODO: implement `to_domain`:
//! - a unique violation of any of the three backends becomes `RepoError::Duplicate(email)`;
//! - every other error becomes `RepoError::Backend(<the backend's message>)`. In particular a
//!   PostgreSQL `23503` (a foreign key) or a SQLite `19` (a generic constraint) is not a
//!   duplicate, and neither is Mongo's `11000` reported by PostgreSQL.
//!
//! Check your work with `cargo learn check repository2`; stuck? `cargo learn hint repository2`.

/// An error as a backend reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BackendError {
    /// PostgreSQL: a five-character SQLSTATE.
    Postgres { sqlstate: String, message: String },
    /// SQLite: an (extended) result code.
    Sqlite { code: i32, message: String },
    /// MongoDB: a numeric server error code.
    Mongo { code: i32, message: String },
}

/// What the rest of the program sees.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RepoError {
    Duplicate(String),
    Backend(String),
}

/// Translates `error`, raised while storing `email`, into the domain's words.
pub fn to_domain(error: BackendError, email: &str) -> RepoError {
    todo!()
}
