//! What the checks of every pattern share.
//!
//! The checks themselves live beside this folder, one package per pattern (`tests/observer` is
//! `checks-observer`), and one test target per exercise: `observer1` compiles only
//! `tests/observer/ex1_on_emit.rs` and the one exercise file it grades. So a compile error in
//! one exercise never blocks the checks of another, and re-checking after an edit rebuilds one
//! small crate whose dependencies are only its own pattern's.

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

/// The URL of a real server for a test, from the environment variable `var`
/// (`DATABASE_URL`, `MONGODB_URL`, ...).
///
/// - Set: the URL, and the test runs against that server.
/// - Not set, on a laptop: `None` after one clear line on the terminal; the test then returns
///   early. (The line is written past libtest's output capture, so it is seen.)
/// - Not set while `REQUIRE_SERVICES=1` (CI sets it): a panic, because a check that CI
///   skipped would be a check that never ran.
pub fn service_url(var: &str, what: &str) -> Option<String> {
    use std::io::Write;
    if let Some(url) = std::env::var(var).ok().filter(|url| !url.is_empty()) {
        return Some(url);
    }
    let required = std::env::var("REQUIRE_SERVICES").is_ok_and(|v| v == "1");
    assert!(
        !required,
        "REQUIRE_SERVICES=1 but {var} is not set: this check needs {what}"
    );
    let _ = writeln!(
        std::io::stderr(),
        "skipped: set {var} to run this check against {what}"
    );
    None
}
