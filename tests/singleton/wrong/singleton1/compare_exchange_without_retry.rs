//! Known-wrong answer to `singleton1`: one `compare_exchange`, its failure ignored.
//! Breaks: "when many threads call it at once, each one must get a different total"
//! Why a learner writes it: compare-and-swap is the textbook lock-free update, but it only
//! works in a loop: when another thread changed the value first, the exchange fails, and this
//! call returns a total it never stored.
//! Rejected by: threads_signing_up_at_once_each_get_a_different_total

use std::sync::atomic::{AtomicU64, Ordering};

/// How many users have signed up since the process started.
static SIGNUPS: AtomicU64 = AtomicU64::new(0);

/// Counts one sign-up; returns the total including it.
pub fn record_signup() -> u64 {
    let current = SIGNUPS.load(Ordering::SeqCst);
    // The mistake: when the exchange fails (another thread got there first), nothing retries.
    let _ = SIGNUPS.compare_exchange(current, current + 1, Ordering::SeqCst, Ordering::SeqCst);
    current + 1
}

/// The number of sign-ups so far.
pub fn signups() -> u64 {
    SIGNUPS.load(Ordering::SeqCst)
}
