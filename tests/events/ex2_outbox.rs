//! Checks for exercise `events2`: `exercises/events/src/ex2_outbox.rs`.
//!
//! Each check registers users in the given in-memory database: once, twice with the same email,
//! or with a commit lost on the way (the crash between two writes); then it looks at what the
//! database kept, users and outbox together.
#![allow(clippy::unwrap_used)]

// Graded: the solution (`cargo test`), the learner's file (feature `exercises`, `cargo learn`)
// or a known-wrong answer copied to wip/ (feature `wrong`, `cargo learn dev verify-wrong`).
#[cfg_attr(
    feature = "exercises",
    path = "../../exercises/events/src/ex2_outbox.rs"
)]
#[cfg_attr(feature = "wrong", path = "wip/ex2_outbox.rs")]
#[cfg_attr(
    not(any(feature = "exercises", feature = "wrong")),
    path = "../../solutions/events/src/ex2_outbox.rs"
)]
#[allow(unused)]
mod exercise;

use exercise::{Database, DbError, NewUser, RegisterError, User, register};
use serde_json::json;

/// Hands out `id-1`, `id-2`, ... and remembers them.
#[derive(Default)]
struct Ids(Vec<String>);

impl Ids {
    fn next(&mut self) -> String {
        let id = format!("id-{}", self.0.len() + 1);
        self.0.push(id.clone());
        id
    }
}

fn new_user(email: &str, display_name: &str, plan: &str) -> NewUser {
    NewUser {
        email: email.to_owned(),
        display_name: display_name.to_owned(),
        plan: plan.to_owned(),
    }
}

const AT: &str = "2024-07-01T09:30:00Z";

async fn register_ada(db: &Database, ids: &mut Ids) -> Result<User, RegisterError> {
    register(
        db,
        new_user("ada@example.com", "Ada", "pro"),
        "req-1",
        AT,
        &mut || ids.next(),
    )
    .await
}

#[tokio::test]
async fn registering_writes_the_user_and_its_event() {
    let db = Database::new();
    let mut ids = Ids::default();
    let user = register_ada(&db, &mut ids)
        .await
        .expect("registering ada@example.com in an empty database should be Ok");
    let tables = db.snapshot();
    assert_eq!(
        tables.users.get("ada@example.com"),
        Some(&user),
        "after registering ada@example.com, the users table should hold the User register \
         returned, under its email"
    );
    assert_eq!(
        (
            user.email.as_str(),
            user.display_name.as_str(),
            user.plan.as_str()
        ),
        ("ada@example.com", "Ada", "pro"),
        "the saved user should have the email, display name and plan of the form"
    );
    assert!(
        ids.0.contains(&user.id),
        "the user's id {:?} should be one taken from ids() (it handed out {:?})",
        user.id,
        ids.0
    );
    assert_eq!(
        tables.outbox.len(),
        1,
        "after registering ada, the outbox should hold exactly one event, her UserCreated; it \
         holds {:?}",
        tables.outbox
    );
    let event = &tables.outbox[0];
    assert_eq!(
        (
            event.event_type.as_str(),
            event.version,
            event.source.as_str()
        ),
        ("UserCreated", 2, "auth"),
        "the outbox event for a new user should be type \"UserCreated\", version 2 (the shape \
         of its payload), source \"auth\""
    );
    assert_eq!(
        (event.correlation_id.as_str(), event.occurred_at.as_str()),
        ("req-1", AT),
        "the event should carry the correlation id and the time register was given"
    );
    assert_eq!(
        event.payload,
        json!({"userId": user.id, "email": "ada@example.com", "displayName": "Ada", "plan": "pro"}),
        "the payload should be UserCreated v2, with camelCase keys: userId, email, \
         displayName, plan"
    );
}

#[tokio::test]
async fn the_event_has_its_own_id() {
    let db = Database::new();
    let mut ids = Ids::default();
    let user = register_ada(&db, &mut ids).await.unwrap();
    let event_id = db.snapshot().outbox[0].id.clone();
    assert_ne!(
        event_id, user.id,
        "the event's id should not be the user's id ({:?}): an event id names one event, and \
         the user will have many events; take a second id from ids()",
        user.id
    );
    assert!(
        ids.0.contains(&event_id),
        "the event's id {event_id:?} should be one taken from ids() (it handed out {:?})",
        ids.0
    );
}

#[tokio::test]
async fn a_duplicate_email_writes_no_event() {
    let db = Database::new();
    let mut ids = Ids::default();
    register_ada(&db, &mut ids).await.unwrap();
    let before = db.snapshot();
    let again = register(
        &db,
        new_user("ada@example.com", "Another Ada", "free"),
        "req-2",
        AT,
        &mut || ids.next(),
    )
    .await;
    assert_eq!(
        again,
        Err(RegisterError::EmailTaken("ada@example.com".to_owned())),
        "registering ada@example.com a second time should be \
         Err(RegisterError::EmailTaken(\"ada@example.com\"))"
    );
    let after = db.snapshot();
    assert_eq!(
        after.outbox, before.outbox,
        "a registration refused for a duplicate email must write no event: nobody may be told \
         about a user who was not created"
    );
    assert_eq!(
        after, before,
        "a registration refused for a duplicate email must keep nothing"
    );
}

#[tokio::test]
async fn a_lost_commit_keeps_the_user_and_its_event_together() {
    for commits_first in 0..3 {
        let db = Database::new();
        let mut ids = Ids::default();
        db.lose_commit(commits_first);
        let result = register_ada(&db, &mut ids).await;
        let tables = db.snapshot();
        let (users, events) = (tables.users.len(), tables.outbox.len());
        assert!(
            (users, events) == (0, 0) || (users, events) == (1, 1),
            "with the connection lost after {commits_first} commit(s), registering ada kept \
             {users} user(s) and {events} event(s) (register returned {result:?}): the user and \
             its event must be written in ONE transaction, kept together or not at all"
        );
        match (&result, users) {
            (Ok(_), 1) => {}
            (Err(RegisterError::Db(DbError::ConnectionLost)), 0) => {}
            _ => panic!(
                "with the connection lost after {commits_first} commit(s), register returned \
                 {result:?} and kept {users} user(s): Ok means the user was saved, and a lost \
                 commit is Err(RegisterError::Db(DbError::ConnectionLost))"
            ),
        }
    }
}

#[tokio::test]
async fn two_users_two_events_in_order() {
    let db = Database::new();
    let mut ids = Ids::default();
    let ada = register_ada(&db, &mut ids).await.unwrap();
    let bob = register(
        &db,
        new_user("bob@example.com", "Bob", "free"),
        "req-9",
        AT,
        &mut || ids.next(),
    )
    .await
    .expect("registering bob@example.com after ada should be Ok");
    let tables = db.snapshot();
    let users: Vec<_> = tables
        .outbox
        .iter()
        .map(|event| event.payload["userId"].clone())
        .collect();
    assert_eq!(
        users,
        [json!(ada.id), json!(bob.id)],
        "after registering ada then bob, the outbox should hold their two UserCreated events, \
         ada's first"
    );
    assert_ne!(
        tables.outbox[0].id, tables.outbox[1].id,
        "two events should have two different ids"
    );
    assert_eq!(
        tables.outbox[1].correlation_id, "req-9",
        "bob's event should carry bob's request's correlation id"
    );
}
