//! Known-wrong answer to `repository2`: any PostgreSQL SQLSTATE of class 23 is a duplicate.
//! Breaks: "In particular a PostgreSQL `23503` (a foreign key) or a SQLite `19` (a generic constraint) is not a duplicate"
//! Why a learner writes it: SQLSTATE class 23 is "integrity constraint violation", and a unique
//! violation is one of them; checking the class looks more robust than one exact code.
//! Rejected by: other_errors_keep_the_backends_message_and_are_not_duplicates

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
    match error {
        // The mistake: the whole class 23 (foreign keys, NOT NULL, CHECK...), not only 23505.
        BackendError::Postgres { sqlstate, .. } if sqlstate.starts_with("23") => {
            RepoError::Duplicate(email.to_owned())
        }
        BackendError::Sqlite { code: 2067, .. } | BackendError::Mongo { code: 11000, .. } => {
            RepoError::Duplicate(email.to_owned())
        }
        BackendError::Postgres { message, .. }
        | BackendError::Sqlite { message, .. }
        | BackendError::Mongo { message, .. } => RepoError::Backend(message),
    }
}
