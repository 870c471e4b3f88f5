//! The outbox on PostgreSQL (`DATABASE_URL`): several relays at once, each claiming its own
//! rows with `FOR UPDATE SKIP LOCKED`, none waiting for another, every event published once.

#![allow(clippy::unwrap_used)]

mod common;

use std::collections::BTreeMap;
use std::time::Duration;

use checks::PgSchema;
use events::outbox::relay_once;
use events::transport::memory::InProcess;
use events::{Auth, Envelope, Subscription, Transport};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_relay_skips_the_rows_the_first_holds_instead_of_waiting() {
    let Some(schema) = PgSchema::create("outbox").await else {
        return;
    };
    let auth = Auth::connect(schema.url()).await.unwrap();
    common::register(&auth, 30).await;

    let first = auth.outbox().claim(10).await.unwrap();
    // The first relay holds its 10 rows (it is publishing them). A second relay, meanwhile:
    let second = tokio::time::timeout(Duration::from_secs(10), auth.outbox().claim(10))
        .await
        .expect("the second relay did not wait for the first")
        .unwrap();
    let ids = |claim: &events::outbox::Claim| -> Vec<uuid::Uuid> {
        claim.envelopes().iter().map(|e| e.id).collect()
    };
    let (a, b) = (ids(&first), ids(&second));
    assert_eq!((a.len(), b.len()), (10, 10));
    assert!(
        a.iter().all(|id| !b.contains(id)),
        "two relays claimed the same event"
    );
    assert!(
        a.iter().max() < b.iter().min(),
        "each takes the oldest it can"
    );
    first.mark_published().await.unwrap();
    drop(second); // this relay died: its rows are pending again
    assert_eq!(auth.outbox().pending().await.unwrap(), 20);
    schema.drop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn several_relays_at_once_publish_every_event_exactly_once() {
    let Some(schema) = PgSchema::create("relays").await else {
        return;
    };
    let auth = Auth::connect(schema.url()).await.unwrap();
    let transport = InProcess::new();
    common::register(&auth, 600).await;

    let relays: Vec<_> = (0..4)
        .map(|_| {
            let (auth, transport) = (auth.clone(), transport.clone());
            tokio::spawn(async move {
                let mut published = 0;
                loop {
                    let round = relay_once(auth.outbox(), &transport, 20).await.unwrap();
                    if round.events == 0 {
                        return published;
                    }
                    published += round.events;
                }
            })
        })
        .collect();
    let mut shares = Vec::new();
    for relay in relays {
        shares.push(relay.await.unwrap());
    }
    assert_eq!(shares.iter().sum::<usize>(), 600, "shares: {shares:?}");
    assert!(
        shares.iter().filter(|&&n| n > 0).count() > 1,
        "the relays shared the work: {shares:?}"
    );

    let mut seen: BTreeMap<uuid::Uuid, usize> = BTreeMap::new();
    let mut reader = transport.subscribe(None).await.unwrap();
    for _ in 0..transport.len() {
        let record = reader.next().await.unwrap();
        *seen
            .entry(Envelope::from_bytes(&record.bytes).unwrap().id)
            .or_default() += 1;
    }
    assert_eq!(seen.len(), 600, "every event published");
    assert!(seen.values().all(|&n| n == 1), "none published twice");
    assert_eq!(auth.outbox().pending().await.unwrap(), 0);
    schema.drop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_postgresql_a_rolled_back_registration_leaves_no_event() {
    let Some(schema) = PgSchema::create("rollback").await else {
        return;
    };
    let auth = Auth::connect(schema.url()).await.unwrap();
    common::register(&auth, 1).await;
    assert!(
        auth.register(common::user(0, "free"), uuid::Uuid::now_v7())
            .await
            .is_err()
    );
    assert_eq!(auth.outbox().pending().await.unwrap(), 1);
    schema.drop().await;
}
