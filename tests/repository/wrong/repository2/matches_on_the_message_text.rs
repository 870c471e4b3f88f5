//! Known-wrong answer to `repository2`: a duplicate is recognised by the words of the message.
//! Breaks: "a unique violation of any of the three backends becomes `RepoError::Duplicate(email)`"
//! Why a learner writes it: in Node, `err.message.includes('duplicate key')` is a common way to
//! spot a taken email, and every English message of a unique violation says `unique` or
//! `duplicate`; but messages are translated and reworded, and other errors can use those words
//! too.
//! Rejected by: a_unique_violation_code_is_a_duplicate_whatever_the_message_says, a_message_that_sounds_like_a_duplicate_is_not_one_without_the_code

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
    let message = match error {
        BackendError::Postgres { message, .. }
        | BackendError::Sqlite { message, .. }
        | BackendError::Mongo { message, .. } => message,
    };
    // The mistake: the message's words decide, not the backend's code.
    let text = message.to_lowercase();
    if text.contains("unique") || text.contains("duplicate") {
        RepoError::Duplicate(email.to_owned())
    } else {
        RepoError::Backend(message)
    }
}
