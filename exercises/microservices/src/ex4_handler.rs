//! # Microservices 4: an idempotent event handler across a service boundary
//!
//! Notifications reads `OrderPlaced` from the bus and emails the user. It does not know the
//! user's email: only auth does, and notifications must ask auth's API (no service reads
//! another's tables). So handling one event takes three parties, any of which can fail: auth
//! (down), the mail server (refuses), and notifications' own database.
//!
//! Events come at least once: the same record again after a restart (at or below the
//! checkpoint), and the same event republished at a new position (the relay crashed between
//! publishing and marking). Each must end in exactly one email, and an event must never be
//! lost because auth or the mail server was down when it came.
//!
//! Given: the records, `order_placed(&envelope)`, auth's `Directory`, the `Mailer`, and the
//! database (`db.transaction(|tables| ...)` keeps the changes only if the closure returns `Ok`).
//!
//! TODO: write `handle(db, directory, mailer, record)`:
//! 1. A record at or below the checkpoint: change nothing, `Handled::AlreadySeen`.
//! 2. Not an `OrderPlaced` (`order_placed` is `None`): move the checkpoint to this record,
//!    nothing else, `Handled::Skipped`. No call to auth.
//! 3. An event whose id is in the inbox (handled before, at another position): move the
//!    checkpoint, no call to auth, no mail, `Handled::Duplicate`.
//! 4. Ask auth for the user's email. Auth unavailable: `HandleError::AuthUnavailable`, and
//!    nothing kept: no inbox id, no checkpoint move, so the event comes again. Auth says there
//!    is no such user: record the id in the inbox, move the checkpoint, no mail,
//!    `Handled::NoSuchUser`.
//! 5. Send the mail (`"Your order of {quantity} × {item}"` to the email). A mail that fails is
//!    `HandleError::MailFailed`, and nothing is kept.
//! 6. Then, in one transaction (so that a crash keeps all three or none): the id into the
//!    inbox, `Sent { event_id, email }` into `tables.sent`, the checkpoint to this record:
//!    `Handled::Sent`. (Should the id be in the inbox by then, a copy handled at the same
//!    moment got there first: move the checkpoint, record no `Sent`, `Handled::Duplicate`.)
//!
//! Check your work with `cargo learn check microservices4`; stuck? `cargo learn hint microservices4`.

use std::collections::BTreeSet;
use std::future::Future;
use std::sync::{Mutex, PoisonError};

use serde_json::Value;

// ---- Given: records, the event, auth's API, the mailer and the database. ----

/// An event as the bus carries it.
#[derive(Debug, Clone, PartialEq)]
pub struct Envelope {
    /// Unique per event.
    pub id: String,
    pub event_type: String,
    pub version: u32,
    pub payload: Value,
}

/// One record of the stream: an envelope at a position. Positions only go up.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    pub position: u64,
    pub envelope: Envelope,
}

/// What orders published.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderPlaced {
    pub order_id: String,
    pub user_id: String,
    pub item: String,
    pub quantity: u64,
}

/// The envelope's `OrderPlaced` (version 1), or `None` for any other event.
pub fn order_placed(envelope: &Envelope) -> Option<OrderPlaced> {
    if envelope.event_type != "OrderPlaced" || envelope.version != 1 {
        return None;
    }
    let text = |field: &str| Some(envelope.payload.get(field)?.as_str()?.to_owned());
    Some(OrderPlaced {
        order_id: text("orderId")?,
        user_id: text("userId")?,
        item: text("item")?,
        quantity: envelope.payload.get("quantity")?.as_u64()?,
    })
}

/// Auth could not be asked (down, or its breaker open).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unavailable;

/// Auth's API, as notifications calls it.
pub trait Directory {
    /// The user's email; `Ok(None)` if auth has no such user.
    fn email_of(&self, user_id: &str) -> impl Future<Output = Result<Option<String>, Unavailable>>;
}

/// The mail server refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailError(pub String);

/// Sends emails.
pub trait Mailer {
    fn send(&self, to: &str, subject: &str) -> impl Future<Output = Result<(), MailError>>;
}

/// An email notifications sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sent {
    pub event_id: String,
    pub email: String,
}

/// What notifications' database keeps.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tables {
    /// The ids of the events handled.
    pub inbox: BTreeSet<String>,
    /// The position of the last record handled.
    pub checkpoint: Option<u64>,
    pub sent: Vec<Sent>,
}

/// A database in memory, with all-or-nothing transactions.
#[derive(Debug, Default)]
pub struct Database {
    tables: Mutex<Tables>,
}

impl Database {
    pub fn new() -> Self {
        Self::default()
    }

    /// Runs `work` on a copy of the tables. `Ok`: the copy is kept. `Err`: nothing is.
    pub async fn transaction<T, E>(
        &self,
        work: impl FnOnce(&mut Tables) -> Result<T, E>,
    ) -> Result<T, E> {
        tokio::task::yield_now().await;
        let mut tables = self.tables.lock().unwrap_or_else(PoisonError::into_inner);
        let mut copy = tables.clone();
        let done = work(&mut copy)?;
        *tables = copy;
        Ok(done)
    }

    /// What is kept now: to look at, not to decide with.
    pub fn snapshot(&self) -> Tables {
        self.tables
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Handled {
    Sent,
    Duplicate,
    AlreadySeen,
    Skipped,
    NoSuchUser,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HandleError {
    #[error("auth is unavailable: the event will come again")]
    AuthUnavailable,
    #[error("the mail was not sent: {0}")]
    MailFailed(String),
}

// ---- Yours. ----

/// Handles one record: one email per `OrderPlaced`, however often it comes, and none lost.
pub async fn handle(
    db: &Database,
    directory: &impl Directory,
    mailer: &impl Mailer,
    record: &Record,
) -> Result<Handled, HandleError> {
    todo!()
}
