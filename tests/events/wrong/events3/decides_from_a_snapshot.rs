//! Known-wrong answer to `events3`: "already handled?" is decided from a snapshot, before the transaction.
//! Breaks: "all of it in ONE `db.transaction`"
//! Why a learner writes it: looking first and writing only when there is work to do feels
//! efficient, and with one delivery at a time it gives the right answers. But two copies of one
//! event handled at the same moment both look before either writes: both send the mail.
//! Rejected by: two_copies_handled_at_the_same_moment_send_one_mail

use std::collections::BTreeSet;
use std::sync::{Mutex, PoisonError};

use serde::{Deserialize, Serialize};
use serde_json::Value;

// ---- Given: the envelope, the record, and the welcome service's database. ----

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

/// One record of the stream: an envelope at a position. Positions only go up.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    pub position: u64,
    pub envelope: Envelope,
}

/// The address to welcome, when the envelope is an event this service handles (a
/// `UserCreated` v2, whose payload has an `email`); `None` for any other event.
pub fn welcome_address(envelope: &Envelope) -> Option<String> {
    if envelope.event_type != "UserCreated" || envelope.version != 2 {
        return None;
    }
    envelope.payload.get("email")?.as_str().map(str::to_owned)
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DbError {
    /// The mail table refuses this address (it is not an address at all).
    #[error("{0:?} is not a deliverable address")]
    Undeliverable(String),
}

/// What the database keeps.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tables {
    /// The inbox: the id of every event handled.
    pub inbox: BTreeSet<String>,
    /// The position of the last record handled (`None`: none yet).
    pub checkpoint: Option<u64>,
    /// The welcome mails queued, in order (a mailer, not yours, sends them).
    pub welcome_mails: Vec<String>,
}

impl Tables {
    /// Queues a welcome mail to `address`; one with no `@` is `DbError::Undeliverable`.
    pub fn queue_welcome(&mut self, address: String) -> Result<(), DbError> {
        if !address.contains('@') {
            return Err(DbError::Undeliverable(address));
        }
        self.welcome_mails.push(address);
        Ok(())
    }
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

    /// Runs `work` on a copy of the tables, after a round trip to the database. `Ok`: the copy
    /// is kept (commit). `Err`: it is thrown away, and nothing `work` did is kept (rollback).
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

/// What handling a record came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Handled {
    /// A welcome mail was queued, now.
    Sent,
    /// This event was handled before, at another position: no mail; the checkpoint moved.
    Duplicate,
    /// An event this service does not handle: no mail; the id and the checkpoint were kept.
    Ignored,
    /// This position is at or below the checkpoint: nothing was done.
    AlreadySeen,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HandleError {
    #[error(transparent)]
    Db(#[from] DbError),
}

// ---- Yours. ----

/// Handles one record of the stream, once, whatever comes back.
pub async fn handle(db: &Database, record: &Record) -> Result<Handled, HandleError> {
    // Looked up first, to save a transaction when the answer is "nothing to do".
    let seen = db.snapshot();
    if seen
        .checkpoint
        .is_some_and(|checkpoint| record.position <= checkpoint)
    {
        return Ok(Handled::AlreadySeen);
    }
    let duplicate = seen.inbox.contains(&record.envelope.id);
    db.transaction(|tables| {
        tables.checkpoint = Some(record.position);
        if duplicate {
            return Ok(Handled::Duplicate);
        }
        tables.inbox.insert(record.envelope.id.clone());
        match welcome_address(&record.envelope) {
            Some(address) => {
                tables.queue_welcome(address)?;
                Ok(Handled::Sent)
            }
            None => Ok(Handled::Ignored),
        }
    })
    .await
}
