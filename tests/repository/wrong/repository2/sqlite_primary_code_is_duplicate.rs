//! Known-wrong answer to `repository2`: any SQLite constraint error (code 19) is a duplicate.
//! Breaks: "a SQLite `19` (a generic constraint) is not a duplicate"
//! Why a learner writes it: SQLite's documentation lists SQLITE_CONSTRAINT (19) first, and the
//! extended code 2067 is 19 plus 8 << 8; masking the low byte catches every constraint error, NOT
//! NULL and foreign keys included.
//! Rejected by: other_errors_keep_the_backends_message_and_are_not_duplicates, a_message_that_sounds_like_a_duplicate_is_not_one_without_the_code

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
        // The mistake: the primary code 19 covers every constraint, not only UNIQUE (2067).
        BackendError::Sqlite { code, .. } if code & 0xff == 19 => {
            RepoError::Duplicate(email.to_owned())
        }
        BackendError::Mongo { code: 11000, .. } => RepoError::Duplicate(email.to_owned()),
        BackendError::Postgres { message, .. }
        | BackendError::Sqlite { message, .. }
        | BackendError::Mongo { message, .. } => RepoError::Backend(message),
    }
}
