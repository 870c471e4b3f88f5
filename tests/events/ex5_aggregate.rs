//! Checks for exercise `events5`: `exercises/events/src/ex5_aggregate.rs`.
//!
//! Each check folds order histories, appends to the in-memory event store on the right version
//! and on a stale one, or pays an order, alone or twice at the same moment (two futures on one
//! thread, so that both load before either appends, every run); then it looks at the stream.
#![allow(clippy::unwrap_used)]

// Graded: the solution (`cargo test`), the learner's file (feature `exercises`, `cargo learn`)
// or a known-wrong answer copied to wip/ (feature `wrong`, `cargo learn dev verify-wrong`).
#[cfg_attr(
    feature = "exercises",
    path = "../../exercises/events/src/ex5_aggregate.rs"
)]
#[cfg_attr(feature = "wrong", path = "wip/ex5_aggregate.rs")]
#[cfg_attr(
    not(any(feature = "exercises", feature = "wrong")),
    path = "../../solutions/events/src/ex5_aggregate.rs"
)]
#[allow(unused)]
mod exercise;

use exercise::{EventStore, Order, OrderError, OrderEvent, Status, pay};

fn placed(total_cents: u64) -> OrderEvent {
    OrderEvent::Placed { total_cents }
}

fn paid(cents: u64) -> OrderEvent {
    OrderEvent::Paid { cents }
}

fn cancelled() -> OrderEvent {
    OrderEvent::Cancelled {
        reason: "out of stock".to_owned(),
    }
}

fn order(status: Status, total_cents: u64, paid_cents: u64, version: u64) -> Order {
    Order {
        status,
        total_cents,
        paid_cents,
        version,
    }
}

/// A store where order `o-1` holds `events` (written with the admin's blind `write`).
async fn store_with(events: Vec<OrderEvent>) -> EventStore {
    let store = EventStore::new();
    store.write("o-1", events).await;
    store
}

#[test]
fn fold_replays_the_history() {
    let cases = [
        (vec![], order(Status::NotPlaced, 0, 0, 0)),
        (vec![placed(1000)], order(Status::Placed, 1000, 0, 1)),
        (
            vec![placed(1000), paid(400)],
            order(Status::Placed, 1000, 400, 2),
        ),
        (
            vec![placed(1000), paid(400), paid(600)],
            order(Status::Paid, 1000, 1000, 3),
        ),
        (
            vec![placed(1000), paid(1000), OrderEvent::Shipped],
            order(Status::Shipped, 1000, 1000, 3),
        ),
        (
            vec![placed(1000), cancelled()],
            order(Status::Cancelled, 1000, 0, 2),
        ),
        (
            vec![placed(1000), paid(300), cancelled()],
            order(Status::Cancelled, 1000, 300, 3),
        ),
    ];
    for (events, expected) in cases {
        assert_eq!(
            Order::fold(&events),
            expected,
            "Order::fold({events:?}) should be {expected:?}: the status the last events made, \
             the total, what was paid, and the version (the number of events)"
        );
    }
}

#[tokio::test]
async fn a_new_order_starts_at_version_0() {
    let store = EventStore::new();
    assert_eq!(
        store.append("o-1", 0, vec![placed(1000)]).await,
        Ok(1),
        "appending Placed to order o-1, which has no stream yet, with expected version 0 \
         should be Ok(1): a stream that does not exist is at version 0"
    );
    assert_eq!(
        store.append("o-2", 1, vec![placed(500)]).await,
        Err(OrderError::Conflict {
            expected: 1,
            actual: 0
        }),
        "appending to order o-2, which has no stream, with expected version 1 should be \
         Err(Conflict {{ expected: 1, actual: 0 }})"
    );
    assert!(
        store.stream("o-2").is_empty(),
        "a refused append to o-2 should write nothing"
    );
}

#[tokio::test]
async fn versions_count_events_not_appends() {
    let store = EventStore::new();
    assert_eq!(
        store.append("o-1", 0, vec![placed(1000), paid(1000)]).await,
        Ok(2),
        "appending two events [Placed, Paid] to a new order with expected version 0 should be \
         Ok(2): the version is the number of events, and a batch is appended whole"
    );
    assert_eq!(
        store.append("o-1", 2, vec![OrderEvent::Shipped]).await,
        Ok(3),
        "then appending Shipped with expected version 2 should be Ok(3)"
    );
    assert_eq!(
        store.stream("o-1"),
        [placed(1000), paid(1000), OrderEvent::Shipped],
        "the stream should hold the three events, in order"
    );
}

#[tokio::test]
async fn a_conflict_writes_nothing() {
    let store = store_with(vec![placed(1000), paid(400)]).await;
    for expected in [0, 1, 3] {
        assert_eq!(
            store
                .append("o-1", expected, vec![paid(600), OrderEvent::Shipped])
                .await,
            Err(OrderError::Conflict {
                expected,
                actual: 2
            }),
            "appending [Paid, Shipped] with expected version {expected} to a stream at version \
             2 should be Err(Conflict {{ expected: {expected}, actual: 2 }})"
        );
        assert_eq!(
            store.stream("o-1"),
            [placed(1000), paid(400)],
            "an append refused for its version ({expected}, the stream is at 2) should write \
             nothing, not a part of its batch"
        );
    }
}

#[tokio::test]
async fn two_appends_on_the_same_version_one_wins() {
    let store = store_with(vec![placed(1000)]).await;
    let (first, second) = tokio::join!(
        store.append("o-1", 1, vec![paid(100)]),
        store.append("o-1", 1, vec![paid(200)]),
    );
    let mut outcomes = [first.clone(), second.clone()];
    outcomes.sort_by_key(|outcome| outcome.is_err());
    assert_eq!(
        outcomes,
        [
            Ok(2),
            Err(OrderError::Conflict {
                expected: 1,
                actual: 2
            })
        ],
        "two appends at the same moment, both on version 1, should give one Ok(2) and one \
         Err(Conflict {{ expected: 1, actual: 2 }}), got {first:?} and {second:?}: check the \
         version and write in one step, under one lock"
    );
    assert_eq!(
        store.stream("o-1").len(),
        2,
        "after two appends on version 1, the stream should hold Placed and one Paid, got {:?}",
        store.stream("o-1")
    );
}

#[tokio::test]
async fn pay_appends_a_payment() {
    let store = store_with(vec![placed(1000)]).await;
    assert_eq!(
        pay(&store, "o-1", 400).await,
        Ok(order(Status::Placed, 1000, 400, 2)),
        "paying 400 on an order of 1000 should be Ok with the order after it: still Placed, \
         400 paid, version 2"
    );
    assert_eq!(
        pay(&store, "o-1", 600).await,
        Ok(order(Status::Paid, 1000, 1000, 3)),
        "then paying 600, exactly what is left, should be Ok, and the order Paid in full, \
         version 3"
    );
    assert_eq!(
        store.stream("o-1"),
        [placed(1000), paid(400), paid(600)],
        "the stream should hold Placed and the two payments, in order"
    );
}

#[tokio::test]
async fn pay_refuses_what_the_order_forbids() {
    let store = EventStore::new();
    assert_eq!(
        pay(&store, "o-9", 100).await,
        Err(OrderError::NotPlaced("o-9".to_owned())),
        "paying order o-9, never placed, should be Err(OrderError::NotPlaced(\"o-9\"))"
    );
    assert!(
        store.stream("o-9").is_empty(),
        "a payment refused (order never placed) should append nothing"
    );

    let store = store_with(vec![placed(1000), cancelled()]).await;
    assert_eq!(
        pay(&store, "o-1", 100).await,
        Err(OrderError::Cancelled("o-1".to_owned())),
        "paying order o-1, placed then cancelled, should be Err(OrderError::Cancelled(\"o-1\"))"
    );
    assert_eq!(
        store.stream("o-1").len(),
        2,
        "a payment refused (order cancelled) should append nothing"
    );

    let store = store_with(vec![placed(1000), paid(700)]).await;
    assert_eq!(
        pay(&store, "o-1", 400).await,
        Err(OrderError::TooMuch {
            total_cents: 1000,
            paid_cents: 700,
            cents: 400
        }),
        "paying 400 on an order of 1000 with 700 paid would pay 1100: it should be \
         Err(OrderError::TooMuch {{ total_cents: 1000, paid_cents: 700, cents: 400 }})"
    );
    assert_eq!(
        store.stream("o-1").len(),
        2,
        "a payment refused (too much) should append nothing"
    );
}

#[tokio::test]
async fn two_payments_on_the_same_version_one_wins() {
    let store = store_with(vec![placed(1000)]).await;
    // Two clerks take a payment of 600 at the same moment: both load the order at version 1,
    // with nothing paid, and both decide that 600 fits.
    let (first, second) = tokio::join!(pay(&store, "o-1", 600), pay(&store, "o-1", 600));
    let mut outcomes = [first.clone(), second.clone()];
    outcomes.sort_by_key(|outcome| outcome.is_err());
    assert_eq!(
        outcomes,
        [
            Ok(order(Status::Placed, 1000, 600, 2)),
            Err(OrderError::Conflict {
                expected: 1,
                actual: 2
            })
        ],
        "two payments of 600 on an order of 1000, both decided on version 1, should give one \
         Ok and one Err(Conflict {{ expected: 1, actual: 2 }}), got {first:?} and {second:?}: \
         `append` must check the version and write in one step, and `pay` must append with the \
         version it loaded"
    );
    assert_eq!(
        store.stream("o-1"),
        [placed(1000), paid(600)],
        "after two payments of 600 decided on the same version, the stream should hold one \
         payment: the second was decided on a state that no longer exists"
    );
}
