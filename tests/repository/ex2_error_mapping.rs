//! Checks for exercise `repository2`: `exercises/repository/src/ex2_error_mapping.rs`.

// Graded: the solution (`cargo test`), the learner's file (feature `exercises`, `cargo learn`)
// or a known-wrong answer copied to wip/ (feature `wrong`, `cargo learn dev verify-wrong`).
#[cfg_attr(
    feature = "exercises",
    path = "../../exercises/repository/src/ex2_error_mapping.rs"
)]
#[cfg_attr(feature = "wrong", path = "wip/ex2_error_mapping.rs")]
#[cfg_attr(
    not(any(feature = "exercises", feature = "wrong")),
    path = "../../solutions/repository/src/ex2_error_mapping.rs"
)]
#[allow(unused)]
mod exercise;

use exercise::{BackendError, RepoError, to_domain};

const EMAIL: &str = "ada@example.com";

fn message_of(error: &BackendError) -> String {
    match error {
        BackendError::Postgres { message, .. }
        | BackendError::Sqlite { message, .. }
        | BackendError::Mongo { message, .. } => message.clone(),
    }
}

fn assert_duplicate(error: BackendError, why: &str) {
    assert_eq!(
        to_domain(error.clone(), EMAIL),
        RepoError::Duplicate(EMAIL.into()),
        "to_domain({error:?}, {EMAIL:?}) should be Duplicate({EMAIL:?}): {why}"
    );
}

fn assert_backend(error: BackendError, why: &str) {
    let message = message_of(&error);
    assert_eq!(
        to_domain(error.clone(), EMAIL),
        RepoError::Backend(message.clone()),
        "to_domain({error:?}, {EMAIL:?}) should be Backend({message:?}), the backend's message \
         unchanged: {why}"
    );
}

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
        assert_duplicate(
            error,
            "a unique violation of any of the three backends is a Duplicate carrying the email",
        );
    }
}

// Messages are written for people: PostgreSQL translates them (`lc_messages`), drivers wrap
// them, versions reword them, and they can quote the user's own data. Only the code is a
// contract. In these two checks, each message says the opposite of its code.

#[test]
fn a_unique_violation_code_is_a_duplicate_whatever_the_message_says() {
    let violations = [
        // PostgreSQL with lc_messages = 'ja_JP'.
        BackendError::Postgres {
            sqlstate: "23505".into(),
            message: "重複したキー値は一意性制約\"users_email_key\"違反となります".into(),
        },
        // PostgreSQL with lc_messages = 'de_DE'.
        BackendError::Postgres {
            sqlstate: "23505".into(),
            message: "doppelter Schlüsselwert verletzt Constraint »users_email_key«".into(),
        },
        // SQLite's generic text for its constraint codes (sqlite3_errstr).
        BackendError::Sqlite {
            code: 2067,
            message: "constraint failed".into(),
        },
        // The driver's summary of a failed write.
        BackendError::Mongo {
            code: 11000,
            message: "An error occurred when trying to execute a write operation".into(),
        },
    ];
    for error in violations {
        assert_duplicate(
            error,
            "the code is a unique violation (PostgreSQL 23505, SQLite 2067, MongoDB 11000), \
             and the code decides, not the message's wording",
        );
    }
}

#[test]
fn a_message_that_sounds_like_a_duplicate_is_not_one_without_the_code() {
    let others = [
        // 42710 is duplicate_object: a constraint created twice, not a taken email.
        BackendError::Postgres {
            sqlstate: "42710".into(),
            message: "constraint \"users_email_unique\" for relation \"users\" already exists"
                .into(),
        },
        BackendError::Postgres {
            sqlstate: "23503".into(),
            message: "duplicate key value violates unique constraint \"users_email_key\"".into(),
        },
        // 1299 is SQLITE_CONSTRAINT_NOTNULL.
        BackendError::Sqlite {
            code: 1299,
            message: "UNIQUE constraint failed: users.email".into(),
        },
        // 787 is SQLITE_CONSTRAINT_FOREIGNKEY.
        BackendError::Sqlite {
            code: 787,
            message: "UNIQUE constraint failed: sessions.user_email".into(),
        },
        // 121 is DocumentValidationFailure.
        BackendError::Mongo {
            code: 121,
            message: "E11000 duplicate key error collection: app.users".into(),
        },
    ];
    for error in others {
        assert_backend(
            error,
            "the message sounds like a duplicate, but the code is not a unique violation, and \
             the code decides, not the message's wording",
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
        assert_backend(
            error,
            "only PostgreSQL's 23505, SQLite's 2067 and MongoDB's 11000, each from its own \
             backend, are duplicates; every other error is Backend",
        );
    }
}
