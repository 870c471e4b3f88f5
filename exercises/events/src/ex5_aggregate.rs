//! # Events 5: event sourcing
//!
//! The shop keeps no `orders` table. An order **is** its events, `Placed`, `Paid`, `Shipped`,
//! `Cancelled`, appended to a stream of its own, and its state is those events folded, from
//! the first. Nothing is ever updated in place, so nothing is lost: the history is the data.
//!
//! Changing an order is: load its events, fold them into its state, decide (may this order be
//! paid?), and append the new events. Two clerks doing that at the same moment both load the
//! same history and both decide on it; if both appends went through, the second would be
//! decided on a state that no longer exists (two payments of 600 € on an order of 1000 €, each
//! checked against "nothing paid yet"). So an append says which **version** of the stream it
//! was decided on, the number of events loaded, and the store refuses it if the stream has moved
//! since: **optimistic concurrency**. The loser gets a `Conflict`, and may load again and decide
//! again.
//!
//! The store here is in memory (given). `load` and `write` are round trips: by the time their
//! answer comes back, another writer may have appended. `write` is the admin's blind append,
//! with no version check: it is not what `append` may use to write.
//!
//! TODO:
//! 1. `Order::fold(events)`: the state is nothing but its events, folded from
//!    `Order::default()`: `Placed { total_cents }` makes it `Status::Placed` with that total;
//!    `Paid { cents }` adds to `paid_cents`, and a placed order paid in full
//!    (`paid_cents >= total_cents`) becomes `Status::Paid`; `Shipped` makes it `Status::Shipped`;
//!    `Cancelled` makes it `Status::Cancelled`. `version` is the number of events.
//! 2. `EventStore::append(order_id, expected_version, events)`: only if the stream's version
//!    (its number of events; 0 for an order with no stream yet) is `expected_version`, append all
//!    of `events` and return the new version (the number of events now: an append of two events
//!    adds two). Otherwise `Err(OrderError::Conflict { expected, actual })` and write nothing:
//!    never a part of the batch. Check the version and write in ONE step, under one lock of
//!    `self.streams()`, with no `.await` in between: a version read with `load` is stale by the
//!    time `write` runs. Two appends on the same version: exactly one wins.
//! 3. `pay(store, order_id, cents)`: `load`, fold, decide, and append one `Paid { cents }` with
//!    the version it loaded (never a version read again later). An order never placed is
//!    `Err(OrderError::NotPlaced(id))`, a cancelled one `Err(OrderError::Cancelled(id))`, and a
//!    payment that would take `paid_cents` above `total_cents` is
//!    `Err(OrderError::TooMuch { total_cents, paid_cents, cents })`: none of them appends
//!    anything. A payment of exactly what is left is fine. Only those two statuses are refused
//!    as such: for a paid or shipped order the total decides (nothing is left, so any payment
//!    above 0 is `TooMuch`). A `Conflict` from `append` is returned as it is. On success, return
//!    the order as it is after the payment.
//!
//! Check your work with `cargo learn check events5`; stuck? `cargo learn hint events5`.

use std::collections::BTreeMap;
use std::sync::{Mutex, MutexGuard, PoisonError};

// ---- Given: the events, the state, and the event store. ----

/// What happens to an order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OrderEvent {
    Placed { total_cents: u64 },
    Paid { cents: u64 },
    Shipped,
    Cancelled { reason: String },
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Status {
    /// No event yet: there is no such order.
    #[default]
    NotPlaced,
    Placed,
    /// Paid in full.
    Paid,
    Shipped,
    Cancelled,
}

/// An order's state: its events, folded.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Order {
    pub status: Status,
    pub total_cents: u64,
    pub paid_cents: u64,
    /// How many events the state was folded from.
    pub version: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OrderError {
    #[error("order {0:?} was never placed")]
    NotPlaced(String),
    #[error("order {0:?} is cancelled")]
    Cancelled(String),
    #[error("paying {cents} on top of {paid_cents} would exceed the total of {total_cents}")]
    TooMuch {
        total_cents: u64,
        paid_cents: u64,
        cents: u64,
    },
    #[error("the append expected version {expected}, but the stream is at version {actual}")]
    Conflict { expected: u64, actual: u64 },
}

/// Every order's events, in memory.
#[derive(Debug, Default)]
pub struct EventStore {
    streams: Mutex<BTreeMap<String, Vec<OrderEvent>>>,
}

impl EventStore {
    pub fn new() -> Self {
        Self::default()
    }

    /// The streams, locked: every order's events, by order id. Whatever you read and write
    /// while you hold this guard is one atomic step. (Hold it across no `.await`.)
    fn streams(&self) -> MutexGuard<'_, BTreeMap<String, Vec<OrderEvent>>> {
        self.streams.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The order's events, in order (none: it was never placed). A round trip: the events
    /// are read, then the answer travels back, and another writer may append meanwhile.
    pub async fn load(&self, order_id: &str) -> Vec<OrderEvent> {
        let events = self.streams().get(order_id).cloned().unwrap_or_default();
        tokio::task::yield_now().await;
        events
    }

    /// The admin's blind append, with no version check (to load fixtures). A round trip:
    /// the events are written once the request arrives.
    pub async fn write(&self, order_id: &str, events: Vec<OrderEvent>) {
        tokio::task::yield_now().await;
        self.streams()
            .entry(order_id.to_owned())
            .or_default()
            .extend(events);
    }

    /// What is stored now: to look at, not to decide with.
    pub fn stream(&self, order_id: &str) -> Vec<OrderEvent> {
        self.streams().get(order_id).cloned().unwrap_or_default()
    }
}

// ---- Yours. ----

impl Order {
    /// The state of an order with these events.
    pub fn fold(events: &[OrderEvent]) -> Order {
        todo!()
    }
}

impl EventStore {
    /// Appends `events` to the order's stream if it is at `expected_version`; the new version.
    pub async fn append(
        &self,
        order_id: &str,
        expected_version: u64,
        events: Vec<OrderEvent>,
    ) -> Result<u64, OrderError> {
        todo!()
    }
}

/// Records a payment of `cents` on the order, if the order may take it.
pub async fn pay(store: &EventStore, order_id: &str, cents: u64) -> Result<Order, OrderError> {
    todo!()
}
