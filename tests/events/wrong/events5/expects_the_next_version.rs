//! Known-wrong answer to `events5`: the expected version is taken as the version the first new event will have.
//! Breaks: "only if the stream's version (its number of events; 0 for an order with no stream yet) is `expected_version`"
//! Why a learner writes it: the first event of an order is "version 1", so a new order is
//! appended "at version 1". But the expected version is the one the decision was made on: an
//! order with no stream yet is at 0, and pay's `order.version` is the count it loaded.
//! Rejected by: a_new_order_starts_at_version_0, pay_appends_a_payment

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
        let mut order = Order::default();
        for event in events {
            match event {
                OrderEvent::Placed { total_cents } => {
                    order.status = Status::Placed;
                    order.total_cents = *total_cents;
                }
                OrderEvent::Paid { cents } => {
                    order.paid_cents += cents;
                    if order.status == Status::Placed && order.paid_cents >= order.total_cents {
                        order.status = Status::Paid;
                    }
                }
                OrderEvent::Shipped => order.status = Status::Shipped,
                OrderEvent::Cancelled { .. } => order.status = Status::Cancelled,
            }
            order.version += 1;
        }
        order
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
        let mut streams = self.streams();
        let actual = streams
            .get(order_id)
            .map_or(0, |stream| stream.len() as u64);
        if actual + 1 != expected_version {
            return Err(OrderError::Conflict {
                expected: expected_version,
                actual,
            });
        }
        let stream = streams.entry(order_id.to_owned()).or_default();
        stream.extend(events);
        Ok(stream.len() as u64)
    }
}

/// Records a payment of `cents` on the order, if the order may take it.
pub async fn pay(store: &EventStore, order_id: &str, cents: u64) -> Result<Order, OrderError> {
    let mut events = store.load(order_id).await;
    let order = Order::fold(&events);
    match order.status {
        Status::NotPlaced => return Err(OrderError::NotPlaced(order_id.to_owned())),
        Status::Cancelled => return Err(OrderError::Cancelled(order_id.to_owned())),
        Status::Placed | Status::Paid | Status::Shipped => {}
    }
    if order.paid_cents + cents > order.total_cents {
        return Err(OrderError::TooMuch {
            total_cents: order.total_cents,
            paid_cents: order.paid_cents,
            cents,
        });
    }
    let paid = OrderEvent::Paid { cents };
    store
        .append(order_id, order.version, vec![paid.clone()])
        .await?;
    events.push(paid);
    Ok(Order::fold(&events))
}
