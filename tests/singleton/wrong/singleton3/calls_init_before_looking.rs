//! Known-wrong answer to `singleton3`: runs `init` first, and only then looks in the cell.
//! Breaks: "if the cell holds a value, return (a clone of the `Arc` to) it without calling `init`"
//! Why a learner writes it: `let value = init()?;` at the top reads naturally, and the stored
//! value is still the one returned; but every call connects again, and throws the new
//! connection away.
//! Rejected by: once_built_the_value_is_shared_and_init_never_runs_again

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
        // The mistake: init runs on every call, even when the cell already holds a value.
        let fresh = init()?;
        if let Some(value) = slot.as_ref() {
            return Ok(Arc::clone(value));
        }
        let value = Arc::new(fresh);
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
