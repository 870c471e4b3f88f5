//! # Events 1: envelopes and schema versions
//!
//! The auth service has emitted `UserCreated` since its first day, and the analytics service
//! replays the whole stream whenever it rebuilds its figures. So today's reader meets events
//! written by last year's code: the payload's shape changed since, and the stream still holds
//! both. Each event travels in an **envelope** that says what it is and in which shape: its
//! `type` and its schema `version`. A reader never guesses a shape from the payload.
//!
//! `UserCreated` v1 was `{"userId","email","name"}`. v2, the current one, renamed `name` to
//! `displayName` and added `plan`; every v1 user was on the `"free"` plan (there was no other).
//! `UserDeleted` has only ever had v1, `{"userId"}`. The rest of the code should know one shape
//! per type, the current one, so an old version is **upcast**: turned into the current shape as
//! it is read. And an event this code cannot read (a type it never heard of, a version from the
//! future, a payload that does not fit its version) is **parked** with a reason a person can act
//! on: not a panic that stops the stream, not a guess, and not a silent drop.
//!
//! TODO: write `decode(envelope)`:
//! 1. `UserCreated` v2: read the payload as it is, into `Event::UserCreated`.
//! 2. `UserCreated` v1: read `{"userId","email","name"}` and upcast it: `display_name` is v1's
//!    `name`, and `plan` is `"free"`. All three v1 fields are required: a v1 payload without
//!    `name` does not fit v1 (do not default it to `""`).
//! 3. `UserDeleted` v1: read `{"userId"}` into `Event::UserDeleted`.
//! 4. Anything else is `Err(Parked { reason })`, and the reason names the event's type and its
//!    version (`"UserCreated"` and `3`, say): an unknown type; an unknown version of a known type
//!    (`UserCreated` v3 is not "the latest", v0 is not v1); a payload that does not fit its
//!    version (a field missing, a field that version never had, a v2 payload under version 1,
//!    not an object at all).
//! 5. Never panic, whatever the envelope holds.
//!
//! Check your work with `cargo learn check events1`; stuck? `cargo learn hint events1`.

use serde::{Deserialize, Serialize};
use serde_json::Value;

// ---- Given: the envelope, and the events in their current shape. ----

/// What travels: the event's payload, and what a reader needs to know before reading it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Envelope {
    /// Unique per event (in real life a UUID v7).
    pub id: String,
    /// What happened, as a past-tense fact: `UserCreated`.
    #[serde(rename = "type")]
    pub event_type: String,
    /// The payload's schema version, for this type.
    pub version: u32,
    /// When it happened (RFC 3339).
    pub occurred_at: String,
    /// The service that wrote it: `auth`.
    pub source: String,
    /// The id of the request that caused it, carried by every event that follows.
    pub correlation_id: String,
    /// The event itself, in the shape its `type` and `version` say.
    pub payload: Value,
}

/// A user signed up: schema version 2, the current one.
/// `{"userId":"u-1","email":"ada@example.com","displayName":"Ada","plan":"pro"}`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UserCreated {
    pub user_id: String,
    pub email: String,
    pub display_name: String,
    /// `free` or `pro`.
    pub plan: String,
}

/// A user closed their account: schema version 1, the only one. `{"userId":"u-1"}`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UserDeleted {
    pub user_id: String,
}

/// Every event this code reads, in its current shape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    UserCreated(UserCreated),
    UserDeleted(UserDeleted),
}

/// An event this code cannot read: it goes to the parking lot, where a person reads `reason`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("parked: {reason}")]
pub struct Parked {
    pub reason: String,
}

// ---- Yours. ----

/// `UserCreated` as version 1 wrote it: `{"userId","email","name"}`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct UserCreatedV1 {
    user_id: String,
    email: String,
    name: String,
}

/// Reads `envelope` into the current shape of its event, upcasting an old version, or parks it.
pub fn decode(envelope: &Envelope) -> Result<Event, Parked> {
    let (event_type, version) = (envelope.event_type.as_str(), envelope.version);
    let read = |error: serde_json::Error| Parked {
        reason: format!("the payload of {event_type} v{version} does not fit its schema: {error}"),
    };
    let payload = envelope.payload.clone();
    match (event_type, version) {
        ("UserCreated", 2) => serde_json::from_value(payload)
            .map(Event::UserCreated)
            .map_err(read),
        ("UserCreated", 1) => {
            let v1: UserCreatedV1 = serde_json::from_value(payload).map_err(read)?;
            Ok(Event::UserCreated(UserCreated {
                user_id: v1.user_id,
                email: v1.email,
                display_name: v1.name,
                plan: "free".to_owned(),
            }))
        }
        ("UserDeleted", 1) => serde_json::from_value(payload)
            .map(Event::UserDeleted)
            .map_err(read),
        ("UserCreated" | "UserDeleted", _) => Err(Parked {
            reason: format!("unknown version {version} of {event_type}"),
        }),
        _ => Err(Parked {
            reason: format!("unknown event type {event_type:?} (version {version})"),
        }),
    }
}
