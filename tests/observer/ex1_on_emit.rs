//! Checks for exercise `observer1`: `exercises/observer/src/ex1_on_emit.rs`.

// Graded: the solution (`cargo test`), the learner's file (feature `exercises`, `cargo learn`)
// or a known-wrong answer copied to wip/ (feature `wrong`, `cargo learn dev verify-wrong`).
#[cfg_attr(
    feature = "exercises",
    path = "../../exercises/observer/src/ex1_on_emit.rs"
)]
#[cfg_attr(feature = "wrong", path = "wip/ex1_on_emit.rs")]
#[cfg_attr(
    not(any(feature = "exercises", feature = "wrong")),
    path = "../../solutions/observer/src/ex1_on_emit.rs"
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
fn emit_with_no_listeners_calls_nobody_and_does_not_panic() {
    let emitter = SignupEmitter::new();
    assert_eq!(
        emitter.emit(&user("nobody@example.com")),
        0,
        "emit with no listeners should return 0: nobody was called"
    );
    assert_eq!(
        emitter.listener_count(),
        0,
        "a new emitter has no listeners"
    );
}

#[test]
fn a_listener_receives_the_emitted_event() {
    let mut emitter = SignupEmitter::new();
    let log = Log::new();
    let seen = log.clone();
    emitter.on(move |user| seen.push(format!("Email sent to {}", user.email)));
    for email in ["test@gmail.com", "ada@example.com"] {
        emitter.emit(&user(email));
    }
    assert_eq!(
        log.lines(),
        [
            "Email sent to test@gmail.com",
            "Email sent to ada@example.com"
        ],
        "one listener, emit(test@gmail.com) then emit(ada@example.com): the listener should be \
         called once per emit, with the event that was emitted"
    );
}

#[test]
fn listeners_run_in_the_order_they_were_registered() {
    let mut emitter = SignupEmitter::new();
    let log = Log::new();
    for name in ["email", "analytics", "crm"] {
        let seen = log.clone();
        emitter.on(move |user| seen.push(format!("{name}: {}", user.email)));
    }
    let called = emitter.emit(&user("grace@example.com"));
    assert_eq!(
        log.lines(),
        [
            "email: grace@example.com",
            "analytics: grace@example.com",
            "crm: grace@example.com"
        ],
        "emit(grace@example.com) with `email`, `analytics` and `crm` registered in that order: \
         listeners should run in registration order, each exactly once"
    );
    assert_eq!(
        called, 3,
        "emit(grace@example.com) with 3 listeners registered should return how many listeners \
         it called: 3"
    );
}

#[test]
fn listener_count_follows_on() {
    let mut emitter = SignupEmitter::new();
    for expected in 1..=4 {
        emitter.on(|_| {});
        assert_eq!(
            emitter.listener_count(),
            expected,
            "after {expected} calls to `on`, listener_count should be {expected}"
        );
    }
    assert_eq!(
        emitter.emit(&user("x@example.com")),
        4,
        "emit with 4 listeners registered should return how many it called: 4"
    );
}
