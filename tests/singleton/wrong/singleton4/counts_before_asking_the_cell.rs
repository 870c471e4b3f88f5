//! Known-wrong answer to `singleton4`: counts an attempt when the cell looks empty, then asks it.
//! Breaks: "when 100 tasks call `get` at once, exactly one connects, and all get the same pool"
//! Why a learner writes it: "if there is no pool yet, we are about to connect" holds for one
//! caller; while the first task connects, every other task also finds the cell empty and counts
//! an attempt it does not make.
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
        // The mistake: the check and the connection are two steps; other tasks pass the check
        // while the first one connects, and count too.
        if !self.cell.initialized() {
            self.connects.fetch_add(1, Ordering::SeqCst);
        }
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
