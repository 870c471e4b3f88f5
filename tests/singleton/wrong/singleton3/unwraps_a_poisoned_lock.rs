//! Known-wrong answer to `singleton3`: `lock().unwrap()`, so one panic poisons the cell forever.
//! Breaks: "The rule: a failed initialisation stores nothing, and the next caller tries again."
//! Why a learner writes it: `lock().unwrap()` is what most examples show; but an initialiser
//! that panics while the lock is held poisons the `Mutex`, and from then on every call panics
//! instead of trying again.
//! Rejected by: a_panicking_initialiser_stores_nothing_and_the_next_call_retries

use std::sync::{Arc, Mutex};

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
        // The mistake: after an initialiser panicked, the lock is poisoned and this panics.
        let mut slot = self.slot.lock().unwrap();
        if let Some(value) = slot.as_ref() {
            return Ok(Arc::clone(value));
        }
        let value = Arc::new(init()?);
        *slot = Some(Arc::clone(&value));
        Ok(value)
    }

    /// The value, if it has been built.
    pub fn get(&self) -> Option<Arc<T>> {
        // The mistake: the same here.
        self.slot.lock().unwrap().clone()
    }
}

impl<T> Default for RetryCell<T> {
    fn default() -> Self {
        Self::new()
    }
}
