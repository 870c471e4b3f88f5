//! Known-wrong answer to `microservices4`: whether the event is for notifications is decided before the checkpoint is looked at.
//! Breaks: "A record at or below the checkpoint: change nothing, `Handled::AlreadySeen`."
//! Why a learner writes it: "is this event even mine?" is the first question a handler usually asks. But
//! an old record of another type, read again after a restart, then moves the checkpoint back to
//! its position, and everything after it is read again.
//! Rejected by: a_record_read_again_after_a_restart_changes_nothing

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

/// Where a record stands before any call: already behind us, not ours, a copy, or new work.
enum Before {
    Done(Handled),
    Work(OrderPlaced),
}

/// Handles one record: one email per `OrderPlaced`, however often it comes, and none lost.
pub async fn handle(
    db: &Database,
    directory: &impl Directory,
    mailer: &impl Mailer,
    record: &Record,
) -> Result<Handled, HandleError> {
    let position = record.position;
    let before = db
        .transaction(|tables| {
            let Some(placed) = order_placed(&record.envelope) else {
                tables.checkpoint = Some(position);
                return Ok::<_, HandleError>(Before::Done(Handled::Skipped));
            };
            if tables.checkpoint.is_some_and(|c| position <= c) {
                return Ok(Before::Done(Handled::AlreadySeen));
            }
            if tables.inbox.contains(&record.envelope.id) {
                tables.checkpoint = Some(position);
                return Ok(Before::Done(Handled::Duplicate));
            }
            Ok(Before::Work(placed))
        })
        .await?;
    let placed = match before {
        Before::Done(handled) => return Ok(handled),
        Before::Work(placed) => placed,
    };
    let event_id = record.envelope.id.clone();
    let email = directory
        .email_of(&placed.user_id)
        .await
        .map_err(|Unavailable| HandleError::AuthUnavailable)?;
    let Some(email) = email else {
        return db
            .transaction(|tables| {
                tables.inbox.insert(event_id);
                tables.checkpoint = Some(position);
                Ok(Handled::NoSuchUser)
            })
            .await;
    };
    let subject = format!("Your order of {} × {}", placed.quantity, placed.item);
    mailer
        .send(&email, &subject)
        .await
        .map_err(|MailError(why)| HandleError::MailFailed(why))?;
    db.transaction(|tables| {
        tables.checkpoint = Some(position);
        if !tables.inbox.insert(event_id.clone()) {
            return Ok(Handled::Duplicate);
        }
        tables.sent.push(Sent { event_id, email });
        Ok(Handled::Sent)
    })
    .await
}
