//! # The envelope, and reading events written by older code
//!
//! An event outlives the code that wrote it. It sits in a stream for months, and a projection
//! rebuilt next year reads it again with next year's code. So every event travels in an
//! envelope that says, besides the event itself, what it is and in which shape: its `type` and
//! its schema `version`. Readers never guess a shape from the payload.
//!
//! When a shape changes, the old one is not forgotten: an *upcaster* turns the old version
//! into the current one, so the rest of the code knows one shape per type. `UserCreated` v1
//! said `name` and had no plan; v2 says `displayName`, and every v1 user was on the free plan.
//! An event no upcaster knows (a type this reader never heard of, a version from the future) is
//! *parked* with its reason: not a crash that stops the stream, and not a silent drop.
//!
//! `fixtures/` holds one stored example of every version ever written, and
//! `tests/fixtures.rs` reads them all on every build: a change that stops old events from
//! reading fails CI, not a replay in production.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

// ANCHOR: envelope
/// What travels: the event's payload, and what a reader needs to know before reading it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Envelope {
    /// A UUID v7: unique, and ordered by the time it was made (a database index on it stays
    /// compact, and sorting by id is sorting by creation, within one clock).
    pub id: Uuid,
    /// What happened, as a past-tense fact: `UserCreated`.
    #[serde(rename = "type")]
    pub event_type: String,
    /// The payload's schema version, for this type.
    pub version: u32,
    #[serde(with = "time::serde::rfc3339")]
    pub occurred_at: OffsetDateTime,
    /// The service that wrote it: `auth`.
    pub source: String,
    /// The id of the request that caused it, carried through every event that follows, so one
    /// sign-up can be traced across services' logs.
    pub correlation_id: Uuid,
    pub payload: serde_json::Value,
}
// ANCHOR_END: envelope

// ANCHOR: events
/// A user signed up (schema version 2, the current one).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UserCreated {
    pub user_id: String,
    pub email: String,
    pub display_name: String,
    /// `free` or `pro`.
    pub plan: String,
}

/// A user closed their account (schema version 1).
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
// ANCHOR_END: events

/// Every `(type, version)` ever written. `tests/fixtures.rs` requires a stored example of each
/// in `fixtures/`: add the new version here, and its fixture there, in the same change.
pub const SCHEMAS: &[(&str, u32)] = &[("UserCreated", 1), ("UserCreated", 2), ("UserDeleted", 1)];

/// Why an event cannot be read. The reader parks it with this reason and goes on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Unreadable {
    #[error("not an event envelope: {0}")]
    NotAnEnvelope(String),
    #[error("unknown event type {0:?}")]
    UnknownType(String),
    #[error("unknown version {version} of {event_type}")]
    UnknownVersion { event_type: String, version: u32 },
    #[error("the payload of {event_type} v{version} does not fit its schema: {detail}")]
    BadPayload {
        event_type: String,
        version: u32,
        detail: String,
    },
}

impl Event {
    /// The type name written in the envelope.
    pub fn type_name(&self) -> &'static str {
        match self {
            Event::UserCreated(_) => "UserCreated",
            Event::UserDeleted(_) => "UserDeleted",
        }
    }

    /// The version this code writes.
    pub fn version(&self) -> u32 {
        match self {
            Event::UserCreated(_) => 2,
            Event::UserDeleted(_) => 1,
        }
    }

    fn payload(&self) -> serde_json::Value {
        let payload = match self {
            Event::UserCreated(event) => serde_json::to_value(event),
            Event::UserDeleted(event) => serde_json::to_value(event),
        };
        // Plain structs of strings always serialise.
        payload.unwrap_or(serde_json::Value::Null)
    }
}

impl Envelope {
    /// A new envelope around `event`, written by `source` now.
    pub fn new(event: &Event, source: &str, correlation_id: Uuid) -> Self {
        Self {
            id: Uuid::now_v7(),
            event_type: event.type_name().to_owned(),
            version: event.version(),
            occurred_at: OffsetDateTime::now_utc(),
            source: source.to_owned(),
            correlation_id,
            payload: event.payload(),
        }
    }

    /// Reads an envelope from the bytes a transport delivered.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, Unreadable> {
        serde_json::from_slice(bytes).map_err(|error| Unreadable::NotAnEnvelope(error.to_string()))
    }

    /// The envelope as JSON bytes, what a transport carries.
    pub fn to_bytes(&self) -> Vec<u8> {
        // An envelope is strings, numbers and a JSON value: it always serialises.
        serde_json::to_vec(self).unwrap_or_default()
    }

    // ANCHOR: decode
    /// The event inside, in its current shape: old versions are upcast, the rest is
    /// [`Unreadable`].
    pub fn decode(&self) -> Result<Event, Unreadable> {
        match (self.event_type.as_str(), self.version) {
            ("UserCreated", 2) => self.payload_as::<UserCreated>().map(Event::UserCreated),
            ("UserCreated", 1) => self
                .payload_as::<UserCreatedV1>()
                .map(|v1| Event::UserCreated(v1.upcast())),
            ("UserDeleted", 1) => self.payload_as::<UserDeleted>().map(Event::UserDeleted),
            (event_type, version) if SCHEMAS.iter().any(|(known, _)| *known == event_type) => {
                Err(Unreadable::UnknownVersion {
                    event_type: event_type.to_owned(),
                    version,
                })
            }
            (event_type, _) => Err(Unreadable::UnknownType(event_type.to_owned())),
        }
    }
    // ANCHOR_END: decode

    fn payload_as<T: serde::de::DeserializeOwned>(&self) -> Result<T, Unreadable> {
        T::deserialize(&self.payload).map_err(|error| Unreadable::BadPayload {
            event_type: self.event_type.clone(),
            version: self.version,
            detail: error.to_string(),
        })
    }
}

// ANCHOR: upcast
/// `UserCreated` as version 1 wrote it: `name`, and no plan.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct UserCreatedV1 {
    user_id: String,
    email: String,
    name: String,
}

impl UserCreatedV1 {
    /// v1 → v2: `name` is now `displayName`, and every v1 user signed up before there was a
    /// paid plan, so their plan is `free`. An upcaster states a fact about the past; it never
    /// guesses.
    fn upcast(self) -> UserCreated {
        UserCreated {
            user_id: self.user_id,
            email: self.email,
            display_name: self.name,
            plan: "free".to_owned(),
        }
    }
}
// ANCHOR_END: upcast
