//! Checks for exercise `observer2`: `exercises/observer/src/ex2_once_off.rs`.

#[cfg_attr(
    feature = "exercises",
    path = "../../exercises/observer/src/ex2_once_off.rs"
)]
#[cfg_attr(
    not(feature = "exercises"),
    path = "../../solutions/observer/src/ex2_once_off.rs"
)]
#[allow(unused)]
mod exercise;

use checks::Log;
use exercise::{SignupEmitter, UserRegistered};

fn user(email: &str) -> UserRegistered {
    UserRegistered {
        email: email.to_owned(),
    }
}

#[test]
fn once_listener_runs_on_the_next_emit_only() {
    let mut emitter = SignupEmitter::new();
    let log = Log::new();
    let seen = log.clone();
    emitter.once(move |user| seen.push(format!("badge for {}", user.email)));
    let first = emitter.emit(&user("first@example.com"));
    let second = emitter.emit(&user("second@example.com"));
    emitter.emit(&user("third@example.com"));
    let calls = log.lines().len();
    assert_eq!(
        calls, 1,
        "`once` listener ran {calls} times over three emits: expected 1 call"
    );
    assert_eq!(
        log.lines(),
        ["badge for first@example.com"],
        "it should run on the first emit"
    );
    assert_eq!(
        (first, second),
        (1, 0),
        "emit should count the once listener on its one run only"
    );
    assert_eq!(
        emitter.listener_count(),
        0,
        "a once listener that ran is no longer registered"
    );
}

#[test]
fn on_and_once_run_together_in_registration_order() {
    let mut emitter = SignupEmitter::new();
    let log = Log::new();
    let a = log.clone();
    emitter.on(move |u| a.push(format!("email {}", u.email)));
    let b = log.clone();
    emitter.once(move |u| b.push(format!("badge {}", u.email)));
    let c = log.clone();
    emitter.on(move |u| c.push(format!("analytics {}", u.email)));
    emitter.emit(&user("1"));
    emitter.emit(&user("2"));
    assert_eq!(
        log.lines(),
        [
            "email 1",
            "badge 1",
            "analytics 1",
            "email 2",
            "analytics 2"
        ],
        "listeners should run in registration order, the once listener on the first emit only"
    );
}

#[test]
fn off_removes_exactly_the_listener_its_handle_names() {
    let mut emitter = SignupEmitter::new();
    let log = Log::new();
    let mut ids = Vec::new();
    for name in ["email", "analytics", "crm"] {
        let seen = log.clone();
        ids.push(emitter.on(move |_| seen.push(name)));
    }
    assert!(
        emitter.off(ids[1]),
        "off(handle of a registered listener) should return true"
    );
    assert_eq!(
        emitter.listener_count(),
        2,
        "off should remove one listener"
    );
    assert_eq!(
        emitter.emit(&user("a")),
        2,
        "emit should call the two listeners left"
    );
    assert_eq!(
        log.lines(),
        ["email", "crm"],
        "off removed the wrong listener: only `analytics` should be gone"
    );
}

#[test]
fn off_twice_returns_false_the_second_time() {
    let mut emitter = SignupEmitter::new();
    let id = emitter.on(|_| {});
    assert!(emitter.off(id), "the first off should return true");
    assert!(
        !emitter.off(id),
        "the second off of the same handle should return false: it is gone"
    );
}

#[test]
fn off_on_a_once_listener_that_already_ran_returns_false() {
    let mut emitter = SignupEmitter::new();
    let id = emitter.once(|_| {});
    emitter.emit(&user("a"));
    assert!(
        !emitter.off(id),
        "off should return false for a once listener that has already run"
    );
}

#[test]
fn a_once_listener_removed_before_it_ran_never_runs() {
    let mut emitter = SignupEmitter::new();
    let log = Log::new();
    let seen = log.clone();
    let id = emitter.once(move |_| seen.push("ran"));
    assert!(
        emitter.off(id),
        "off should remove a once listener that has not run yet"
    );
    emitter.emit(&user("a"));
    assert_eq!(
        log.count("ran"),
        0,
        "a once listener removed with off still ran"
    );
}

#[test]
fn handles_are_unique_and_never_reused() {
    let mut emitter = SignupEmitter::new();
    let first = emitter.on(|_| {});
    let second = emitter.once(|_| {});
    assert_ne!(first, second, "two registrations got the same ListenerId");
    assert!(emitter.off(first));
    let third = emitter.on(|_| {});
    assert_ne!(
        first, third,
        "a ListenerId was reused after off: an old handle could now remove a new listener"
    );
    assert!(
        !emitter.off(first),
        "an old handle removed a listener registered after it was taken off"
    );
    assert_eq!(emitter.listener_count(), 2);
}
