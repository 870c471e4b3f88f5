//! Known-wrong answer to `singleton3`: `get` takes the `Arc` out of the slot instead of cloning it.
//! Breaks: "`get` returns the value if there is one."
//! Why a learner writes it: `Option::take` hands back the `Option<Arc<T>>` that `get` returns,
//! and the compiler is happy; but it empties the cell, so the second `get` finds nothing.
//! Rejected by: get_leaves_the_value_in_the_cell

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
        // The mistake: take() moves the value out and leaves None in the cell.
        self.slot
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take()
    }
}

impl<T> Default for RetryCell<T> {
    fn default() -> Self {
        Self::new()
    }
}
