//! # Singleton 1: a global counter, without `static mut`
//!
//! In Node, a module-level `let signups = 0;` is a singleton for free: every `require` of the
//! module shares it, and `signups++` is safe because only one thread runs JavaScript. Rust
//! runs threads in parallel, so a global that anyone can change without synchronisation is a
//! data race. The compiler refuses it: a `static` cannot be assigned to, and every use of a
//! `static mut` needs `unsafe` (and in edition 2024 a reference to one is refused by the
//! deny-by-default lint `static_mut_refs`).
//!
//! The tool for a shared number is an atomic: `AtomicU64` can be changed through a shared
//! reference, `&self`, because each operation is indivisible. `fetch_add(1, Ordering::SeqCst)`
//! adds one and returns the value it had *before*.
//!
//! TODO: implement `record_signup` and `signups`:
//! - `record_signup` adds one to `SIGNUPS` and returns the total *after* this sign-up; when many
//!   threads call it at once, each one must get a different total;
//! - `signups` returns the current total.
//!
//! Check your work with `cargo learn check singleton1`; stuck? `cargo learn hint singleton1`.

use std::sync::atomic::{AtomicU64, Ordering};

/// How many users have signed up since the process started.
static SIGNUPS: AtomicU64 = AtomicU64::new(0);

/// Counts one sign-up; returns the total including it.
pub fn record_signup() -> u64 {
    SIGNUPS.fetch_add(1, Ordering::SeqCst) + 1
}

/// The number of sign-ups so far.
pub fn signups() -> u64 {
    SIGNUPS.load(Ordering::SeqCst)
}
