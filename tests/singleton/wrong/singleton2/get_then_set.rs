//! Known-wrong answer to `singleton2`: looks in the cell, and if it is empty, loads and sets.
//! Breaks: "`load_config` must run exactly once per process, however many threads call `config`"
//! Why a learner writes it: it is the Node singleton, `if (!instance) instance = load()`,
//! with `get` and `set`; with one thread it loads once, but two threads can both find the
//! cell empty and both load (`set` then quietly refuses the second value).
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

/// The configuration, loaded on first use.
pub fn config() -> &'static Config {
    if let Some(config) = CONFIG.get() {
        return config;
    }
    // The mistake: between the `get` above and this `set`, another thread may load too.
    let _ = CONFIG.set(load_config());
    CONFIG.get().expect("set just filled the cell")
}
