//! # Singleton 2: configuration read once, on first use
//!
//! The source material's `Database` singleton returns the first instance from its constructor.
//! For values built by ordinary (synchronous) code, the standard library has the whole pattern:
//! `std::sync::OnceLock<T>` is a cell that starts empty and is filled exactly once, even when
//! many threads race to fill it; `get_or_init(f)` runs `f` only for the first caller and hands
//! every caller a `&T` to the same value. (`std::sync::LazyLock` packages the same thing with
//! its initialiser, for a `static` you never need to reset.)
//!
//! TODO: implement `config` with the `CONFIG` cell:
//! - the first call runs `load_config()` and keeps its result;
//! - every call, from any thread, returns a reference to that same `Config`;
//! - `load_config` must run exactly once per process, however many threads call `config`.
//!
//! Check your work with `cargo learn check singleton2`; stuck? `cargo learn hint singleton2`.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The settings of the sign-up service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// Who welcome emails come from.
    pub sender: String,
    /// How many sign-ups a minute one address may make.
    pub rate_limit: u32,
}

/// How many times `load_config` ran.
pub static LOADS: AtomicUsize = AtomicUsize::new(0);

/// Reads the settings from the environment. Slow in real life: call it once.
pub fn load_config() -> Config {
    LOADS.fetch_add(1, Ordering::SeqCst);
    Config {
        sender: std::env::var("SIGNUP_SENDER").unwrap_or_else(|_| "welcome@example.com".into()),
        rate_limit: std::env::var("SIGNUP_RATE_LIMIT")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(5),
    }
}

static CONFIG: OnceLock<Config> = OnceLock::new();

/// The configuration, loaded on first use.
pub fn config() -> &'static Config {
    todo!()
}
