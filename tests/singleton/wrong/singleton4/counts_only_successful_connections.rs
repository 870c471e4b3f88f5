//! Known-wrong answer to `singleton4`: counts a connection once it has succeeded.
//! Breaks: "count every connection attempt, failed ones included, in `self.connects`"
//! Why a learner writes it: `?` after `connect` reads naturally, and the count goes after it;
//! but a failed attempt returns early and is never counted.
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
        self.cell
            .get_or_try_init(|| async {
                let pool = SqlitePool::connect(url).await?;
                // The mistake: a failed connect returned above, uncounted.
                self.connects.fetch_add(1, Ordering::SeqCst);
                Ok(pool)
            })
            .await
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
