//! Checks for exercise `observer2`: `exercises/observer/src/ex2_once_off.rs`.

// Graded: the solution (`cargo test`), the learner's file (feature `exercises`, `cargo learn`)
// or a known-wrong answer copied to wip/ (feature `wrong`, `cargo learn dev verify-wrong`).
#[cfg_attr(
    feature = "exercises",
    path = "../../exercises/observer/src/ex2_once_off.rs"
)]
#[cfg_attr(feature = "wrong", path = "wip/ex2_once_off.rs")]
#[cfg_attr(
    not(any(feature = "exercises", feature = "wrong")),
    path = "../../solutions/observer/src/ex2_once_off.rs"
)]
#[allow(unused)]
mod exercise;

use checks::Log;
use exercise::{ListenerId, SignupEmitter, UserRegistered};

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
        "a `once` listener ran {calls} times over three emits: it runs on the next emit only"
    );
    assert_eq!(
        log.lines(),
        ["badge for first@example.com"],
        "a `once` listener should run on the first emit, with its event"
    );
    assert_eq!(
        (first, second),
        (1, 0),
        "emit returns how many listeners it called: 1 on the first emit (the once listener), \
         0 on the second (it is gone)"
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
        "`on` email, `once` badge, `on` analytics, then emit(1) and emit(2): listeners run in \
         registration order, `once` ones included, and the once listener on the first emit only"
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
        "off(handle of `analytics`, registered) should return true"
    );
    assert_eq!(
        emitter.listener_count(),
        2,
        "`email`, `analytics`, `crm` registered, then off(`analytics`): 2 should be left"
    );
    assert_eq!(
        emitter.emit(&user("a")),
        2,
        "emit after off(`analytics`) should call the 2 listeners left"
    );
    assert_eq!(
        log.lines(),
        ["email", "crm"],
        "off(handle of `analytics`) should remove that listener only: `email` and `crm` \
         should still run"
    );
}

#[test]
fn off_keeps_the_other_listeners_in_registration_order() {
    let mut emitter = SignupEmitter::new();
    let log = Log::new();
    let mut ids = Vec::new();
    for name in ["email", "analytics", "crm", "audit"] {
        let seen = log.clone();
        ids.push(emitter.on(move |_| seen.push(name)));
    }
    assert!(
        emitter.off(ids[0]),
        "off(handle of `email`, the first listener) should return true"
    );
    assert_eq!(
        emitter.emit(&user("a")),
        3,
        "emit after off(`email`) should call the 3 listeners left"
    );
    assert_eq!(
        log.lines(),
        ["analytics", "crm", "audit"],
        "`email`, `analytics`, `crm`, `audit` registered, then off(`email`): the listeners \
         left should still run in registration order"
    );
}

#[test]
fn off_twice_returns_false_the_second_time() {
    let mut emitter = SignupEmitter::new();
    let id = emitter.on(|_| {});
    assert!(
        emitter.off(id),
        "the first off(handle) of a registered listener should return true"
    );
    assert!(
        !emitter.off(id),
        "the second off(same handle) should return false: the listener is already gone"
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

/// Checks a new handle against every handle handed out before (the ones still registered and
/// the ones already gone), then records it as registered.
#[track_caller]
fn check_new_handle(
    name: &'static str,
    id: ListenerId,
    registered: &mut Vec<(&'static str, ListenerId)>,
    removed: &[(&'static str, ListenerId)],
) {
    for (other, other_id) in registered.iter() {
        assert_ne!(
            id, *other_id,
            "`{name}` got the same ListenerId as `{other}`, which is still registered: every \
             registration gets a new ListenerId, or off({other_id:?}) cannot tell the two apart"
        );
    }
    for (other, other_id) in removed {
        assert_ne!(
            id, *other_id,
            "`{name}` got the ListenerId of `{other}`, which was removed before: a ListenerId \
             is never reused, even after `off`, or an old handle removes a new listener"
        );
    }
    registered.push((name, id));
}

#[test]
fn handles_are_unique_and_never_reused() {
    let mut emitter = SignupEmitter::new();
    // (what the listener is, its handle): the registrations still there, and those gone.
    let mut registered = Vec::new();
    let mut removed = Vec::new();

    let id = emitter.on(|_| {});
    check_new_handle("on a", id, &mut registered, &removed);
    let id = emitter.once(|_| {});
    check_new_handle("once b", id, &mut registered, &removed);
    let id = emitter.on(|_| {});
    check_new_handle("on c", id, &mut registered, &removed);

    // Take `on a` off: the list is shorter now, and the next handle must still be new.
    let (name, id) = registered.remove(0);
    assert!(
        emitter.off(id),
        "off(handle of `{name}`) should return true"
    );
    removed.push((name, id));
    let id = emitter.on(|_| {});
    check_new_handle("on d", id, &mut registered, &removed);
    let id = emitter.once(|_| {});
    check_new_handle("once e", id, &mut registered, &removed);

    // An emit runs and removes the once listeners `once b` and `once e`.
    assert_eq!(
        emitter.emit(&user("a")),
        4,
        "emit with `once b`, `on c`, `on d` and `once e` registered should call 4 listeners"
    );
    registered.retain(|(name, id)| {
        if name.starts_with("once") {
            removed.push((name, *id));
        }
        !name.starts_with("once")
    });
    let id = emitter.on(|_| {});
    check_new_handle("on f", id, &mut registered, &removed);
    let id = emitter.once(|_| {});
    check_new_handle("once g", id, &mut registered, &removed);

    for (name, id) in &removed {
        assert!(
            !emitter.off(*id),
            "off(old handle of `{name}`, already gone) returned true: it removed a listener \
             registered after it; a ListenerId is never reused, even after `off`"
        );
    }
    assert_eq!(
        emitter.listener_count(),
        4,
        "`on c`, `on d`, `on f` and `once g` should still be registered"
    );
    for (name, id) in &registered {
        assert!(
            emitter.off(*id),
            "off(handle of `{name}`, still registered) should return true"
        );
    }
}
