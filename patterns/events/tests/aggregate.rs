//! Event sourcing: an order's state is the fold of its events, and an append with a stale
//! expected version is a conflict, never a lost write, on SQLite and on PostgreSQL.

#![allow(clippy::unwrap_used)]

mod common;

use std::sync::Arc;

use events::orders::{EventStore, Order, OrderError, OrderEvent, Status};
use tokio::sync::Barrier;

fn placed(total_cents: i64) -> OrderEvent {
    OrderEvent::Placed {
        user_id: "ada".into(),
        total_cents,
    }
}

#[test]
fn the_state_is_the_fold_of_the_events() {
    let order = Order::fold(&[
        placed(4200),
        OrderEvent::Paid { cents: 2000 },
        OrderEvent::Paid { cents: 2200 },
        OrderEvent::Shipped,
    ]);
    assert_eq!(
        (order.status, order.paid_cents, order.version),
        (Status::Shipped, 4200, 4)
    );
    assert_eq!(Order::fold(&[]).status, Status::New);
    let cancelled = Order::fold(&[
        placed(100),
        OrderEvent::Cancelled {
            reason: "changed my mind".into(),
        },
    ]);
    assert_eq!(cancelled.status, Status::Cancelled);
    assert!(
        cancelled.pay(100).is_err(),
        "a cancelled order takes no payment"
    );
    assert!(
        Order::fold(&[placed(100)]).ship().is_err(),
        "unpaid: not shipped"
    );
}

async fn stale_appends_conflict(store: EventStore) {
    let order = common::unique("order");
    assert_eq!(store.append(&order, 0, &[placed(4200)]).await.unwrap(), 1);
    // Appending to a new order twice: the second is a conflict.
    assert!(matches!(
        store.append(&order, 0, &[placed(1)]).await,
        Err(OrderError::Conflict {
            expected: 0,
            actual: 1,
            ..
        })
    ));
    // Two writers decided on version 1 at the same moment: exactly one append lands.
    let store = Arc::new(store);
    let barrier = Arc::new(Barrier::new(8));
    let writers: Vec<_> = (0..8)
        .map(|_| {
            let (store, barrier, order) = (Arc::clone(&store), Arc::clone(&barrier), order.clone());
            tokio::spawn(async move {
                barrier.wait().await;
                store
                    .append(
                        &order,
                        1,
                        &[OrderEvent::Paid { cents: 4200 }, OrderEvent::Shipped],
                    )
                    .await
            })
        })
        .collect();
    let mut landed = 0;
    for writer in writers {
        match writer.await.unwrap() {
            Ok(version) => {
                landed += 1;
                assert_eq!(version, 3);
            }
            Err(OrderError::Conflict { expected: 1, .. }) => {}
            Err(other) => panic!("not a conflict: {other}"),
        }
    }
    assert_eq!(
        landed, 1,
        "one of eight concurrent appends at version 1 lands"
    );
    let events = store.load(&order).await.unwrap();
    assert_eq!(
        events.len(),
        3,
        "all of one append, none of the others: {events:?}"
    );

    // The command handler reloads after a conflict and decides again.
    let order2 = common::unique("order");
    store.append(&order2, 0, &[placed(100)]).await.unwrap();
    let paid = store.handle(&order2, |o| o.pay(100)).await.unwrap();
    assert_eq!((paid.status, paid.version), (Status::Paid, 2));
    assert!(matches!(
        store.handle(&order2, |o| o.pay(1)).await,
        Err(OrderError::Refused(_))
    ));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_sqlite_a_stale_append_is_a_conflict_not_a_lost_write() {
    stale_appends_conflict(
        EventStore::connect(&common::memory("orders"))
            .await
            .unwrap(),
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_postgresql_a_stale_append_is_a_conflict_not_a_lost_write() {
    let Some(schema) = checks::PgSchema::create("orders").await else {
        return;
    };
    stale_appends_conflict(EventStore::connect(schema.url()).await.unwrap()).await;
    schema.drop().await;
}
