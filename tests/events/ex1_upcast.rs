//! Checks for exercise `events1`: `exercises/events/src/ex1_upcast.rs`.
//!
//! Each check hands `decode` an envelope as the stream would: the current version, an old one,
//! one from the future, a type nobody knows, a payload that does not fit; then it looks at the
//! event it got, or at the reason it was parked.
#![allow(clippy::unwrap_used)]

// Graded: the solution (`cargo test`), the learner's file (feature `exercises`, `cargo learn`)
// or a known-wrong answer copied to wip/ (feature `wrong`, `cargo learn dev verify-wrong`).
#[cfg_attr(
    feature = "exercises",
    path = "../../exercises/events/src/ex1_upcast.rs"
)]
#[cfg_attr(feature = "wrong", path = "wip/ex1_upcast.rs")]
#[cfg_attr(
    not(any(feature = "exercises", feature = "wrong")),
    path = "../../solutions/events/src/ex1_upcast.rs"
)]
#[allow(unused)]
mod exercise;

use std::panic::{AssertUnwindSafe, catch_unwind};

use exercise::{Envelope, Event, Parked, UserCreated, UserDeleted, decode};
use serde_json::{Value, json};

fn envelope(event_type: &str, version: u32, payload: Value) -> Envelope {
    Envelope {
        id: "0190a6e2-7c3e-7000-8000-000000000001".to_owned(),
        event_type: event_type.to_owned(),
        version,
        occurred_at: "2024-07-01T09:30:00Z".to_owned(),
        source: "auth".to_owned(),
        correlation_id: "req-42".to_owned(),
        payload,
    }
}

/// `decode`, with a panic turned into a failure that names the envelope.
fn decoded(envelope: &Envelope) -> Result<Event, Parked> {
    let shown = format!(
        "{} v{} {}",
        envelope.event_type, envelope.version, envelope.payload
    );
    catch_unwind(AssertUnwindSafe(|| decode(envelope))).unwrap_or_else(|_| {
        panic!(
            "decode panicked on the envelope {shown}: never panic on what the stream holds; \
             an event you cannot read is Err(Parked {{ reason }})"
        )
    })
}

/// Asserts that `envelope` is parked, with a reason that names its type and version.
fn assert_parked(envelope: &Envelope, why: &str) {
    let shown = format!(
        "{} v{} {}",
        envelope.event_type, envelope.version, envelope.payload
    );
    match decoded(envelope) {
        Ok(event) => {
            panic!("the envelope {shown} should be parked ({why}), but decode read it as {event:?}")
        }
        Err(Parked { reason }) => {
            let version = envelope.version.to_string();
            assert!(
                reason.contains(&envelope.event_type) && reason.contains(&version),
                "the envelope {shown} is parked, good; but its reason {reason:?} should name \
                 its type {:?} and its version {version}, so that a person can tell what to fix",
                envelope.event_type
            );
        }
    }
}

fn ada(display_name: &str, plan: &str) -> Event {
    Event::UserCreated(UserCreated {
        user_id: "u-1".to_owned(),
        email: "ada@example.com".to_owned(),
        display_name: display_name.to_owned(),
        plan: plan.to_owned(),
    })
}

#[test]
fn a_v2_user_created_is_read_as_it_is() {
    for plan in ["pro", "free"] {
        let v2 = envelope(
            "UserCreated",
            2,
            json!({"userId": "u-1", "email": "ada@example.com", "displayName": "Ada Lovelace", "plan": plan}),
        );
        assert_eq!(
            decoded(&v2),
            Ok(ada("Ada Lovelace", plan)),
            "UserCreated v2 {} is the current shape: decode should read it as it is",
            v2.payload
        );
    }
}

#[test]
fn a_v1_user_created_is_upcast_to_v2() {
    let v1 = envelope(
        "UserCreated",
        1,
        json!({"userId": "u-1", "email": "ada@example.com", "name": "Ada Lovelace"}),
    );
    assert_eq!(
        decoded(&v1),
        Ok(ada("Ada Lovelace", "free")),
        "UserCreated v1 {} should be upcast to v2: display_name is v1's name (\"Ada Lovelace\"), \
         and plan is \"free\" (every v1 user was on the free plan)",
        v1.payload
    );
}

#[test]
fn a_user_deleted_v1_is_read() {
    let deleted = envelope("UserDeleted", 1, json!({"userId": "u-7"}));
    assert_eq!(
        decoded(&deleted),
        Ok(Event::UserDeleted(UserDeleted {
            user_id: "u-7".to_owned()
        })),
        "UserDeleted v1 {} should be read as Event::UserDeleted",
        deleted.payload
    );
}

#[test]
fn an_unknown_version_is_parked() {
    let current =
        json!({"userId": "u-1", "email": "ada@example.com", "displayName": "Ada", "plan": "pro"});
    assert_parked(
        &envelope("UserCreated", 3, current.clone()),
        "UserCreated v3 is a version from the future: it is not \"the latest\", and this code \
         does not know its shape",
    );
    assert_parked(
        &envelope(
            "UserCreated",
            0,
            json!({"userId": "u-1", "email": "ada@example.com", "name": "Ada"}),
        ),
        "there never was a UserCreated v0: it is not v1",
    );
    assert_parked(
        &envelope("UserDeleted", 2, json!({"userId": "u-7"})),
        "UserDeleted has only a v1",
    );
}

#[test]
fn an_unknown_type_is_parked() {
    assert_parked(
        &envelope("UserRenamed", 1, json!({"userId": "u-1", "name": "Ada"})),
        "UserRenamed is a type this code does not know",
    );
    assert_parked(
        &envelope(
            "userCreated",
            2,
            json!({"userId": "u-1", "email": "ada@example.com", "displayName": "Ada", "plan": "pro"}),
        ),
        "types are spelled exactly: userCreated is not UserCreated",
    );
}

#[test]
fn a_v1_payload_with_a_field_v1_never_had_is_parked() {
    // Read leniently, this would be upcast with plan "free" while it says "pro": a guess.
    assert_parked(
        &envelope(
            "UserCreated",
            1,
            json!({"userId": "u-1", "email": "ada@example.com", "name": "Ada", "plan": "pro"}),
        ),
        "a v1 UserCreated with a plan does not fit v1 (v1 never had one): read each version \
         with a struct of its own that refuses fields it does not know (deny_unknown_fields)",
    );
}

#[test]
fn a_payload_that_does_not_fit_its_version_is_parked() {
    assert_parked(
        &envelope(
            "UserCreated",
            1,
            json!({"userId": "u-1", "email": "ada@example.com"}),
        ),
        "a v1 UserCreated without its name does not fit v1: do not default the name",
    );
    assert_parked(
        &envelope(
            "UserCreated",
            1,
            json!({"userId": "u-1", "email": "ada@example.com", "displayName": "Ada", "plan": "pro"}),
        ),
        "a v2 payload under version 1 does not fit v1 (it has no name)",
    );
    assert_parked(
        &envelope(
            "UserCreated",
            2,
            json!({"userId": "u-1", "email": "ada@example.com", "name": "Ada"}),
        ),
        "a v1 payload under version 2 does not fit v2 (no displayName, no plan)",
    );
    assert_parked(
        &envelope(
            "UserCreated",
            2,
            json!({"userId": "u-1", "email": "ada@example.com", "displayName": "Ada"}),
        ),
        "a v2 UserCreated without its plan does not fit v2",
    );
    assert_parked(
        &envelope("UserDeleted", 1, json!("u-7")),
        "a payload that is not an object fits no version",
    );
    assert_parked(
        &envelope("UserCreated", 1, Value::Null),
        "a null payload fits no version",
    );
}
