//! Known-wrong answer to `singleton3`: looks under the lock, then builds without it.
//! Breaks: "otherwise call `init` *while holding the lock*: on `Ok`, store the value and return it"
//! Why a learner writes it: holding a lock during a slow connect feels wasteful, and in Node
//! the check and the store would be safe; here two threads can both find the cell empty and
//! both run `init`.
//! Rejected by: racing_threads_build_the_value_once

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
        if let Some(value) = self.get() {
            return Ok(value);
        }
        // The mistake: the lock is not held here, so other threads run init at the same time.
        let value = Arc::new(init()?);
        *self.slot.lock().unwrap_or_else(PoisonError::into_inner) = Some(Arc::clone(&value));
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
