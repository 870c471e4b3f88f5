//! Known-wrong answer to `events1`: one lenient struct reads every version, with serde defaults for what is missing.
//! Breaks: "`UserCreated` v1: read `{"userId","email","name"}` and upcast it: `display_name` is v1's `name`, and `plan` is `"free"`."
//! Why a learner writes it: "be liberal in what you accept" sounds like good advice, and one
//! struct with `#[serde(default)]` reads v1 and v2 alike without a match on the version. But v1
//! has no `displayName`: every v1 user comes out with an empty display name, and no error says so.
//! Rejected by: a_v1_user_created_is_upcast_to_v2

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

/// `UserCreated` in any version: what is missing gets a default.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct AnyUserCreated {
    user_id: String,
    email: String,
    #[serde(default)]
    display_name: String,
    #[serde(default = "free")]
    plan: String,
}

fn free() -> String {
    "free".to_owned()
}

/// Reads `envelope` into the current shape of its event, upcasting an old version, or parks it.
pub fn decode(envelope: &Envelope) -> Result<Event, Parked> {
    let (event_type, version) = (envelope.event_type.as_str(), envelope.version);
    let read = |error: serde_json::Error| Parked {
        reason: format!("the payload of {event_type} v{version} does not fit its schema: {error}"),
    };
    let payload = envelope.payload.clone();
    match (event_type, version) {
        ("UserCreated", 1 | 2) => {
            let any: AnyUserCreated = serde_json::from_value(payload).map_err(read)?;
            Ok(Event::UserCreated(UserCreated {
                user_id: any.user_id,
                email: any.email,
                display_name: any.display_name,
                plan: any.plan,
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
