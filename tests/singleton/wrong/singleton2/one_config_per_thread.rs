//! Known-wrong answer to `singleton2`: a thread-local cache of the configuration.
//! Breaks: "every call, from any thread, returns a reference to that same `Config`"
//! Why a learner writes it: the cache works in a single-threaded test, and `thread_local!`
//! needs no synchronisation; but each thread loads and keeps a Config of its own.
//! Rejected by: racing_threads_load_the_configuration_exactly_once

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

thread_local! {
    // The mistake: one Config per thread, not one for the process.
    static THIS_THREADS_CONFIG: &'static Config = Box::leak(Box::new(load_config()));
}

/// The configuration, loaded on first use.
pub fn config() -> &'static Config {
    THIS_THREADS_CONFIG.with(|config| *config)
}
