//! # Singleton 4: one database pool, connected on first use, from async code
//!
//! Connecting is `async`, so `OnceLock` is not enough: its initialiser cannot `.await`. tokio
//! has the async twin, `tokio::sync::OnceCell<T>`. `get_or_try_init(|| async { ... })` runs the
//! future for the first caller only; concurrent callers wait for it instead of connecting too;
//! if the future fails, the cell stays empty and the next caller tries again.
//!
//! TODO: implement `get` and `connects`:
//! - `get(url)` returns the pool, connecting to `url` with `SqlitePool::connect(url)` if there
//!   is no pool yet (a later call's `url` is then ignored: there is one pool);
//! - count every connection attempt, failed ones included, in `self.connects`;
//! - when 100 tasks call `get` at once, exactly one connects, and all get the same pool;
//! - a failed connection returns its error and stores nothing: the next call tries again;
//! - `connects` returns the count.
//!
//! Check your work with `cargo learn check singleton4`; stuck? `cargo learn hint singleton4`.

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
        todo!()
    }

    /// How many connection attempts were made.
    pub fn connects(&self) -> usize {
        todo!()
    }
}

impl Default for PoolCell {
    fn default() -> Self {
        Self::new()
    }
}
