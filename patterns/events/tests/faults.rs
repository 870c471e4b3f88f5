//! The fault checks: what happens to events when something fails, on every transport (in
//! process always; NATS JetStream with `NATS_URL`; Kafka with `KAFKA_BROKERS` and the `kafka`
//! feature, and for the outage a broker of the test's own at `KAFKA_TEST_BROKER_BIN`).
//!
//! - the broker is unreachable while users register: the registrations succeed, the events
//!   wait in the outbox, and every one arrives once it is back;
//! - the relay dies after publishing and before marking: the event is published twice, and
//!   the inbox applies it once;
//! - the relay is killed again and again mid-stream: nothing lost, nothing counted twice;
//! - a transaction that rolls back publishes nothing;
//! - duplicates and re-ordering on the way to the projection do not change its figures.

#![allow(clippy::unwrap_used)]

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use checks::proxy::Proxy;
use common::{caught_up, expected, memory, register};
use events::outbox::{self, run_relay};
use events::transport::memory::InProcess;
use events::transport::nats::JetStream;
use events::{Analytics, Auth, Envelope, Event, Subscription, Transport, TransportError};
use events::{UserCreated, UserDeleted};

// ---- The broker is unreachable while users register. ----

/// The in-process log behind a switch: a broker in this process cannot become unreachable,
/// so this stands in for the network (the real brokers below are cut with a TCP proxy).
#[derive(Clone)]
struct Switched {
    log: InProcess,
    down: Arc<AtomicBool>,
}

impl Transport for Switched {
    type Subscription = <InProcess as Transport>::Subscription;

    async fn publish(&self, envelope: &Envelope) -> Result<u64, TransportError> {
        if self.down.load(Ordering::SeqCst) {
            return Err(TransportError::Unreachable("switched off".into()));
        }
        self.log.publish(envelope).await
    }

    async fn subscribe(&self, after: Option<u64>) -> Result<Self::Subscription, TransportError> {
        self.log.subscribe(after).await
    }
}

/// Registers 5 users with the broker up, 20 while it is down, then brings it back: every
/// registration succeeds, the 20 events wait in the outbox meanwhile, and all 25 arrive once.
async fn outage<T: Transport + Clone + 'static>(transport: T, cut: impl Fn(), restore: impl Fn()) {
    let auth = Auth::connect(&memory("auth")).await.unwrap();
    let analytics = Analytics::connect(&memory("analytics")).await.unwrap();
    let relay = tokio::spawn(run_relay(auth.outbox().clone(), transport.clone(), 100));
    let mut following = analytics.spawn_follower(&transport);
    let mut model = analytics.watch();

    register(&auth, 5).await;
    tokio::time::timeout(
        Duration::from_secs(60),
        model.wait_for(|m| m.stats.users == 5),
    )
    .await
    .expect("5 users counted within 60 s while the broker was up")
    .unwrap();

    cut();
    for i in 5..25 {
        let plan = if i % 3 == 0 { "pro" } else { "free" };
        auth.register(common::user(i, plan), uuid::Uuid::now_v7())
            .await
            .expect("a registration succeeds while the broker is unreachable");
    }
    // The relay keeps trying meanwhile, and fails: the events wait.
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(
        auth.outbox().pending().await.unwrap(),
        20,
        "the 20 events of the outage wait in the outbox until the broker is back"
    );
    restore();

    let counted = tokio::time::timeout(
        Duration::from_secs(90),
        model.wait_for(|m| m.stats.users >= 25),
    )
    .await;
    let Ok(counted) = counted.map(|model| model.map(|model| model.clone())) else {
        panic!(
            "90 s after the broker's return, {} events are still in the outbox and analytics \
             has {:?}",
            auth.outbox().pending().await.unwrap(),
            analytics.refresh().await.unwrap()
        );
    };
    let model = counted.unwrap();
    assert_eq!(model.stats, expected(25), "every event arrived, and once");
    // The events may have arrived before the relay heard the broker's acks (sent during the
    // cut, acked late, timed out): then the relay publishes them again, the broker or the
    // inbox drops the copies, and the relay marks them. The outbox empties.
    let mut pending = auth.outbox().pending().await.unwrap();
    for _ in 0..600 {
        if pending == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
        pending = auth.outbox().pending().await.unwrap();
    }
    assert_eq!(pending, 0, "the outbox empties once the broker is back");
    relay.abort();
    let end = common::end_marker(&transport).await;
    let model = caught_up(&mut following, end).await;
    following.stop().await;
    assert_eq!(
        model.duplicates,
        end - 1 - 25,
        "every record beyond one per event (a publish retried after the outage) was skipped \
         by the inbox"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in_process_events_wait_in_the_outbox_while_the_broker_is_unreachable() {
    let down = Arc::new(AtomicBool::new(false));
    let transport = Switched {
        log: InProcess::new(),
        down: Arc::clone(&down),
    };
    outage(
        transport,
        || down.store(true, Ordering::SeqCst),
        || down.store(false, Ordering::SeqCst),
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn jetstream_events_wait_in_the_outbox_while_the_broker_is_unreachable() {
    let Some(url) = checks::service_url("NATS_URL", "NATS with JetStream") else {
        return;
    };
    let server = tokio::net::lookup_host(url.trim_start_matches("nats://"))
        .await
        .unwrap()
        .next()
        .unwrap();
    let proxy = Proxy::to(server).await;
    let through_proxy = format!("nats://{}", proxy.address());
    let stream = common::unique("outage");
    let jetstream =
        JetStream::connect_with_timeout(&through_proxy, &stream, Duration::from_secs(1))
            .await
            .unwrap();
    outage(jetstream, || proxy.cut(), || proxy.restore()).await;
    JetStream::connect(&url, &stream)
        .await
        .unwrap()
        .delete()
        .await
        .unwrap();
}

#[cfg(feature = "kafka")]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kafka_events_wait_in_the_outbox_while_the_broker_is_unreachable() {
    use checks::proxy::{KillOnDrop, free_port, wait_for_port};
    use std::process::{Command, Stdio};
    // The CI broker keeps its data in memory: this test starts one of its own, which
    // advertises the proxy's address, so every connection goes through the proxy.
    let Some(bin) = checks::service_url(
        "KAFKA_TEST_BROKER_BIN",
        "a Kafka-wire broker (tansu) this test starts behind a proxy it can cut",
    ) else {
        return;
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let proxy_address = listener.local_addr().unwrap();
    let port = free_port().await;
    let _broker = KillOnDrop(
        Command::new(&bin)
            .args([
                "broker",
                "--listener-url",
                &format!("tcp://127.0.0.1:{port}"),
                "--advertised-listener-url",
                &format!("tcp://{proxy_address}"),
                "--storage-engine",
                "memory://outage/",
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    wait_for_port(port).await;
    let proxy = Proxy::start(listener, std::net::SocketAddr::from(([127, 0, 0, 1], port)));
    let kafka = events::transport::kafka::KafkaLog::connect(&proxy_address.to_string(), "outage")
        .await
        .unwrap();
    outage(kafka, || proxy.cut(), || proxy.restore()).await;
}

// ---- The relay dies after publishing, before marking. ----

/// How many records of the stream (up to `last`) carry `id`.
async fn copies<T: Transport>(transport: &T, id: uuid::Uuid, last: u64) -> usize {
    let mut reader = transport.subscribe(None).await.unwrap();
    let mut copies = 0;
    loop {
        let record = tokio::time::timeout(Duration::from_secs(20), reader.next())
            .await
            .expect("the stream up to its last position within 20 s")
            .unwrap();
        if Envelope::from_bytes(&record.bytes).unwrap().id == id {
            copies += 1;
        }
        if record.position >= last {
            return copies;
        }
    }
}

/// Returns how many copies of the event the stream holds.
async fn relay_dies_after_publishing<T: Transport + Clone + 'static>(transport: T) -> usize {
    let auth = Auth::connect(&memory("auth")).await.unwrap();
    let analytics = Analytics::connect(&memory("analytics")).await.unwrap();
    let mut following = analytics.spawn_follower(&transport);
    register(&auth, 1).await;

    let claim = auth.outbox().claim(100).await.unwrap();
    let id = claim.envelopes()[0].id;
    let first = transport
        .publish_all(claim.envelopes())
        .await
        .unwrap()
        .unwrap();
    drop(claim); // the relay dies: published, never marked
    assert_eq!(
        auth.outbox().pending().await.unwrap(),
        1,
        "an event published but not marked is still pending"
    );
    let again = outbox::relay_once(auth.outbox(), &transport, 100)
        .await
        .unwrap();
    assert_eq!(again.events, 1, "the restarted relay publishes it again");
    assert_eq!(auth.outbox().pending().await.unwrap(), 0);
    let last = again.last_position.unwrap().max(first);
    let model = caught_up(&mut following, last).await;
    assert_eq!(
        model.stats,
        expected(1),
        "the user is counted once, however often the event was published"
    );
    following.stop().await;
    let copies = copies(&transport, id, last).await;
    assert_eq!(
        model.duplicates,
        copies as u64 - 1,
        "the inbox skipped every copy after the first ({copies} in the stream)"
    );
    copies
}

#[tokio::test]
async fn in_process_a_relay_that_dies_before_marking_publishes_twice_and_the_inbox_applies_once() {
    assert_eq!(relay_dies_after_publishing(InProcess::new()).await, 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn jetstream_a_relay_that_dies_before_marking_is_deduplicated_by_the_server() {
    let Some(jetstream) = common::jetstream("twice").await else {
        return;
    };
    assert_eq!(
        relay_dies_after_publishing(jetstream.clone()).await,
        1,
        "within the duplicate window JetStream keeps one copy of a Nats-Msg-Id"
    );
    jetstream.delete().await.unwrap();
}

#[cfg(feature = "kafka")]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kafka_a_relay_that_dies_before_marking_publishes_twice_and_the_inbox_applies_once() {
    let Some(kafka) = common::kafka("twice").await else {
        return;
    };
    assert_eq!(relay_dies_after_publishing(kafka.clone()).await, 2);
    kafka.delete().await.unwrap();
}

// ---- The relay is killed again and again mid-stream. ----

async fn relay_killed_mid_stream<T: Transport + Clone + 'static>(transport: T) {
    const USERS: usize = 1_500;
    let auth = Auth::connect(&memory("auth")).await.unwrap();
    let analytics = Analytics::connect(&memory("analytics")).await.unwrap();
    register(&auth, USERS).await;
    let mut following = analytics.spawn_follower(&transport);
    let mut kills = 0;
    while auth.outbox().pending().await.unwrap() > 0 {
        // A relay with small batches, killed after a moment wherever it is: mid-claim,
        // mid-publish, between publishing and marking.
        let relay = tokio::spawn(run_relay(auth.outbox().clone(), transport.clone(), 25));
        tokio::time::sleep(Duration::from_millis(15)).await;
        relay.abort();
        let _ = relay.await;
        kills += 1;
        assert!(kills < 10_000, "the relays made no progress");
    }
    let end = common::end_marker(&transport).await;
    let model = caught_up(&mut following, end).await;
    following.stop().await;
    assert_eq!(
        model.stats,
        expected(USERS as u64),
        "{kills} relays killed mid-stream: 0 lost, 0 counted twice"
    );
    assert_eq!(
        model.duplicates,
        end - 1 - USERS as u64,
        "{kills} relays killed mid-stream: every event published more than once was applied \
         once, and the inbox skipped the rest"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in_process_relays_killed_mid_stream_lose_nothing_and_double_nothing() {
    relay_killed_mid_stream(InProcess::new()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn jetstream_relays_killed_mid_stream_lose_nothing_and_double_nothing() {
    let Some(jetstream) = common::jetstream("killed").await else {
        return;
    };
    relay_killed_mid_stream(jetstream.clone()).await;
    jetstream.delete().await.unwrap();
}

#[cfg(feature = "kafka")]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kafka_relays_killed_mid_stream_lose_nothing_and_double_nothing() {
    let Some(kafka) = common::kafka("killed").await else {
        return;
    };
    relay_killed_mid_stream(kafka.clone()).await;
    kafka.delete().await.unwrap();
}

// ---- A transaction that rolls back publishes nothing. ----

async fn rollback_publishes_nothing<T: Transport + Clone + 'static>(transport: T) {
    let auth = Auth::connect(&memory("auth")).await.unwrap();
    // A unit of work that writes its event, then fails and rolls back.
    {
        let mut tx = auth.pool().begin().await.unwrap();
        let event = Event::UserDeleted(UserDeleted {
            user_id: "nobody".into(),
        });
        outbox::append(
            &mut tx,
            &Envelope::new(&event, "auth", uuid::Uuid::now_v7()),
        )
        .await
        .unwrap();
        tx.rollback().await.unwrap();
    }
    // A registration whose email is taken rolls back too.
    register(&auth, 1).await;
    assert!(
        auth.register(common::user(0, "pro"), uuid::Uuid::now_v7())
            .await
            .is_err()
    );
    let relayed = outbox::relay_once(auth.outbox(), &transport, 100)
        .await
        .unwrap();
    assert_eq!(
        (relayed.events, relayed.last_position),
        (1, Some(1)),
        "only the one committed registration is published"
    );
    let mut reader = transport.subscribe(None).await.unwrap();
    let record = reader.next().await.unwrap();
    let envelope = Envelope::from_bytes(&record.bytes).unwrap();
    assert!(
        matches!(envelope.decode().unwrap(), Event::UserCreated(ref u) if u.email == "user0@example.com"),
        "{envelope:?}"
    );
    assert!(
        tokio::time::timeout(Duration::from_millis(500), reader.next())
            .await
            .is_err(),
        "nothing else is in the stream"
    );
}

#[tokio::test]
async fn in_process_a_rolled_back_transaction_publishes_nothing() {
    rollback_publishes_nothing(InProcess::new()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn jetstream_a_rolled_back_transaction_publishes_nothing() {
    let Some(jetstream) = common::jetstream("rollback").await else {
        return;
    };
    rollback_publishes_nothing(jetstream.clone()).await;
    jetstream.delete().await.unwrap();
}

#[cfg(feature = "kafka")]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kafka_a_rolled_back_transaction_publishes_nothing() {
    let Some(kafka) = common::kafka("rollback").await else {
        return;
    };
    rollback_publishes_nothing(kafka.clone()).await;
    kafka.delete().await.unwrap();
}

// ---- Duplicates and re-ordering on the way to the projection. ----

fn created(user: &str, plan: &str) -> Envelope {
    let event = Event::UserCreated(UserCreated {
        user_id: user.into(),
        email: format!("{user}@example.com"),
        display_name: user.into(),
        plan: plan.into(),
    });
    Envelope::new(&event, "auth", uuid::Uuid::now_v7())
}

fn deleted(user: &str) -> Envelope {
    let event = Event::UserDeleted(UserDeleted {
        user_id: user.into(),
    });
    Envelope::new(&event, "auth", uuid::Uuid::now_v7())
}

/// ada, grace, linus, hedy sign up; grace and hedy delete their accounts.
fn history() -> Vec<Envelope> {
    vec![
        created("ada", "pro"),
        created("grace", "free"),
        created("linus", "free"),
        deleted("grace"),
        created("hedy", "pro"),
        deleted("hedy"),
    ]
}

async fn figures_after<T: Transport + Clone + 'static>(
    transport: T,
    order: &[Envelope],
) -> events::Stats {
    let analytics = Analytics::connect(&memory("analytics")).await.unwrap();
    transport.publish_all(order).await.unwrap();
    let end = common::end_marker(&transport).await;
    let mut following = analytics.spawn_follower(&transport);
    let model = caught_up(&mut following, end).await;
    following.stop().await;
    // What the stream holds of `order` (JetStream drops a repeated id itself), less one per
    // event: the copies the inbox skipped.
    let distinct: std::collections::BTreeSet<_> = order.iter().map(|e| e.id).collect();
    assert_eq!(
        model.duplicates,
        end - 1 - distinct.len() as u64,
        "every repeated event was skipped by the inbox"
    );
    model.stats
}

/// In order, once each; reversed (every delete before its create), with each event twice;
/// and interleaved with duplicates: the same figures.
async fn disorder<T: Transport + Clone + 'static>(transports: [T; 3]) {
    let history = history();
    let [in_order, reversed, shuffled] = transports;
    let expected = figures_after(in_order, &history).await;
    assert_eq!(
        (expected.users, expected.deleted),
        (2, 2),
        "ada and linus remain, grace and hedy left: {expected:?}"
    );
    let mut backwards: Vec<Envelope> = history.iter().rev().cloned().collect();
    backwards.extend(history.iter().rev().cloned());
    assert_eq!(
        figures_after(reversed, &backwards).await,
        expected,
        "every delete before its create, every event twice: the same figures"
    );
    let [a, b, c, d, e, f] = history.clone().try_into().unwrap();
    let mixed = [f, d.clone(), b, e, d, a.clone(), c, a];
    assert_eq!(
        figures_after(shuffled, &mixed).await,
        expected,
        "shuffled, with duplicates: the same figures"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in_process_duplicates_and_reordering_do_not_change_the_figures() {
    disorder([InProcess::new(), InProcess::new(), InProcess::new()]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn jetstream_duplicates_and_reordering_do_not_change_the_figures() {
    let (Some(a), Some(b), Some(c)) = (
        common::jetstream("order").await,
        common::jetstream("order").await,
        common::jetstream("order").await,
    ) else {
        return;
    };
    disorder([a.clone(), b.clone(), c.clone()]).await;
    for stream in [a, b, c] {
        stream.delete().await.unwrap();
    }
}

#[cfg(feature = "kafka")]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kafka_duplicates_and_reordering_do_not_change_the_figures() {
    let (Some(a), Some(b), Some(c)) = (
        common::kafka("order").await,
        common::kafka("order").await,
        common::kafka("order").await,
    ) else {
        return;
    };
    disorder([a.clone(), b.clone(), c.clone()]).await;
    for topic in [a, b, c] {
        topic.delete().await.unwrap();
    }
}
