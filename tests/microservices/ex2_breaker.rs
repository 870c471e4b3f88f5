//! Checks for exercise `microservices2`: `exercises/microservices/src/ex2_breaker.rs`.
//!
//! Each check plays calls against a breaker at given times (milliseconds) and looks at what it
//! allowed and where it ended up.
#![allow(clippy::unwrap_used)]

// Graded: the solution (`cargo test`), the learner's file (feature `exercises`, `cargo learn`)
// or a known-wrong answer copied to wip/ (feature `wrong`, `cargo learn dev verify-wrong`).
#[cfg_attr(
    feature = "exercises",
    path = "../../exercises/microservices/src/ex2_breaker.rs"
)]
#[cfg_attr(feature = "wrong", path = "wip/ex2_breaker.rs")]
#[cfg_attr(
    not(any(feature = "exercises", feature = "wrong")),
    path = "../../solutions/microservices/src/ex2_breaker.rs"
)]
#[allow(unused)]
mod exercise;

use exercise::{Breaker, Outcome, Rejected, Settings, State};

fn breaker() -> Breaker {
    Breaker::new(Settings {
        failures_to_open: 3,
        open_for: 1000,
    })
}

/// A call at `now` that, if allowed, ends with `outcome`: what `allow` said.
fn call(breaker: &mut Breaker, now: u64, outcome: Outcome) -> Result<(), Rejected> {
    let allowed = breaker.allow(now);
    if allowed.is_ok() {
        breaker.record(now, outcome);
    }
    allowed
}

#[test]
fn a_new_breaker_is_closed_and_lets_calls_through() {
    let mut breaker = breaker();
    assert_eq!(breaker.state(), State::Closed, "a new breaker");
    for now in [0, 10, 20] {
        assert_eq!(
            call(&mut breaker, now, Outcome::Success),
            Ok(()),
            "a closed breaker allows the call at {now} ms"
        );
    }
    assert_eq!(breaker.state(), State::Closed);
}

#[test]
fn failures_in_a_row_open_it_and_then_calls_fail_at_once() {
    let mut breaker = breaker();
    for now in [0, 10] {
        assert_eq!(
            call(&mut breaker, now, Outcome::Failure),
            Ok(()),
            "a closed breaker lets the call at {now} ms through"
        );
    }
    assert_eq!(
        breaker.state(),
        State::Closed,
        "2 failures in a row, with failures_to_open 3: still closed"
    );
    assert_eq!(
        call(&mut breaker, 20, Outcome::Failure),
        Ok(()),
        "2 failures in a row: still closed, the call at 20 ms goes through"
    );
    assert_eq!(
        breaker.state(),
        State::Open,
        "the 3rd failure in a row (at 20 ms) opens it"
    );
    assert_eq!(
        breaker.allow(520),
        Err(Rejected { retry_in: 500 }),
        "open since 20 ms for 1000 ms: at 520 ms the call is turned away, 500 ms to go"
    );
    assert_eq!(
        breaker.allow(1019),
        Err(Rejected { retry_in: 1 }),
        "at 1019 ms, 1 ms to go"
    );
    assert_eq!(
        breaker.state(),
        State::Open,
        "turned-away calls leave it open"
    );
}

#[test]
fn a_success_between_failures_starts_the_count_again() {
    let mut breaker = breaker();
    for (now, outcome) in [
        (0, Outcome::Failure),
        (10, Outcome::Failure),
        (20, Outcome::Success),
        (30, Outcome::Failure),
        (40, Outcome::Failure),
    ] {
        assert_eq!(
            call(&mut breaker, now, outcome),
            Ok(()),
            "failure, failure, success, failure, failure (failures_to_open 3): the call at \
             {now} ms is let through, because a success sets the count of failures in a row \
             back to 0"
        );
    }
    assert_eq!(
        breaker.state(),
        State::Closed,
        "failure, failure, success, failure, failure: never 3 in a row, so still closed"
    );
    assert_eq!(call(&mut breaker, 50, Outcome::Failure), Ok(()));
    assert_eq!(
        breaker.state(),
        State::Open,
        "now 3 failures in a row: open"
    );
}

#[test]
fn after_open_for_one_trial_goes_through_and_the_others_wait() {
    let mut breaker = breaker();
    open_at_2_ms(&mut breaker);
    assert_eq!(breaker.state(), State::Open);
    assert_eq!(
        breaker.allow(1002),
        Ok(()),
        "opened at 2 ms for 1000 ms: at 1002 ms a trial call goes through"
    );
    assert_eq!(breaker.state(), State::HalfOpen, "while the trial is out");
    for now in [1003, 1500, 5000] {
        assert_eq!(
            breaker.allow(now),
            Err(Rejected { retry_in: 0 }),
            "half-open, the trial still out: the call at {now} ms is turned away"
        );
    }
}

#[test]
fn a_trial_that_succeeds_closes_it() {
    let mut breaker = breaker();
    open_at_2_ms(&mut breaker);
    assert_eq!(
        breaker.allow(1002),
        Ok(()),
        "opened at 2 ms for 1000 ms: the trial at 1002 ms"
    );
    breaker.record(1010, Outcome::Success);
    assert_eq!(
        breaker.state(),
        State::Closed,
        "the trial succeeded: closed again"
    );
    for (now, outcome) in [
        (1011, Outcome::Success),
        (1012, Outcome::Success),
        (1013, Outcome::Failure),
        (1014, Outcome::Failure),
    ] {
        assert_eq!(
            call(&mut breaker, now, outcome),
            Ok(()),
            "closed again after the trial: the call at {now} ms goes through"
        );
    }
    assert_eq!(
        breaker.state(),
        State::Closed,
        "after closing, the count of failures starts from 0: 2 failures do not open it"
    );
}

#[test]
fn a_trial_that_fails_opens_it_for_a_full_while_from_then() {
    let mut breaker = breaker();
    open_at_2_ms(&mut breaker);
    assert_eq!(
        breaker.allow(1002),
        Ok(()),
        "opened at 2 ms for 1000 ms: the trial at 1002 ms"
    );
    breaker.record(1500, Outcome::Failure);
    assert_eq!(breaker.state(), State::Open, "the trial failed: open again");
    assert_eq!(
        breaker.allow(1600),
        Err(Rejected { retry_in: 900 }),
        "opened again at 1500 ms, the time of the failed trial: at 1600 ms, 900 ms to go"
    );
    assert_eq!(
        breaker.allow(2500),
        Ok(()),
        "at 2500 ms the next trial goes through"
    );
    assert_eq!(breaker.state(), State::HalfOpen);
}

/// Opens `breaker` (failures_to_open 3) with failures at 0, 1 and 2 ms.
fn open_at_2_ms(breaker: &mut Breaker) {
    for now in [0, 1, 2] {
        assert_eq!(
            call(breaker, now, Outcome::Failure),
            Ok(()),
            "a closed breaker lets the call at {now} ms through"
        );
    }
    assert_eq!(
        breaker.state(),
        State::Open,
        "3 failures in a row (at 0, 1 and 2 ms) open it"
    );
}

#[test]
fn a_late_answer_while_open_changes_nothing() {
    let mut breaker = breaker();
    // Three calls let out together, all while closed; they fail one after the other.
    for now in [0, 1, 2] {
        assert_eq!(
            breaker.allow(now),
            Ok(()),
            "closed: the call at {now} ms goes out"
        );
    }
    breaker.record(3, Outcome::Failure);
    breaker.record(4, Outcome::Failure);
    breaker.record(5, Outcome::Failure);
    assert_eq!(
        breaker.state(),
        State::Open,
        "3 failures in a row: open since 5 ms"
    );
    // A fourth call, let out before it opened, answers late.
    breaker.record(600, Outcome::Success);
    assert_eq!(
        breaker.state(),
        State::Open,
        "a success recorded at 600 ms while open (a call let out before it opened): still open"
    );
    breaker.record(700, Outcome::Failure);
    assert_eq!(
        breaker.allow(1005),
        Ok(()),
        "a failure recorded at 700 ms while open does not restart the clock: open since 5 ms \
         for 1000 ms, the trial goes at 1005 ms"
    );
}
