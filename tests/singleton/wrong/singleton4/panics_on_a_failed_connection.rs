//! Known-wrong answer to `singleton4`: `get_or_init` with `expect`, so a failed connect panics.
//! Breaks: "a failed connection returns its error and stores nothing: the next call tries again"
//! Why a learner writes it: `get_or_init` is the simpler method and an `expect` makes the types
//! fit; in Node an unhandled rejection would also "just fail"; but the caller gets a panic, not
//! an error it can answer with a 503.
//! Rejected by: a_failed_connection_is_not_stored_and_the_next_call_connects

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
        let pool = self
            .cell
            .get_or_init(|| async {
                self.connects.fetch_add(1, Ordering::SeqCst);
                // The mistake: a failed connection panics instead of being returned.
                SqlitePool::connect(url)
                    .await
                    .expect("cannot connect to the database")
            })
            .await;
        Ok(pool)
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
