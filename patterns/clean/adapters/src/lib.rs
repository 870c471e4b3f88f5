//! # The adapters ring: the ports implemented, and the ways in
//!
//! Everything that knows a technology lives here, on the outside: SQL through sqlx, a map in
//! memory for tests, the factory chapter's notifiers, the system clock, UUIDs; and two
//! delivery mechanisms, an axum HTTP API and a clap command line, that drive the same use
//! cases. Each module implements ports that `clean-app` owns, or calls use cases that
//! `clean-app` defines; nothing in the inner rings knows this crate exists.
//!
//! Swapping a technology is a change to this crate alone: another web framework is another
//! `http` module, another database another `sql` module. The use cases do not recompile.

pub mod cli;
pub mod http;
pub mod memory;
pub mod notify;
pub mod sql;

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use clean_app::{Clock, IdGenerator};
use clean_domain::{OrderId, Timestamp};

/// The wall clock.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Timestamp {
        let millis = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |elapsed| {
                u64::try_from(elapsed.as_millis()).unwrap_or(u64::MAX)
            });
        Timestamp::from_millis(millis)
    }
}

/// A clock that says what it is told: for tests and for a demo that prints the same on every
/// run.
#[derive(Debug, Clone, Copy)]
pub struct FixedClock(Timestamp);

impl FixedClock {
    pub fn at(millis: u64) -> Self {
        Self(Timestamp::from_millis(millis))
    }
}

impl Clock for FixedClock {
    fn now(&self) -> Timestamp {
        self.0
    }
}

/// Random UUIDs (v4): ids that say nothing about how many orders there are.
#[derive(Debug, Default, Clone, Copy)]
pub struct UuidIds;

impl IdGenerator for UuidIds {
    fn next_order_id(&self) -> OrderId {
        // A UUID is 36 characters of hex digits and dashes: always a valid `OrderId`.
        OrderId::parse(&uuid::Uuid::new_v4().to_string()).unwrap_or_else(|_| unreachable!())
    }
}

/// `order-1`, `order-2`, ...: for tests and for a demo whose output is the same on every run.
#[derive(Debug, Default)]
pub struct SequentialIds(AtomicU64);

impl IdGenerator for SequentialIds {
    fn next_order_id(&self) -> OrderId {
        let n = self.0.fetch_add(1, Ordering::Relaxed) + 1;
        OrderId::parse(&format!("order-{n}")).unwrap_or_else(|_| unreachable!())
    }
}
