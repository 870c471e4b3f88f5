//! Checks for exercise `singleton2`: `exercises/singleton/src/ex2_config_once.rs`.

#[cfg_attr(
    feature = "exercises",
    path = "../../exercises/singleton/src/ex2_config_once.rs"
)]
#[cfg_attr(
    not(feature = "exercises"),
    path = "../../solutions/singleton/src/ex2_config_once.rs"
)]
#[allow(unused)]
mod exercise;

use std::sync::atomic::Ordering;

use exercise::{LOADS, config};

// Every test here goes through `config()`, so the count of loads is the same whichever runs first.
#[test]
fn racing_threads_load_the_configuration_exactly_once() {
    let barrier = std::sync::Arc::new(std::sync::Barrier::new(16));
    let threads: Vec<_> = (0..16)
        .map(|_| {
            let barrier = barrier.clone();
            std::thread::spawn(move || {
                barrier.wait();
                config() as *const _ as usize
            })
        })
        .collect();
    let addresses: std::collections::HashSet<usize> = threads
        .into_iter()
        .map(|t| t.join().expect("a thread panicked"))
        .collect();
    assert_eq!(
        LOADS.load(Ordering::SeqCst),
        1,
        "load_config should run exactly once, however many threads call config()"
    );
    assert_eq!(
        addresses.len(),
        1,
        "every call should return the same Config, not a copy"
    );
}

#[test]
fn the_configuration_is_the_one_load_config_read() {
    let first = config();
    let second = config();
    assert!(
        std::ptr::eq(first, second),
        "config() returned two different Configs"
    );
    // What load_config reads: your shell may set these, so ask the environment too.
    let sender = std::env::var("SIGNUP_SENDER").unwrap_or_else(|_| "welcome@example.com".into());
    assert_eq!(
        first.sender, sender,
        "config() should return what load_config read"
    );
    if std::env::var_os("SIGNUP_RATE_LIMIT").is_none() {
        assert_eq!(first.rate_limit, 5);
    }
    assert_eq!(
        LOADS.load(Ordering::SeqCst),
        1,
        "load_config ran more than once"
    );
}
