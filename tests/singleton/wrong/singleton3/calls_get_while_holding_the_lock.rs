//! Known-wrong answer to `singleton3`: `get_or_try_init` reuses `get` while it holds the lock.
//! Breaks: "otherwise call `init` *while holding the lock*: on `Ok`, store the value and return it"
//! Why a learner writes it: `get` already answers "is there a value?", so reusing it looks
//! tidy; but `get` locks the same `Mutex` again, on the thread that holds it, and waits for
//! itself forever: `get_or_try_init` never returns.
//! Rejected by: a_failed_initialisation_stores_nothing_and_the_next_call_retries, once_built_the_value_is_shared_and_init_never_runs_again, racing_threads_build_the_value_once

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
        // The mistake: get() locks self.slot again, and this thread already holds that lock.
        if let Some(value) = self.get() {
            return Ok(value);
        }
        let value = Arc::new(init()?);
        *slot = Some(Arc::clone(&value));
        Ok(value)
    }

    /// The value, if it has been built.
    pub fn get(&self) -> Option<Arc<T>> {
        self.slot
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

impl<T> Default for RetryCell<T> {
    fn default() -> Self {
        Self::new()
    }
}
