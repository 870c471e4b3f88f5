//! Known-wrong answer to `singleton4`: counts every call to `get`, not every connection attempt.
//! Breaks: "when 100 tasks call `get` at once, exactly one connects, and all get the same pool"
//! Why a learner writes it: the count at the top of `get` looks like "one per attempt"; but most
//! calls find the pool there and do not connect at all.
//! Rejected by: a_hundred_tasks_share_one_pool_connected_once, once_connected_later_urls_are_ignored

use std::sync::atomic::{AtomicUsize, Ordering};

use sqlx::SqlitePool;
use tokio::sync::OnceCell;

/// The process's pool, connected on first use.
pub struct PoolCell {
    cell: OnceCell<SqlitePool>,
    connects: AtomicUsize,
}

impl PoolCell {
    pub const fn new() -> Self {
        Self {
            cell: OnceCell::const_new(),
            connects: AtomicUsize::new(0),
        }
    }

    /// The pool, connecting to `url` on the first successful call.
    pub async fn get(&self, url: &str) -> Result<&SqlitePool, sqlx::Error> {
        // The mistake: counted even when the cell already holds a pool (or another task is
        // connecting).
        self.connects.fetch_add(1, Ordering::SeqCst);
        self.cell.get_or_try_init(|| SqlitePool::connect(url)).await
    }

    /// How many connection attempts were made.
    pub fn connects(&self) -> usize {
        self.connects.load(Ordering::SeqCst)
    }
}

impl Default for PoolCell {
    fn default() -> Self {
        Self::new()
    }
}
