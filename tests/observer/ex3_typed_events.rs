//! Checks for exercise `observer3`: `exercises/observer/src/ex3_typed_events.rs`.

#[cfg_attr(
    feature = "exercises",
    path = "../../exercises/observer/src/ex3_typed_events.rs"
)]
#[cfg_attr(
    not(feature = "exercises"),
    path = "../../solutions/observer/src/ex3_typed_events.rs"
)]
#[allow(unused)]
mod exercise;

use checks::Log;
use exercise::{EventBus, OrderPlaced, UserRegistered};

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

#[test]
fn each_listener_receives_only_its_own_event_type() {
    let mut bus = EventBus::new();
    let log = Log::new();
    let users = log.clone();
    bus.on(move |u: &UserRegistered| users.push(format!("user {}", u.email)));
    let orders = log.clone();
    bus.on(move |o: &OrderPlaced| orders.push(format!("order {} {}", o.order_id, o.total_cents)));

    assert_eq!(
        bus.emit(&order(7, 1999)),
        1,
        "emit(OrderPlaced) should call 1 listener"
    );
    assert_eq!(
        bus.emit(&user("ada@example.com")),
        1,
        "emit(UserRegistered) should call 1 listener"
    );
    assert_eq!(
        log.lines(),
        ["order 7 1999", "user ada@example.com"],
        "an event reached a listener of another type, or its own listener missed it"
    );
}

#[test]
fn emitting_a_type_nobody_listens_to_calls_nobody() {
    let mut bus = EventBus::new();
    let log = Log::new();
    let seen = log.clone();
    bus.on(move |_: &UserRegistered| seen.push("user"));
    assert_eq!(
        bus.emit(&order(1, 1)),
        0,
        "no listener is registered for OrderPlaced"
    );
    assert_eq!(bus.emit(&"a &str is an event type too"), 0);
    assert!(
        log.lines().is_empty(),
        "a UserRegistered listener ran for another event type"
    );
}

#[test]
fn listeners_of_one_type_run_in_registration_order() {
    let mut bus = EventBus::new();
    let log = Log::new();
    for name in ["email", "analytics"] {
        let seen = log.clone();
        bus.on(move |u: &UserRegistered| seen.push(format!("{name} {}", u.email)));
        let seen = log.clone();
        bus.on(move |o: &OrderPlaced| seen.push(format!("{name} order {}", o.order_id)));
    }
    assert_eq!(bus.emit(&user("grace@example.com")), 2);
    assert_eq!(bus.emit(&order(42, 500)), 2);
    assert_eq!(
        log.lines(),
        [
            "email grace@example.com",
            "analytics grace@example.com",
            "email order 42",
            "analytics order 42"
        ],
        "listeners of one event type should run in registration order"
    );
}

#[test]
fn listener_count_is_per_event_type() {
    let mut bus = EventBus::new();
    bus.on(|_: &UserRegistered| {});
    bus.on(|_: &UserRegistered| {});
    bus.on(|_: &OrderPlaced| {});
    assert_eq!(
        bus.listener_count::<UserRegistered>(),
        2,
        "two UserRegistered listeners"
    );
    assert_eq!(
        bus.listener_count::<OrderPlaced>(),
        1,
        "one OrderPlaced listener"
    );
    assert_eq!(bus.listener_count::<String>(), 0, "no listeners for String");
}
