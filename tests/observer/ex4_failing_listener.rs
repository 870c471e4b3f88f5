//! Checks for exercise `observer4`: `exercises/observer/src/ex4_failing_listener.rs`.

// Graded: the solution (`cargo test`), the learner's file (feature `exercises`, `cargo learn`)
// or a known-wrong answer copied to wip/ (feature `wrong`, `cargo learn dev verify-wrong`).
#[cfg_attr(
    feature = "exercises",
    path = "../../exercises/observer/src/ex4_failing_listener.rs"
)]
#[cfg_attr(feature = "wrong", path = "wip/ex4_failing_listener.rs")]
#[cfg_attr(
    not(any(feature = "exercises", feature = "wrong")),
    path = "../../solutions/observer/src/ex4_failing_listener.rs"
)]
#[allow(unused)]
mod exercise;

use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

use checks::Log;
use exercise::{EmitReport, Failure, SignupEmitter, UserRegistered};

fn user(email: &str) -> UserRegistered {
    UserRegistered {
        email: email.to_owned(),
    }
}

thread_local! {
    /// True while this thread runs `emit` for a check: the listeners' panics are provoked.
    static IN_EMIT: Cell<bool> = const { Cell::new(false) };
}

/// Calls `emit`, turning a panic that escaped it into a clear failure.
///
/// The listeners of these checks panic on purpose, and Rust's panic hook prints every panic,
/// even one that `emit` catches. So while `emit` runs, a hook keeps quiet about the panics of
/// the listeners written in this file; every other panic is printed as usual.
fn emit(emitter: &SignupEmitter, event: &UserRegistered) -> EmitReport {
    quiet_the_listeners_panics();
    IN_EMIT.with(|in_emit| in_emit.set(true));
    let result = panic::catch_unwind(AssertUnwindSafe(|| emitter.emit(event)));
    IN_EMIT.with(|in_emit| in_emit.set(false));
    match result {
        Ok(report) => report,
        // `todo!()` in `emit` itself: let the runner say the exercise is not done yet.
        Err(payload) if is_todo(payload.as_ref()) => panic::resume_unwind(payload),
        Err(payload) => panic!(
            "emit({}) panicked ({}): a listener's panic must not escape emit; catch it with \
             std::panic::catch_unwind and report it, so that the other listeners still run",
            event.email,
            message(payload.as_ref()).unwrap_or("a panic without a message")
        ),
    }
}

/// Installs, once, a panic hook that stays silent for a panic raised in this file while `emit`
/// runs (a listener panicking on purpose) and hands every other panic to the default hook.
fn quiet_the_listeners_panics() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        let default_hook = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            let provoked =
                IN_EMIT.with(Cell::get) && info.location().is_some_and(|at| at.file() == file!());
            if !provoked {
                default_hook(info);
            }
        }));
    });
}

fn message(payload: &(dyn std::any::Any + Send)) -> Option<&str> {
    payload
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
}

fn is_todo(payload: &(dyn std::any::Any + Send)) -> bool {
    message(payload).is_some_and(|m| m.starts_with("not yet implemented"))
}

#[test]
fn every_listener_runs_when_all_succeed() {
    let mut emitter = SignupEmitter::new();
    let log = Log::new();
    for name in ["email", "analytics"] {
        let seen = log.clone();
        emitter.on(move |u| {
            seen.push(format!("{name} {}", u.email));
            Ok(())
        });
    }
    let report = emit(&emitter, &user("ada@example.com"));
    assert_eq!(
        log.lines(),
        ["email ada@example.com", "analytics ada@example.com"],
        "`email` then `analytics`, both Ok, emit(ada@example.com): both should run, in \
         registration order"
    );
    assert_eq!(
        report,
        EmitReport {
            delivered: 2,
            failures: vec![]
        },
        "`email` and `analytics` both returned Ok(()) for emit(ada@example.com): delivered 2, \
         no failures"
    );
}

#[test]
fn a_listener_returning_err_does_not_stop_the_next_one() {
    let mut emitter = SignupEmitter::new();
    let log = Log::new();
    emitter.on(|u| Err(format!("CRM is down, {} not synced", u.email)));
    let seen = log.clone();
    emitter.on(move |u| {
        seen.push(format!("email {}", u.email));
        Ok(())
    });
    let report = emit(&emitter, &user("grace@example.com"));
    assert_eq!(
        log.lines(),
        ["email grace@example.com"],
        "listener 0 returns Err, listener 1 logs: emit(grace@example.com) should call every \
         listener even after one has failed, so listener 1 should have run"
    );
    assert_eq!(
        report.failures,
        [Failure {
            listener: 0,
            reason: "CRM is down, grace@example.com not synced".to_owned()
        }],
        "listener 0 returned Err(\"CRM is down, grace@example.com not synced\"): the failure \
         should name listener 0 and carry the Err text as it is"
    );
    assert_eq!(
        report.delivered, 1,
        "listener 0 returned Err, listener 1 returned Ok(()): `delivered` counts the listeners \
         that returned Ok(()), so 1"
    );
}

#[test]
fn a_panicking_listener_is_caught_and_reported_and_the_others_run() {
    let mut emitter = SignupEmitter::new();
    let log = Log::new();
    let first = log.clone();
    emitter.on(move |_| {
        first.push("first");
        Ok(())
    });
    emitter.on(|u| panic!("SMTP timeout for {}", u.email));
    emitter.on(|_| panic!("template missing"));
    let last = log.clone();
    emitter.on(move |_| {
        last.push("last");
        Ok(())
    });
    let report = emit(&emitter, &user("linus@example.com"));
    assert_eq!(
        log.lines(),
        ["first", "last"],
        "listeners 0 and 3 log, 1 and 2 panic: emit(linus@example.com) should call every \
         listener even after one has failed, so 0 and 3 should have run"
    );
    assert_eq!(
        report,
        EmitReport {
            delivered: 2,
            failures: vec![
                Failure {
                    listener: 1,
                    reason: "panicked: SMTP timeout for linus@example.com".to_owned()
                },
                Failure {
                    listener: 2,
                    reason: "panicked: template missing".to_owned()
                },
            ]
        },
        "listener 1 panics with panic!(\"SMTP timeout for {{}}\", email) (a String payload), \
         listener 2 with panic!(\"template missing\") (a &str payload), 0 and 3 return Ok(()): \
         each panic should be reported with the listener's index and \"panicked: \" followed by \
         the panic message, and delivered should be 2"
    );
}

#[test]
fn the_emitter_still_works_after_a_failure() {
    let mut emitter = SignupEmitter::new();
    let log = Log::new();
    let seen = log.clone();
    emitter.on(move |u| {
        if u.email.starts_with("bad") {
            panic!("cannot handle {}", u.email);
        }
        seen.push(u.email.clone());
        Ok(())
    });
    let bad = emit(&emitter, &user("bad@example.com"));
    let good = emit(&emitter, &user("good@example.com"));
    assert_eq!(
        bad.failures.len(),
        1,
        "the listener panics for emit(bad@example.com): that emit should report one failure"
    );
    assert_eq!(
        good,
        EmitReport {
            delivered: 1,
            failures: vec![]
        },
        "the listener panicked on emit(bad@example.com): it should still be called, and \
         succeed, on the next emit(good@example.com)"
    );
    assert_eq!(
        log.lines(),
        ["good@example.com"],
        "the listener should have logged emit(good@example.com) only"
    );
}
