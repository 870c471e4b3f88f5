//! Known-wrong answer to `singleton1`: a thread-local counter, so no synchronisation is needed.
//! Breaks: "when many threads call it at once, each one must get a different total"
//! Why a learner writes it: Node's module-level `let` belongs to the one JavaScript thread;
//! `thread_local!` looks like its closest copy and compiles without atomics, but every thread
//! then counts its own sign-ups, from zero.
//! Rejected by: threads_signing_up_at_once_each_get_a_different_total

use std::sync::atomic::{AtomicU64, Ordering};

/// How many users have signed up since the process started.
static SIGNUPS: AtomicU64 = AtomicU64::new(0);

thread_local! {
    // The mistake: one counter per thread, not one for the process.
    static MY_SIGNUPS: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// Counts one sign-up; returns the total including it.
pub fn record_signup() -> u64 {
    MY_SIGNUPS.with(|count| {
        count.set(count.get() + 1);
        count.get()
    })
}

/// The number of sign-ups so far.
pub fn signups() -> u64 {
    MY_SIGNUPS.with(|count| count.get())
}
