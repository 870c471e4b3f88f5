//! What every transport promises (`src/transport.rs`), checked on each: in process always,
//! NATS JetStream with `NATS_URL`, Kafka with `KAFKA_BROKERS` and the `kafka` feature.

#![allow(clippy::unwrap_used)]

mod common;

use std::time::Duration;

use events::transport::memory::InProcess;
use events::{Envelope, Event, Subscription, Transport, UserDeleted};

fn event(n: usize) -> Envelope {
    let event = Event::UserDeleted(UserDeleted {
        user_id: format!("user-{n}"),
    });
    Envelope::new(&event, "test", uuid::Uuid::now_v7())
}

async fn next<S: Subscription>(reader: &mut S) -> events::Record {
    tokio::time::timeout(Duration::from_secs(20), reader.next())
        .await
        .expect("a record within 20 s")
        .unwrap()
}

async fn contract<T: Transport>(transport: &T) {
    // Positions count from 1, in publish order; a batch reports its last one.
    assert_eq!(transport.publish(&event(0)).await.unwrap(), 1);
    let batch: Vec<Envelope> = (1..5).map(event).collect();
    assert_eq!(transport.publish_all(&batch).await.unwrap(), Some(5));
    assert_eq!(transport.publish_all(&[]).await.unwrap(), None);

    // From the start: everything, in order, as published.
    let mut all = transport.subscribe(None).await.unwrap();
    for n in 0..5 {
        let record = next(&mut all).await;
        assert_eq!(record.position, n as u64 + 1);
        let envelope = Envelope::from_bytes(&record.bytes).unwrap();
        assert_eq!(envelope, event_like(&envelope, n), "record {n}");
    }
    // After a position: only what follows it. Reading took nothing away from the other reader.
    let mut after_three = transport.subscribe(Some(3)).await.unwrap();
    assert_eq!(next(&mut after_three).await.position, 4);
    assert_eq!(next(&mut after_three).await.position, 5);
    let mut again = transport.subscribe(None).await.unwrap();
    assert_eq!(next(&mut again).await.position, 1);

    // A reader waiting at the end gets what is published next.
    let waiting = tokio::spawn(async move { next(&mut all).await });
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(transport.publish(&event(5)).await.unwrap(), 6);
    assert_eq!(waiting.await.unwrap().position, 6);

    // A batch larger than a client keeps in flight at once (async-nats awaits at most 5,000
    // acks at a time): published whole, and the answer is its last position.
    let big: Vec<Envelope> = (0..6_000).map(event).collect();
    assert_eq!(transport.publish_all(&big).await.unwrap(), Some(6_006));
}

/// The envelope published as event `n` (ids and times are the envelope's own).
fn event_like(envelope: &Envelope, n: usize) -> Envelope {
    let mut expected = event(n);
    expected.id = envelope.id;
    expected.occurred_at = envelope.occurred_at;
    expected.correlation_id = envelope.correlation_id;
    expected
}

#[tokio::test]
async fn in_process_keeps_the_transport_contract() {
    contract(&InProcess::new()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn jetstream_keeps_the_transport_contract() {
    let Some(jetstream) = common::jetstream("contract").await else {
        return;
    };
    contract(&jetstream).await;
    jetstream.delete().await.unwrap();
}

#[cfg(feature = "kafka")]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kafka_keeps_the_transport_contract() {
    let Some(kafka) = common::kafka("contract").await else {
        return;
    };
    contract(&kafka).await;
    kafka.delete().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn jetstream_stores_a_republished_event_once_within_its_duplicate_window() {
    let Some(jetstream) = common::jetstream("dedupe").await else {
        return;
    };
    let envelope = event(1);
    let first = jetstream.publish(&envelope).await.unwrap();
    let second = jetstream.publish(&envelope).await.unwrap();
    assert_eq!(
        (first, second),
        (1, 1),
        "the same Nats-Msg-Id twice: one record"
    );
    assert_eq!(jetstream.publish(&event(2)).await.unwrap(), 2);
    assert_eq!(jetstream.last_position().await.unwrap(), 2);
    jetstream.delete().await.unwrap();
}
