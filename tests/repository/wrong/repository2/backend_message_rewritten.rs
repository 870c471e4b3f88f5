//! Known-wrong answer to `repository2`: other errors carry a message of the repository's own.
//! Breaks: "every other error becomes `RepoError::Backend(<the backend's message>)`"
//! Why a learner writes it: wrapping a lower error with context, like `new Error(`database error:
//! ${err.message}`)` in Node, is good practice elsewhere; here the statement asks for the
//! backend's message as it is.
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
        BackendError::Postgres { sqlstate, .. } if sqlstate == "23505" => {
            RepoError::Duplicate(email.to_owned())
        }
        BackendError::Sqlite { code: 2067, .. } | BackendError::Mongo { code: 11000, .. } => {
            RepoError::Duplicate(email.to_owned())
        }
        BackendError::Postgres { message, .. }
        | BackendError::Sqlite { message, .. }
        | BackendError::Mongo { message, .. } => {
            // The mistake: the backend's message is wrapped in words of our own.
            RepoError::Backend(format!("database error: {message}"))
        }
    }
}
