//! Known-wrong answer to `repository2`: the three codes are looked for in every backend's error.
//! Breaks: "neither is Mongo's `11000` reported by PostgreSQL"
//! Why a learner writes it: one list of duplicate codes, checked against whatever code the error
//! carries, is shorter than a match per backend; but a code means something only to the backend
//! that sent it.
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
    let (code, message) = match error {
        BackendError::Postgres { sqlstate, message } => (sqlstate.parse().unwrap_or(0), message),
        BackendError::Sqlite { code, message } | BackendError::Mongo { code, message } => {
            (code, message)
        }
    };
    // The mistake: a code is looked up without asking which backend sent it.
    if [23505, 2067, 11000].contains(&code) {
        RepoError::Duplicate(email.to_owned())
    } else {
        RepoError::Backend(message)
    }
}
