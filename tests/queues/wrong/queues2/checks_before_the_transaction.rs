//! Known-wrong answer to `queues2`: "already done?" is asked of a snapshot, before the transaction.
//! Breaks: "Decide \"already done?\" inside that transaction, not before it: two deliveries of one message may run at the same time, and exactly one of them may credit."
//! Why a learner writes it: check first, then act, is how one writes it in a single-threaded
//! script, and it passes every test that delivers one message at a time. But two consumers
//! holding the same message both see "not done" before either commits, and both credit.
//! Rejected by: two_deliveries_at_the_same_time_credit_once

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
    let payment: PaymentReceived = serde_json::from_slice(&message.body)
        .map_err(|error| ApplyError::BadBody(error.to_string()))?;
    if db.snapshot().inbox.contains(&message.id) {
        return Ok(Applied::AlreadyDone);
    }
    db.transaction(|tables| {
        tables.inbox.insert(message.id.clone());
        tables.credit(&payment.account, payment.cents)?;
        Ok(Applied::Done)
    })
    .await
}
