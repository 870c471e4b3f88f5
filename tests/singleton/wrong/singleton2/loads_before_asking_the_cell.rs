//! Known-wrong answer to `singleton2`: loads the configuration, then hands it to the cell.
//! Breaks: "`load_config` must run exactly once per process, however many threads call `config`"
//! Why a learner writes it: `get_or_init` wants a closure; computing the value first and
//! passing `|| fresh` compiles, and every call returns the first Config, so the output looks
//! right; but every call has already run `load_config`.
//! Rejected by: the_configuration_is_the_one_load_config_read, racing_threads_load_the_configuration_exactly_once

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
    // The mistake: load_config runs on every call, before the cell is even asked.
    let fresh = load_config();
    CONFIG.get_or_init(|| fresh)
}
