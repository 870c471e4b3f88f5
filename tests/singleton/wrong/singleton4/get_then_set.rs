//! Known-wrong answer to `singleton4`: looks in the cell, connects if it is empty, then sets it.
//! Breaks: "when 100 tasks call `get` at once, exactly one connects, and all get the same pool"
//! Why a learner writes it: it is the Node singleton with `get` and `set`; in Node too, every
//! caller that arrives before the first `await` finishes finds no pool and connects.
//! Rejected by: a_hundred_tasks_share_one_pool_connected_once

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
        if let Some(pool) = self.cell.get() {
            return Ok(pool);
        }
        // The mistake: every task that found the cell empty connects, while the first connects.
        self.connects.fetch_add(1, Ordering::SeqCst);
        let pool = SqlitePool::connect(url).await?;
        let _ = self.cell.set(pool);
        Ok(self.cell.get().expect("set just filled the cell"))
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
