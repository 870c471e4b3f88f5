//! Helpers shared by the checks in this folder.
//!
//! Each check is its own test target (see `Cargo.toml`): `observer1` compiles only
//! `observer/ex1_on_emit.rs` and the one exercise file it grades, so a compile error in one
//! exercise never blocks the checks of another, and re-checking after an edit rebuilds little.

use std::sync::{Arc, Mutex, PoisonError};

/// A record of what listeners did, in order. Clone it into each listener; every clone writes
/// to the same list. `Send + Sync`, so it also works inside tokio tasks.
#[derive(Clone, Default)]
pub struct Log(Arc<Mutex<Vec<String>>>);

impl Log {
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends one line.
    pub fn push(&self, line: impl Into<String>) {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(line.into());
    }

    /// Everything recorded so far.
    pub fn lines(&self) -> Vec<String> {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// How many lines are exactly `line`.
    pub fn count(&self, line: &str) -> usize {
        self.lines().iter().filter(|l| *l == line).count()
    }
}
