//! Known-wrong answer to `singleton3`: `get` uses `try_lock` and returns `None` when it is busy.
//! Breaks: "Holding the lock while initialising means only one thread builds at a time; the others wait and then find the value there."
//! Why a learner writes it: a getter that never blocks looks safer, and in Node nothing ever
//! waits; but while another thread initialises, `get` answers "no value" instead of waiting for
//! it (and `try_lock` also refuses a lock poisoned by an earlier panic, value or not).
//! Rejected by: get_while_another_thread_initialises_waits_for_the_value, a_panicking_initialiser_stores_nothing_and_the_next_call_retries

use std::sync::{Arc, Mutex, PoisonError};

/// A value built on first successful use.
pub struct RetryCell<T> {
    slot: Mutex<Option<Arc<T>>>,
}

impl<T> RetryCell<T> {
    pub const fn new() -> Self {
        Self {
            slot: Mutex::new(None),
        }
    }

    /// The value, building it with `init` if there is none yet.
    pub fn get_or_try_init<E>(&self, init: impl FnOnce() -> Result<T, E>) -> Result<Arc<T>, E> {
        let mut slot = self.slot.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(value) = slot.as_ref() {
            return Ok(Arc::clone(value));
        }
        let value = Arc::new(init()?);
        *slot = Some(Arc::clone(&value));
        Ok(value)
    }

    /// The value, if it has been built.
    pub fn get(&self) -> Option<Arc<T>> {
        // The mistake: when another thread holds the lock, this gives up at once.
        self.slot.try_lock().ok().and_then(|slot| slot.clone())
    }
}

impl<T> Default for RetryCell<T> {
    fn default() -> Self {
        Self::new()
    }
}
