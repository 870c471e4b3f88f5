//! Checks for exercise `singleton2`: `exercises/singleton/src/ex2_config_once.rs`.

// Graded: the solution (`cargo test`), the learner's file (feature `exercises`, `cargo learn`)
// or a known-wrong answer copied to wip/ (feature `wrong`, `cargo learn dev verify-wrong`).
#[cfg_attr(
    feature = "exercises",
    path = "../../exercises/singleton/src/ex2_config_once.rs"
)]
#[cfg_attr(feature = "wrong", path = "wip/ex2_config_once.rs")]
#[cfg_attr(
    not(any(feature = "exercises", feature = "wrong")),
    path = "../../solutions/singleton/src/ex2_config_once.rs"
)]
#[allow(unused)]
mod exercise;

use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use exercise::{LOADS, config};

/// `CONFIG` is filled once per process, so one process holds one race. This check runs the race
/// in fresh processes of this same test binary, each started with this variable set.
const RACE_HERE: &str = "SINGLETON2_RACE_IN_THIS_PROCESS";
const PROCESSES: usize = 8;
const THREADS: usize = 8;
/// A race takes milliseconds; one that has not finished after this long never will.
const LIMIT: Duration = Duration::from_secs(5);

#[test]
fn racing_threads_load_the_configuration_exactly_once() {
    if std::env::var_os(RACE_HERE).is_some() {
        race_in_this_process();
        return;
    }
    for process in 1..=PROCESSES {
        let race = race_in_a_fresh_process();
        let Some((loads, configs)) = race.result else {
            panic!(
                "in a fresh process, {THREADS} threads called config() at the same time, and it \
                 did not finish: {}",
                race.problem
            );
        };
        assert_eq!(
            loads, 1,
            "in a fresh process ({process} of {PROCESSES}), {THREADS} threads called config() \
             at the same time, and load_config ran {loads} times: it must run exactly once \
             however many threads call config(). Checking whether CONFIG is empty and then \
             filling it are two steps; let the OnceLock decide, in one step, who loads"
        );
        assert_eq!(
            configs, 1,
            "in a fresh process ({process} of {PROCESSES}), {THREADS} threads called config() \
             at the same time and got {configs} different Configs: every call, from any thread, \
             returns a reference to the same Config"
        );
    }
}

/// The race itself: prints `loads=N configs=N` for the process that started this one.
fn race_in_this_process() {
    // A start line the threads spin at, so that all of them call config() together.
    let ready = Arc::new(AtomicUsize::new(0));
    let threads: Vec<_> = (0..THREADS)
        .map(|_| {
            let ready = Arc::clone(&ready);
            std::thread::spawn(move || {
                ready.fetch_add(1, Ordering::SeqCst);
                while ready.load(Ordering::SeqCst) < THREADS {
                    std::hint::spin_loop();
                }
                std::ptr::from_ref(config()) as usize
            })
        })
        .collect();
    let mut addresses = std::collections::HashSet::new();
    for thread in threads {
        match thread.join() {
            Ok(address) => addresses.insert(address),
            Err(panic) => std::panic::resume_unwind(panic),
        };
    }
    println!(
        "loads={} configs={}",
        LOADS.load(Ordering::SeqCst),
        addresses.len()
    );
}

struct Race {
    /// How many times load_config ran, and how many different Configs the threads got.
    result: Option<(usize, usize)>,
    /// Why there is no result.
    problem: String,
}

fn race_in_a_fresh_process() -> Race {
    let this_test = "racing_threads_load_the_configuration_exactly_once";
    let binary = std::env::current_exe().expect("the test binary's path");
    let mut child = Command::new(binary)
        .args([this_test, "--exact", "--nocapture", "--test-threads=1"])
        .env(RACE_HERE, "1")
        .env("RUST_BACKTRACE", "0")
        // load_config reads two environment variables, and the C library looks for each from
        // the start of the environment: a long one makes the load slow, so that the other
        // threads reach config() while the first load is still running.
        .envs((0..2_000).map(|n| (format!("SINGLETON2_PADDING_{n:04}"), "x")))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("cannot start a fresh process of this test binary");
    let started = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(_)) => break,
            Ok(None) if started.elapsed() < LIMIT => {
                std::thread::sleep(Duration::from_millis(5));
            }
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                return Race {
                    result: None,
                    problem: format!(
                        "config() had not returned after {} s (does it wait for itself?)",
                        LIMIT.as_secs()
                    ),
                };
            }
        }
    }
    let output = child
        .wait_with_output()
        .expect("cannot read the fresh process's output");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let result = stdout.lines().find_map(|line| {
        // libtest may have printed `test NAME ... ` on the same line first.
        let (_, race) = line.split_once("loads=")?;
        let (loads, configs) = race.split_once(" configs=")?;
        Some((loads.parse().ok()?, configs.parse().ok()?))
    });
    // What a thread panicked with: the line after "panicked at FILE:LINE:COLUMN:".
    let stderr = String::from_utf8_lossy(&output.stderr);
    let panic = stderr
        .lines()
        .skip_while(|line| !line.contains("panicked at"))
        .nth(1)
        .unwrap_or("it stopped without a message");
    Race {
        result,
        problem: format!("config() panicked: {panic}"),
    }
}

#[test]
fn the_configuration_is_the_one_load_config_read() {
    let first = config();
    let second = config();
    assert!(
        std::ptr::eq(first, second),
        "config() called twice returned two different Configs: every call returns a reference \
         to the same Config"
    );
    assert_eq!(
        LOADS.load(Ordering::SeqCst),
        1,
        "config() was called twice and load_config ran {} times: the first call runs \
         load_config() and keeps its result; later calls use it",
        LOADS.load(Ordering::SeqCst)
    );
    // What load_config reads: your shell may set these, so ask the environment too.
    let sender = std::env::var("SIGNUP_SENDER").unwrap_or_else(|_| "welcome@example.com".into());
    assert_eq!(
        first.sender, sender,
        "config().sender should be what load_config read: {sender:?}"
    );
    if std::env::var_os("SIGNUP_RATE_LIMIT").is_none() {
        assert_eq!(
            first.rate_limit, 5,
            "config().rate_limit should be what load_config read: 5 (SIGNUP_RATE_LIMIT is unset)"
        );
    }
}
