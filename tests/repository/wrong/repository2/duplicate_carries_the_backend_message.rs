//! Known-wrong answer to `repository2`: a duplicate carries the backend's message, not the email.
//! Breaks: "a unique violation of any of the three backends becomes `RepoError::Duplicate(email)`"
//! Why a learner writes it: passing the database's message along is what every other arm does, and
//! it does name the email in English; but the caller wants the email that is taken, not
//! PostgreSQL's sentence.
//! Rejected by: every_backends_unique_violation_is_the_same_duplicate

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
        // The mistake: the duplicate carries the backend's message instead of the email.
        BackendError::Postgres { sqlstate, message } if sqlstate == "23505" => {
            RepoError::Duplicate(message)
        }
        BackendError::Sqlite {
            code: 2067,
            message,
        }
        | BackendError::Mongo {
            code: 11000,
            message,
        } => RepoError::Duplicate(message),
        BackendError::Postgres { message, .. }
        | BackendError::Sqlite { message, .. }
        | BackendError::Mongo { message, .. } => RepoError::Backend(message),
    }
}
