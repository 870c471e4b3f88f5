//! Known-wrong answer to `singleton1`: the counter is read, then written back plus one.
//! Breaks: "when many threads call it at once, each one must get a different total"
//! Why a learner writes it: it is `signups++` from Node spelled with an atomic; each step is
//! atomic, but two threads can both load 41 and both store 42, and one sign-up is lost.
//! Rejected by: threads_signing_up_at_once_each_get_a_different_total

use std::sync::atomic::{AtomicU64, Ordering};

/// How many users have signed up since the process started.
static SIGNUPS: AtomicU64 = AtomicU64::new(0);

/// Counts one sign-up; returns the total including it.
pub fn record_signup() -> u64 {
    // The mistake: a load and a separate store, with room for another thread in between.
    let total = SIGNUPS.load(Ordering::SeqCst) + 1;
    SIGNUPS.store(total, Ordering::SeqCst);
    total
}

/// The number of sign-ups so far.
pub fn signups() -> u64 {
    SIGNUPS.load(Ordering::SeqCst)
}
