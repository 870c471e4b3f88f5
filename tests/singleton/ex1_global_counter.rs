//! Checks for exercise `singleton1`: `exercises/singleton/src/ex1_global_counter.rs`.

// Graded: the solution (`cargo test`), the learner's file (feature `exercises`, `cargo learn`)
// or a known-wrong answer copied to wip/ (feature `wrong`, `cargo learn dev verify-wrong`).
#[cfg_attr(
    feature = "exercises",
    path = "../../exercises/singleton/src/ex1_global_counter.rs"
)]
#[cfg_attr(feature = "wrong", path = "wip/ex1_global_counter.rs")]
#[cfg_attr(
    not(any(feature = "exercises", feature = "wrong")),
    path = "../../solutions/singleton/src/ex1_global_counter.rs"
)]
#[allow(unused)]
mod exercise;

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use exercise::{record_signup, signups};

/// The counter is global to this test process, as a singleton is: the checks take turns, and
/// each one measures what it adds from the total it finds.
static ONE_CHECK_AT_A_TIME: Mutex<()> = Mutex::new(());

fn take_turn() -> MutexGuard<'static, ()> {
    ONE_CHECK_AT_A_TIME
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
}

#[test]
fn record_signup_returns_the_total_including_this_signup() {
    let _turn = take_turn();
    let before = signups();
    let first = record_signup();
    assert_eq!(
        first,
        before + 1,
        "signups() was {before}; then record_signup() returned {first}: it should return the \
         total after this sign-up, {}",
        before + 1
    );
    assert_eq!(
        signups(),
        before + 1,
        "after one record_signup(), signups() should be {} (it was {before} before)",
        before + 1
    );
    let second = record_signup();
    assert_eq!(
        (second, signups()),
        (before + 2, before + 2),
        "a second record_signup() should return {0}, and signups() should then be {0}",
        before + 2
    );
}

const THREADS: usize = 4;
const CALLS_PER_THREAD: usize = 50_000;
/// Each round is a fresh race. An unsynchronised counter loses updates in almost every round;
/// in ten, missing it is vanishingly unlikely.
const ROUNDS: usize = 10;

#[test]
fn threads_signing_up_at_once_each_get_a_different_total() {
    let _turn = take_turn();
    for round in 1..=ROUNDS {
        if let Err(problem) = one_race() {
            panic!("{problem} (race {round} of {ROUNDS})");
        }
    }
}

/// `THREADS` threads call `record_signup` `CALLS_PER_THREAD` times each, all at once.
fn one_race() -> Result<(), String> {
    let before = signups();
    // A start line the threads spin at, so that all of them call record_signup together.
    let ready = Arc::new(AtomicUsize::new(0));
    let threads: Vec<_> = (0..THREADS)
        .map(|_| {
            let ready = Arc::clone(&ready);
            std::thread::spawn(move || {
                ready.fetch_add(1, Ordering::SeqCst);
                while ready.load(Ordering::SeqCst) < THREADS {
                    std::hint::spin_loop();
                }
                let mut totals = Vec::with_capacity(CALLS_PER_THREAD);
                for _ in 0..CALLS_PER_THREAD {
                    totals.push(record_signup());
                }
                totals
            })
        })
        .collect();
    // A thread that wakes up every few microseconds: each wake-up makes the scheduler switch
    // threads, so the callers interleave even when they share one core.
    let finished = Arc::new(AtomicBool::new(false));
    let alarm = {
        let finished = Arc::clone(&finished);
        std::thread::spawn(move || {
            while !finished.load(Ordering::SeqCst) {
                std::thread::sleep(Duration::from_micros(20));
            }
        })
    };
    let mut handed_out = Vec::with_capacity(THREADS * CALLS_PER_THREAD);
    let mut panicked = false;
    for thread in threads {
        match thread.join() {
            Ok(totals) => handed_out.extend(totals),
            Err(_) => panicked = true,
        }
    }
    finished.store(true, Ordering::SeqCst);
    let _ = alarm.join();
    if panicked {
        return Err("a thread calling record_signup() panicked".to_owned());
    }
    let after = signups();
    let calls = (THREADS * CALLS_PER_THREAD) as u64;
    handed_out.sort_unstable();

    // The rule first: a total handed to two calls is what an unsynchronised update does.
    if let Some(pair) = handed_out.windows(2).find(|pair| pair[0] == pair[1]) {
        let twice = handed_out.windows(2).filter(|p| p[0] == p[1]).count();
        return Err(format!(
            "{THREADS} threads called record_signup() {CALLS_PER_THREAD} times each, at the \
             same time: the total {} was returned to more than one call, and {twice} calls got \
             a total another call got too. Each call must get a different total, the one that \
             includes its own sign-up: adding one and reading the total must be one \
             indivisible step, or two threads read the same value",
            pair[0]
        ));
    }
    if after - before != calls {
        return Err(format!(
            "{THREADS} threads called record_signup() {CALLS_PER_THREAD} times each, at the \
             same time: signups() should have grown by {calls}, from {before} to {}, but it is \
             {after}: {} sign-ups were lost",
            before + calls,
            (before + calls).saturating_sub(after)
        ));
    }
    let (first, last) = (handed_out.first(), handed_out.last());
    if first != Some(&(before + 1)) || last != Some(&(before + calls)) {
        return Err(format!(
            "the {calls} calls should have been handed the totals {} to {}, each once (each \
             call returns the total after its own sign-up), but they got {first:?} to {last:?}",
            before + 1,
            before + calls
        ));
    }
    Ok(())
}
