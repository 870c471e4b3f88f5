//! # Event sourcing: an order that is only its events
//!
//! The outbox publishes events *about* rows: the `users` table is the truth, and the events are
//! news of it. Event sourcing goes one step further: the events *are* the truth. An order is not
//! a row that gets updated; it is the list of what happened to it (placed, paid, shipped), and
//! its current state is computed by folding that list, oldest first. Nothing is ever updated or
//! deleted, so the history is never lost, and any new view of it can be computed later.
//!
//! Writing needs care. Two requests load the same order at version 2, both decide, both append.
//! Without a check, both appends land, and the second decided on a state that no longer
//! existed (a lost update: two payments for one order). So every append says which version it
//! decided on, the *expected version*, and the store refuses it when the stream has moved on:
//! [`OrderError::Conflict`]. The caller loads again and decides again. The `order_events`
//! primary key `(order_id, version)` is what makes the check safe under concurrency: two
//! appends of version 3 cannot both be inserted.

use sqlx::Row;

use crate::StoreError;

// ANCHOR: order_events
/// What can happen to an order.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum OrderEvent {
    Placed { user_id: String, total_cents: i64 },
    Paid { cents: i64 },
    Shipped,
    Cancelled { reason: String },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// No event yet: the order does not exist.
    New,
    Placed,
    Paid,
    Shipped,
    Cancelled,
}

/// An order's state: computed from its events, never stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Order {
    pub status: Status,
    pub user_id: String,
    pub total_cents: i64,
    pub paid_cents: i64,
    /// How many events it has: the version the next append must expect.
    pub version: u64,
}

impl Order {
    /// The state after `events`, oldest first.
    pub fn fold(events: &[OrderEvent]) -> Self {
        let empty = Order {
            status: Status::New,
            user_id: String::new(),
            total_cents: 0,
            paid_cents: 0,
            version: 0,
        };
        events.iter().fold(empty, Order::apply)
    }

    fn apply(mut self, event: &OrderEvent) -> Self {
        match event {
            OrderEvent::Placed {
                user_id,
                total_cents,
            } => {
                self.status = Status::Placed;
                self.user_id.clone_from(user_id);
                self.total_cents = *total_cents;
            }
            OrderEvent::Paid { cents } => {
                self.paid_cents = self.paid_cents.saturating_add(*cents);
                if self.paid_cents >= self.total_cents {
                    self.status = Status::Paid;
                }
            }
            OrderEvent::Shipped => self.status = Status::Shipped,
            OrderEvent::Cancelled { .. } => self.status = Status::Cancelled,
        }
        self.version += 1;
        self
    }

    /// Decides what paying `cents` means for this order, without changing it.
    pub fn pay(&self, cents: i64) -> Result<Vec<OrderEvent>, OrderError> {
        match self.status {
            Status::Placed
                if cents > 0
                    && self
                        .paid_cents
                        .checked_add(cents)
                        .is_some_and(|paid| paid <= self.total_cents) =>
            {
                Ok(vec![OrderEvent::Paid { cents }])
            }
            Status::Placed => Err(OrderError::Refused(format!(
                "a payment of {cents} cents on an order of {} with {} paid",
                self.total_cents, self.paid_cents
            ))),
            status => Err(OrderError::Refused(format!(
                "an order that is {status:?} takes no payment"
            ))),
        }
    }

    /// Decides what shipping means for this order.
    pub fn ship(&self) -> Result<Vec<OrderEvent>, OrderError> {
        match self.status {
            Status::Paid => Ok(vec![OrderEvent::Shipped]),
            status => Err(OrderError::Refused(format!(
                "an order that is {status:?} cannot be shipped (paid orders can)"
            ))),
        }
    }
}
// ANCHOR_END: order_events

/// Why an order command did not happen.
#[derive(Debug, thiserror::Error)]
pub enum OrderError {
    /// Someone appended since this decision was made: load again, decide again.
    #[error("order {order_id} is at version {actual}, not {expected}: load it again and retry")]
    Conflict {
        order_id: String,
        expected: u64,
        actual: u64,
    },
    #[error("refused: {0}")]
    Refused(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sqlx::Error> for OrderError {
    fn from(error: sqlx::Error) -> Self {
        Self::Store(StoreError::Database(error))
    }
}

/// The orders service's event store.
#[derive(Clone)]
pub struct EventStore {
    db: crate::Db,
}

impl EventStore {
    pub async fn connect(url: &str) -> Result<Self, StoreError> {
        let db = crate::connect(url).await?;
        crate::migrate(sqlx::migrate!("./migrations/orders"), &db.pool).await?;
        Ok(Self { db })
    }

    /// Every event of `order_id`, oldest first.
    pub async fn load(&self, order_id: &str) -> Result<Vec<OrderEvent>, StoreError> {
        let rows =
            sqlx::query("SELECT payload FROM order_events WHERE order_id = $1 ORDER BY version")
                .bind(order_id)
                .fetch_all(&self.db.pool)
                .await?;
        rows.iter()
            .map(|row| {
                let payload: String = row.try_get("payload")?;
                serde_json::from_str(&payload).map_err(StoreError::Corrupt)
            })
            .collect()
    }

    // ANCHOR: append
    /// Appends `events` to `order_id`'s stream if it is still at `expected` (0 for a new
    /// order): all of them, or none. Returns the new version.
    pub async fn append(
        &self,
        order_id: &str,
        expected: u64,
        events: &[OrderEvent],
    ) -> Result<u64, OrderError> {
        let mut tx = self.db.pool.begin().await?;
        let actual: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM order_events WHERE order_id = $1")
                .bind(order_id)
                .fetch_one(&mut *tx)
                .await?;
        let actual = u64::try_from(actual).unwrap_or(0);
        let conflict = || OrderError::Conflict {
            order_id: order_id.to_owned(),
            expected,
            actual,
        };
        if actual != expected {
            return Err(conflict());
        }
        let now = time::OffsetDateTime::now_utc()
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap_or_default();
        for (version, event) in (expected + 1..).zip(events) {
            let payload = serde_json::to_string(event).map_err(StoreError::Corrupt)?;
            let inserted = sqlx::query(
                "INSERT INTO order_events (order_id, version, event_type, payload, recorded_at)
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(order_id)
            .bind(i64::try_from(version).unwrap_or(i64::MAX))
            .bind(event_type(event))
            .bind(payload)
            .bind(&now)
            .execute(&mut *tx)
            .await;
            match inserted {
                Ok(_) => {}
                // Another writer inserted this version between our count and our insert.
                Err(sqlx::Error::Database(error)) if error.is_unique_violation() => {
                    return Err(conflict());
                }
                Err(error) => return Err(error.into()),
            }
        }
        tx.commit().await.map_err(|error| match error {
            sqlx::Error::Database(ref db) if db.is_unique_violation() => conflict(),
            error => error.into(),
        })?;
        Ok(expected + events.len() as u64)
    }
    // ANCHOR_END: append

    // ANCHOR: command
    /// Load, decide, append; on a conflict, load and decide again (a few times at most).
    pub async fn handle(
        &self,
        order_id: &str,
        decide: impl Fn(&Order) -> Result<Vec<OrderEvent>, OrderError>,
    ) -> Result<Order, OrderError> {
        let mut attempts = 0;
        loop {
            let mut events = self.load(order_id).await?;
            let order = Order::fold(&events);
            let new = decide(&order)?;
            match self.append(order_id, order.version, &new).await {
                Ok(_) => {
                    events.extend(new);
                    return Ok(Order::fold(&events));
                }
                Err(OrderError::Conflict { .. }) if attempts < 3 => attempts += 1,
                Err(error) => return Err(error),
            }
        }
    }
    // ANCHOR_END: command
}

fn event_type(event: &OrderEvent) -> &'static str {
    match event {
        OrderEvent::Placed { .. } => "OrderPlaced",
        OrderEvent::Paid { .. } => "OrderPaid",
        OrderEvent::Shipped => "OrderShipped",
        OrderEvent::Cancelled { .. } => "OrderCancelled",
    }
}
