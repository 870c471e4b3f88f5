//! # Singleton 3: a lazy value whose construction can fail
//!
//! Connecting to a database can fail: the server is restarting, the network blinks. A
//! singleton that remembers that first failure forever takes the whole process down with it.
//! The rule: a failed initialisation stores nothing, and the next caller tries again. A
//! successful one is stored, and nobody runs the initialiser again.
//!
//! Build that cell by hand: a `Mutex<Option<Arc<T>>>`. Holding the lock while initialising
//! means only one thread builds at a time; the others wait and then find the value there.
//! `Arc<T>` lets every caller keep the value after the lock is released.
//!
//! TODO: implement `get_or_try_init` and `get`:
//! - if the cell holds a value, return (a clone of the `Arc` to) it without calling `init`;
//! - otherwise call `init` *while holding the lock*: on `Ok`, store the value and return it;
//!   on `Err`, store nothing and return the error;
//! - an `init` that panics stores nothing either: the lock it poisoned is taken back (see
//!   `PoisonError::into_inner`), and the next call tries again;
//! - `get` returns the value if there is one; called while another thread initialises, it
//!   waits for the lock like everyone else, then answers.
//!
//! Check your work with `cargo learn check singleton3`; stuck? `cargo learn hint singleton3`.

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
