//! Checks for exercise `repository2`: `exercises/repository/src/ex2_error_mapping.rs`.

#[cfg_attr(
    feature = "exercises",
    path = "../../exercises/repository/src/ex2_error_mapping.rs"
)]
#[cfg_attr(
    not(feature = "exercises"),
    path = "../../solutions/repository/src/ex2_error_mapping.rs"
)]
#[allow(unused)]
mod exercise;

use exercise::{BackendError, RepoError, to_domain};

const EMAIL: &str = "ada@example.com";

#[test]
fn every_backends_unique_violation_is_the_same_duplicate() {
    let violations = [
        BackendError::Postgres {
            sqlstate: "23505".into(),
            message: "duplicate key value violates unique constraint \"users_email_key\"".into(),
        },
        BackendError::Sqlite {
            code: 2067,
            message: "UNIQUE constraint failed: users.email".into(),
        },
        BackendError::Mongo {
            code: 11000,
            message: "E11000 duplicate key error collection: app.users".into(),
        },
    ];
    for error in violations {
        assert_eq!(
            to_domain(error.clone(), EMAIL),
            RepoError::Duplicate(EMAIL.into()),
            "{error:?} is a duplicate email"
        );
    }
}

#[test]
fn other_errors_keep_the_backends_message_and_are_not_duplicates() {
    let others = [
        BackendError::Postgres {
            sqlstate: "23503".into(),
            message: "violates foreign key constraint".into(),
        },
        BackendError::Postgres {
            sqlstate: "11000".into(),
            message: "not a Mongo error".into(),
        },
        BackendError::Sqlite {
            code: 19,
            message: "CHECK constraint failed".into(),
        },
        BackendError::Sqlite {
            code: 11000,
            message: "database disk image is malformed".into(),
        },
        BackendError::Mongo {
            code: 2067,
            message: "not a SQLite error".into(),
        },
        BackendError::Mongo {
            code: 6,
            message: "host unreachable".into(),
        },
    ];
    for error in others {
        let message = match &error {
            BackendError::Postgres { message, .. }
            | BackendError::Sqlite { message, .. }
            | BackendError::Mongo { message, .. } => message.clone(),
        };
        assert_eq!(
            to_domain(error.clone(), EMAIL),
            RepoError::Backend(message),
            "{error:?} is not a duplicate: it is a backend error with the backend's message"
        );
    }
}
