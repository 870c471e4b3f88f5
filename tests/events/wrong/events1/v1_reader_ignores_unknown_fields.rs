//! Known-wrong answer to `events1`: the v1 reader accepts fields v1 never had.
//! Breaks: "a payload that does not fit its version (a field missing, a field that version never had, ...)"
//! Why a learner writes it: serde ignores unknown fields by default, and a lenient reader feels
//! robust. But a v1 payload that carries a plan is not a v1 event: read as one, it is upcast to
//! the free plan while it says "pro", a guess the stream will never correct.
//! Rejected by: a_v1_payload_with_a_field_v1_never_had_is_parked

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
#[serde(rename_all = "camelCase")]
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
