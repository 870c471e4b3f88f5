//! Checks for exercise `events3`: `exercises/events/src/ex3_inbox.rs`.
//!
//! Each check hands `handle` records as the stream would deliver them: in order, the same record
//! again after a restart, the same event republished at a later position, an event of another
//! type, a mail that fails; then it looks at what the database kept.
#![allow(clippy::unwrap_used)]

// Graded: the solution (`cargo test`), the learner's file (feature `exercises`, `cargo learn`)
// or a known-wrong answer copied to wip/ (feature `wrong`, `cargo learn dev verify-wrong`).
#[cfg_attr(
    feature = "exercises",
    path = "../../exercises/events/src/ex3_inbox.rs"
)]
#[cfg_attr(feature = "wrong", path = "wip/ex3_inbox.rs")]
#[cfg_attr(
    not(any(feature = "exercises", feature = "wrong")),
    path = "../../solutions/events/src/ex3_inbox.rs"
)]
#[allow(unused)]
mod exercise;

use std::collections::BTreeSet;

use exercise::{Database, DbError, Envelope, HandleError, Handled, Record, Tables, handle};
use serde_json::json;

fn user_created(event_id: &str, email: &str) -> Envelope {
    Envelope {
        id: event_id.to_owned(),
        event_type: "UserCreated".to_owned(),
        version: 2,
        occurred_at: "2024-07-01T09:30:00Z".to_owned(),
        source: "auth".to_owned(),
        correlation_id: format!("req-{event_id}"),
        payload: json!({"userId": format!("u-{event_id}"), "email": email, "displayName": "Someone", "plan": "free"}),
    }
}

fn user_deleted(event_id: &str) -> Envelope {
    Envelope {
        id: event_id.to_owned(),
        event_type: "UserDeleted".to_owned(),
        version: 1,
        occurred_at: "2024-07-02T09:30:00Z".to_owned(),
        source: "auth".to_owned(),
        correlation_id: format!("req-{event_id}"),
        payload: json!({"userId": "u-1"}),
    }
}

fn at(position: u64, envelope: &Envelope) -> Record {
    Record {
        position,
        envelope: envelope.clone(),
    }
}

fn ids(ids: &[&str]) -> BTreeSet<String> {
    ids.iter().map(|id| (*id).to_owned()).collect()
}

#[tokio::test]
async fn a_new_user_is_welcomed() {
    let db = Database::new();
    let ada = user_created("e-1", "ada@example.com");
    assert_eq!(
        handle(&db, &at(1, &ada)).await,
        Ok(Handled::Sent),
        "a UserCreated for ada@example.com at position 1, in an empty database, should be \
         Ok(Handled::Sent)"
    );
    assert_eq!(
        db.snapshot(),
        Tables {
            inbox: ids(&["e-1"]),
            checkpoint: Some(1),
            welcome_mails: vec!["ada@example.com".to_owned()],
        },
        "after handling event e-1 (ada's UserCreated) at position 1, the database should hold \
         its id in the inbox, the checkpoint at 1 and one welcome mail to ada"
    );
}

#[tokio::test]
async fn a_republished_event_is_not_mailed_again_but_passed() {
    let db = Database::new();
    let ada = user_created("e-1", "ada@example.com");
    handle(&db, &at(1, &ada)).await.unwrap();
    // The relay crashed after publishing and before marking the row sent: it publishes the
    // same envelope again, which lands at a later position.
    assert_eq!(
        handle(&db, &at(2, &ada)).await,
        Ok(Handled::Duplicate),
        "event e-1, handled at position 1 and republished at position 2, should be \
         Ok(Handled::Duplicate): dedupe by the envelope's id, not by position"
    );
    let tables = db.snapshot();
    assert_eq!(
        tables.welcome_mails,
        ["ada@example.com"],
        "event e-1 delivered at positions 1 and 2 should mail ada once"
    );
    assert_eq!(
        tables.checkpoint,
        Some(2),
        "after the duplicate of e-1 at position 2, the checkpoint should be 2: a duplicate is \
         handled too, or it is read again after every restart"
    );
    let bob = user_created("e-2", "bob@example.com");
    assert_eq!(
        handle(&db, &at(3, &bob)).await,
        Ok(Handled::Sent),
        "a new event e-2 at position 3, after the duplicate, should be Ok(Handled::Sent)"
    );
}

#[tokio::test]
async fn a_redelivery_at_or_below_the_checkpoint_changes_nothing() {
    let db = Database::new();
    let ada = user_created("e-1", "ada@example.com");
    let bob = user_created("e-2", "bob@example.com");
    handle(&db, &at(1, &ada)).await.unwrap();
    handle(&db, &at(2, &bob)).await.unwrap();
    let before = db.snapshot();
    // A restart: the transport resumes a little before the checkpoint.
    for (position, envelope) in [(1, &ada), (2, &bob)] {
        assert_eq!(
            handle(&db, &at(position, envelope)).await,
            Ok(Handled::AlreadySeen),
            "with the checkpoint at 2, the record at position {position} (event {}) delivered \
             again should be Ok(Handled::AlreadySeen): a position at or below the checkpoint \
             was handled",
            envelope.id
        );
    }
    assert_eq!(
        db.snapshot(),
        before,
        "records at or below the checkpoint, delivered again, must change nothing"
    );
}

#[tokio::test]
async fn an_event_of_another_type_is_recorded_and_passed() {
    let db = Database::new();
    let deleted = user_deleted("e-5");
    assert_eq!(
        handle(&db, &at(1, &deleted)).await,
        Ok(Handled::Ignored),
        "a UserDeleted at position 1 is no event for the welcome service: it should be \
         Ok(Handled::Ignored)"
    );
    assert_eq!(
        db.snapshot(),
        Tables {
            inbox: ids(&["e-5"]),
            checkpoint: Some(1),
            welcome_mails: Vec::new(),
        },
        "an event this service does not handle (UserDeleted e-5 at position 1) should send no \
         mail, but keep its id in the inbox and move the checkpoint to 1"
    );
}

#[tokio::test]
async fn a_refused_mail_keeps_nothing() {
    let db = Database::new();
    let ada = user_created("e-1", "ada@example.com");
    handle(&db, &at(1, &ada)).await.unwrap();
    let before = db.snapshot();
    let broken = user_created("e-2", "not an address");
    for attempt in ["first", "second"] {
        assert_eq!(
            handle(&db, &at(2, &broken)).await,
            Err(HandleError::Db(DbError::Undeliverable(
                "not an address".to_owned()
            ))),
            "the {attempt} try of event e-2 at position 2, whose email \"not an address\" the \
             mail table refuses, should be Err(HandleError::Db(DbError::Undeliverable(..))): \
             nothing was kept by a try before, so each try does the same"
        );
        assert_eq!(
            db.snapshot(),
            before,
            "a refused mail (event e-2 at position 2) must keep nothing: not its id in the \
             inbox, not the checkpoint at 2, or the event would be skipped once the fault is \
             fixed"
        );
    }
}

#[tokio::test]
async fn two_copies_handled_at_the_same_moment_send_one_mail() {
    // The relay published ada's event twice (positions 1 and 2), and two handlers took the
    // two copies at once: both may look before either has written.
    let db = Database::new();
    let ada = user_created("e-1", "ada@example.com");
    let (copy1, copy2) = (at(1, &ada), at(2, &ada));
    let (first, second) = tokio::join!(handle(&db, &copy1), handle(&db, &copy2));
    let sent = [&first, &second]
        .iter()
        .filter(|outcome| matches!(outcome, Ok(Handled::Sent)))
        .count();
    assert_eq!(
        sent, 1,
        "two copies of event e-1 (positions 1 and 2) handled at the same moment gave {first:?} \
         and {second:?}: exactly one may send the mail (the other is a Duplicate, or AlreadySeen \
         if the later position was handled first); decide \"already handled?\" inside the \
         transaction, not before it"
    );
    assert_eq!(
        db.snapshot().welcome_mails,
        vec!["ada@example.com".to_owned()],
        "two copies of event e-1 handled at the same moment: one welcome mail"
    );
}
