//! Known-wrong answer to `singleton1`: adds one, then reads the counter again for the total.
//! Breaks: "when many threads call it at once, each one must get a different total"
//! Why a learner writes it: `fetch_add` returns the value *before*, which looks like the wrong
//! one, so the total is read afterwards; by then another thread may have added its own one,
//! and both calls return the same total.
//! Rejected by: threads_signing_up_at_once_each_get_a_different_total

use std::sync::atomic::{AtomicU64, Ordering};

/// How many users have signed up since the process started.
static SIGNUPS: AtomicU64 = AtomicU64::new(0);

/// Counts one sign-up; returns the total including it.
pub fn record_signup() -> u64 {
    SIGNUPS.fetch_add(1, Ordering::SeqCst);
    // The mistake: a second, separate read; it may include other threads' sign-ups too.
    SIGNUPS.load(Ordering::SeqCst)
}

/// The number of sign-ups so far.
pub fn signups() -> u64 {
    SIGNUPS.load(Ordering::SeqCst)
}
