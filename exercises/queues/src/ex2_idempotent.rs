//! # Queues 2: an idempotent consumer
//!
//! A broker delivers *at least once*. A consumer that did the work and died before its ack gets
//! the message again; a consumer that looked dead (a long pause) may even see its message handed
//! to another consumer while it is still working on it. So the billing service, which credits an
//! account for every `paymentReceived`, will see some payments twice, sometimes at the same
//! moment. Crediting twice is not an option.
//!
//! The cure is the **inbox**: a set of the message ids already applied, kept in the same database
//! as the effect and written **in the same transaction**. Then the id and the credit are kept
//! together or not at all: a message whose id is in the inbox was applied, one whose id is not
//! was not. Dedupe by the message's *id*: two payments of 10 € to the same account have the same
//! body, and are two payments.
//!
//! The database here is a small one in memory (given): `db.transaction(|tables| ...)` runs your
//! closure on a copy of the tables and keeps the copy only if the closure returns `Ok`, like a
//! database transaction that commits or rolls back. Like a real database, it is a round trip
//! away: a transaction `await`s before it begins, and another consumer's transaction can run
//! in between two of yours.
//!
//! TODO: write `apply_once(db, message)`:
//! 1. Read the body as a JSON `PaymentReceived` (`serde_json::from_slice`). A body that is not
//!    one is `ApplyError::BadBody(the serde error's text)`, and writes nothing.
//! 2. Then, in ONE `db.transaction`: if the message's id is already in `tables.inbox`, change
//!    nothing and return `Applied::AlreadyDone`; otherwise insert the id into `tables.inbox` and
//!    `tables.credit(account, cents)`, and return `Applied::Done`. Decide "already done?" inside
//!    that transaction, not before it: two deliveries of one message may run at the same time,
//!    and exactly one of them may credit.
//! 3. A credit that fails (`DbError::NoSuchAccount`: the account is not opened yet) is
//!    `ApplyError::Db(that error)` (the `From` is written: `?` does it), and the transaction keeps
//!    nothing: not the credit, and not the id, so that the message's next delivery applies it.
//!
//! Check your work with `cargo learn check queues2`; stuck? `cargo learn hint queues2`.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Mutex, PoisonError};

use queues::Message;

// ---- Given: the message, and the billing service's database. ----

/// The body of a `paymentReceived` message: `{"account":"ada","cents":1000}`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PaymentReceived {
    pub account: String,
    pub cents: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DbError {
    /// No account by that name has been opened.
    #[error("no account {0:?}")]
    NoSuchAccount(String),
}

/// What the database keeps.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tables {
    /// The inbox: the id of every message applied.
    pub inbox: BTreeSet<String>,
    /// Each open account's balance, in cents.
    pub balances: BTreeMap<String, i64>,
}

impl Tables {
    /// Opens `account` with a balance of 0 (an account already open is left as it is).
    pub fn open(&mut self, account: &str) {
        self.balances.entry(account.to_owned()).or_insert(0);
    }

    /// Adds `cents` to `account`'s balance; an account not opened is `DbError::NoSuchAccount`.
    pub fn credit(&mut self, account: &str, cents: i64) -> Result<(), DbError> {
        let balance = self
            .balances
            .get_mut(account)
            .ok_or_else(|| DbError::NoSuchAccount(account.to_owned()))?;
        *balance += cents;
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

    /// Runs `work` on a copy of the tables, after a round trip to the database (another
    /// transaction may run while this one waits to begin). `Ok`: the copy is kept (commit).
    /// `Err`: it is thrown away, and nothing `work` did is kept (rollback).
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

    /// What is kept now: to look at, not to decide with (by the time you act on it, another
    /// transaction may have changed it).
    pub fn snapshot(&self) -> Tables {
        self.tables
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

/// What applying a message came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Applied {
    /// The account was credited, now.
    Done,
    /// This message id was applied before: nothing was done again.
    AlreadyDone,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ApplyError {
    #[error("the message body is not a paymentReceived: {0}")]
    BadBody(String),
    #[error(transparent)]
    Db(#[from] DbError),
}

// ---- Yours. ----

/// Credits the payment in `message` unless this message was applied before.
pub async fn apply_once(db: &Database, message: &Message) -> Result<Applied, ApplyError> {
    todo!()
}
