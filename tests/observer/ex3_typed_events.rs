//! Checks for exercise `observer3`: `exercises/observer/src/ex3_typed_events.rs`.

// Graded: the solution (`cargo test`), the learner's file (feature `exercises`, `cargo learn`)
// or a known-wrong answer copied to wip/ (feature `wrong`, `cargo learn dev verify-wrong`).
#[cfg_attr(
    feature = "exercises",
    path = "../../exercises/observer/src/ex3_typed_events.rs"
)]
#[cfg_attr(feature = "wrong", path = "wip/ex3_typed_events.rs")]
#[cfg_attr(
    not(any(feature = "exercises", feature = "wrong")),
    path = "../../solutions/observer/src/ex3_typed_events.rs"
)]
#[allow(unused)]
mod exercise;

use std::panic::{self, AssertUnwindSafe};

use checks::Log;
use exercise::{OrderPlaced, TypedEmitter, UserRegistered};

fn user(email: &str) -> UserRegistered {
    UserRegistered {
        email: email.to_owned(),
    }
}

fn order(order_id: u64, total_cents: u64) -> OrderPlaced {
    OrderPlaced {
        order_id,
        total_cents,
    }
}

/// Runs `call` (an `emit` or a `listener_count` of a type nobody listens to), turning a panic
/// into a failure that says which call it was and what it should have done.
fn without_panic<T>(call: &str, should: &str, run: impl FnOnce() -> T) -> T {
    match panic::catch_unwind(AssertUnwindSafe(run)) {
        Ok(value) => value,
        // `todo!()` in the exercise: let the runner say the exercise is not done yet.
        Err(payload) if is_todo(payload.as_ref()) => panic::resume_unwind(payload),
        Err(_) => panic!(
            "{call} panicked, and no listener is registered for that type: it should {should}. \
             Indexing a HashMap with `map[&key]` panics when the key is absent; `map.get(&key)` \
             returns None"
        ),
    }
}

fn is_todo(payload: &(dyn std::any::Any + Send)) -> bool {
    let message = payload
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| payload.downcast_ref::<String>().map(String::as_str));
    message.is_some_and(|m| m.starts_with("not yet implemented"))
}

#[test]
fn each_listener_receives_only_its_own_event_type() {
    let mut emitter = TypedEmitter::new();
    let log = Log::new();
    let users = log.clone();
    emitter.on(move |u: &UserRegistered| users.push(format!("user {}", u.email)));
    let orders = log.clone();
    emitter
        .on(move |o: &OrderPlaced| orders.push(format!("order {} {}", o.order_id, o.total_cents)));

    assert_eq!(
        emitter.emit(&order(7, 1999)),
        1,
        "one UserRegistered and one OrderPlaced listener: emit(OrderPlaced {{ order_id: 7, .. }}) \
         should call only the OrderPlaced listener, and return 1"
    );
    assert_eq!(
        emitter.emit(&user("ada@example.com")),
        1,
        "one UserRegistered and one OrderPlaced listener: emit(UserRegistered {{ email: \
         ada@example.com }}) should call only the UserRegistered listener, and return 1"
    );
    assert_eq!(
        log.lines(),
        ["order 7 1999", "user ada@example.com"],
        "emit(OrderPlaced 7) then emit(UserRegistered ada@example.com): each event should \
         reach the listener of its own type only"
    );
}

#[test]
fn emitting_a_type_nobody_listens_to_calls_nobody() {
    let mut emitter = TypedEmitter::new();
    let log = Log::new();
    let seen = log.clone();
    emitter.on(move |_: &UserRegistered| seen.push("user"));
    let called = without_panic("emit(OrderPlaced)", "call nobody and return 0", || {
        emitter.emit(&order(1, 1))
    });
    assert_eq!(
        called, 0,
        "only a UserRegistered listener: emit(OrderPlaced) should call nobody and return 0"
    );
    let called = without_panic("emit(&str)", "call nobody and return 0", || {
        emitter.emit(&"a &str is an event type too")
    });
    assert_eq!(
        called, 0,
        "only a UserRegistered listener: emit(&str) should call nobody and return 0"
    );
    assert!(
        log.lines().is_empty(),
        "emit(OrderPlaced) and emit(&str) ran the UserRegistered listener: emit calls only the \
         listeners of the event's own type"
    );
}

#[test]
fn listeners_of_one_type_run_in_registration_order() {
    let mut emitter = TypedEmitter::new();
    let log = Log::new();
    for name in ["email", "analytics"] {
        let seen = log.clone();
        emitter.on(move |u: &UserRegistered| seen.push(format!("{name} {}", u.email)));
        let seen = log.clone();
        emitter.on(move |o: &OrderPlaced| seen.push(format!("{name} order {}", o.order_id)));
    }
    assert_eq!(
        emitter.emit(&user("grace@example.com")),
        2,
        "`email` and `analytics` both listen to UserRegistered: emit(UserRegistered) should \
         call both and return 2"
    );
    assert_eq!(
        emitter.emit(&order(42, 500)),
        2,
        "`email` and `analytics` both listen to OrderPlaced: emit(OrderPlaced) should call both \
         and return 2"
    );
    assert_eq!(
        log.lines(),
        [
            "email grace@example.com",
            "analytics grace@example.com",
            "email order 42",
            "analytics order 42"
        ],
        "`email` then `analytics` registered for each type: listeners of one event type \
         should all run, in registration order"
    );
}

#[test]
fn listener_count_is_per_event_type() {
    let mut emitter = TypedEmitter::new();
    emitter.on(|_: &UserRegistered| {});
    emitter.on(|_: &UserRegistered| {});
    emitter.on(|_: &OrderPlaced| {});
    assert_eq!(
        emitter.listener_count::<UserRegistered>(),
        2,
        "2 UserRegistered listeners and 1 OrderPlaced listener registered: \
         listener_count::<UserRegistered>() counts the listeners of UserRegistered only"
    );
    assert_eq!(
        emitter.listener_count::<OrderPlaced>(),
        1,
        "2 UserRegistered listeners and 1 OrderPlaced listener registered: \
         listener_count::<OrderPlaced>() counts the listeners of OrderPlaced only"
    );
    let count = without_panic("listener_count::<String>()", "return 0", || {
        emitter.listener_count::<String>()
    });
    assert_eq!(
        count, 0,
        "no listener is registered for String: listener_count::<String>() should be 0"
    );
}
