//! Known-wrong answer to `singleton1`: returns what `fetch_add` returns, the old total.
//! Breaks: "`record_signup` adds one to `SIGNUPS` and returns the total *after* this sign-up"
//! Why a learner writes it: `fetch_add` reads like "add and give me the result", as
//! `++signups` does in JavaScript; it gives the value from before the add.
//! Rejected by: record_signup_returns_the_total_including_this_signup

use std::sync::atomic::{AtomicU64, Ordering};

/// How many users have signed up since the process started.
static SIGNUPS: AtomicU64 = AtomicU64::new(0);

/// Counts one sign-up; returns the total including it.
pub fn record_signup() -> u64 {
    // The mistake: the value before this sign-up, not the total including it.
    SIGNUPS.fetch_add(1, Ordering::SeqCst)
}

/// The number of sign-ups so far.
pub fn signups() -> u64 {
    SIGNUPS.load(Ordering::SeqCst)
}
