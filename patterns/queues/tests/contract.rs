//! The brokers' contract, written once and run on every backend: the in-process broker always,
//! RabbitMQ when `AMQP_URL` is set, Kafka when the `kafka` feature is on and `KAFKA_BROKERS` is
//! set (CI sets both; under `REQUIRE_SERVICES=1` a missing broker is a failure, not a skip).
//! Each test gets queues (topics) of its own, deleted afterwards.
//!
//! One promise is a queue's and not a log's: fair dispatch between competing consumers. Kafka
//! gives each partition to one consumer of a group instead, so it has its own checks
//! (`tests/kafka.rs`) in place of that one.

// The contract's promises are plain async functions called by the generated tests: a panic
// with the error is exactly the report we want from them.
#![allow(clippy::unwrap_used)]

use std::time::{Duration, Instant};

use queues::inbox::{Handled, Inbox};
use queues::memory::InProcess;
use queues::rabbit::Rabbit;
use queues::{
    Broker, Consumer, Delivery, Message, QueueError, Retried, UserRegistered, dead_letters,
};

/// Long enough for a broker on this machine to have delivered a message it was going to.
const QUIET: Duration = Duration::from_millis(300);

/// How long every backend in this suite keeps a retried message before it comes back.
const RETRY_DELAY: Duration = Duration::from_secs(1);

/// Waits for the next delivery, or fails after 10 s rather than hanging the suite.
async fn next<C: Consumer>(consumer: &mut C) -> C::Delivery {
    tokio::time::timeout(Duration::from_secs(10), consumer.next())
        .await
        .expect("a delivery within 10 s")
        .unwrap()
}

/// Asserts that `consumer` gets nothing for a while.
async fn nothing_for<C: Consumer>(consumer: &mut C, why: &str) {
    if let Ok(delivery) = tokio::time::timeout(QUIET, consumer.next()).await {
        let delivery = delivery.unwrap();
        panic!(
            "{why}, but got {:?}",
            String::from_utf8_lossy(&delivery.message().body)
        );
    }
}

/// Publishes a marker behind the check's other messages (same key, so on Kafka the same
/// partition) and asserts that it is the next delivery: whatever `why` says is gone did not
/// come back first. Unlike waiting a while for nothing, this cannot pass because a broker was
/// merely slow to deliver.
async fn next_is_marker<B: Broker>(broker: &B, queue: &str, consumer: &mut B::Consumer, why: &str) {
    let marker = Message::new("marker").keyed("ada");
    broker.publish(queue, marker.clone()).await.unwrap();
    let delivery = next(consumer).await;
    assert_eq!(delivery.message(), &marker, "{why}");
    delivery.ack().await.unwrap();
}

fn text(delivery: &impl Delivery) -> String {
    String::from_utf8_lossy(&delivery.message().body).into_owned()
}

// ---- the contract: one function per promise, generic over the broker ----

async fn messages_arrive_in_order_once_acked_they_are_gone<B: Broker>(broker: &B, queue: &str) {
    // One key: Kafka keeps the order of one key's messages (a queue keeps one order for all).
    let sent: Vec<Message> = ["one", "two", "three"]
        .into_iter()
        .map(|body| Message::new(body.as_bytes()).keyed("ada"))
        .collect();
    for message in &sent {
        broker.publish(queue, message.clone()).await.unwrap();
    }
    let mut consumer = broker.consume(queue, 10).await.unwrap();
    for expected in &sent {
        let delivery = next(&mut consumer).await;
        assert_eq!(delivery.message(), expected, "in order, with their ids");
        assert!(!delivery.redelivered(), "a first delivery is not flagged");
        delivery.ack().await.unwrap();
    }
    drop(consumer);
    let mut later = broker.consume(queue, 10).await.unwrap();
    next_is_marker(broker, queue, &mut later, "acked messages never come back").await;
}

// ANCHOR: redelivery
async fn a_consumer_that_dies_hands_back_what_it_did_not_ack<B: Broker>(broker: &B, queue: &str) {
    broker
        .publish(queue, Message::new("acked").keyed("ada"))
        .await
        .unwrap();
    let unacked = Message::new("never acked").keyed("ada");
    broker.publish(queue, unacked.clone()).await.unwrap();

    let mut crashing = broker.consume(queue, 2).await.unwrap();
    next(&mut crashing).await.ack().await.unwrap();
    let in_hand = next(&mut crashing).await;
    assert_eq!(in_hand.message(), &unacked);
    drop(in_hand); // the work was done, maybe; the ack never came
    drop(crashing); // the consumer dies

    let mut restarted = broker.consume(queue, 2).await.unwrap();
    let again = next(&mut restarted).await;
    assert_eq!(again.message(), &unacked, "the same message, the same id");
    assert!(
        again.redelivered() || !B::FLAGS_REDELIVERIES,
        "flagged, so the consumer knows to check"
    );
    again.ack().await.unwrap();
    next_is_marker(broker, queue, &mut restarted, "the acked one stays gone").await;
}
// ANCHOR_END: redelivery

async fn an_ack_settles_its_own_message_and_no_other<B: Broker>(broker: &B, queue: &str) {
    let (slow, quick) = (
        Message::new("slow").keyed("ada"),
        Message::new("quick").keyed("ada"),
    );
    broker.publish(queue, slow.clone()).await.unwrap();
    broker.publish(queue, quick.clone()).await.unwrap();
    let mut consumer = broker.consume(queue, 2).await.unwrap();
    let first = next(&mut consumer).await;
    let second = next(&mut consumer).await;
    assert_eq!((first.message(), second.message()), (&slow, &quick));
    // Work finishes out of order: the later message is acked while the earlier one is still
    // being worked on, and then the consumer dies. (A Kafka offset is a bookmark: storing the
    // later one's would skip the earlier one.)
    second.ack().await.unwrap();
    drop(first);
    drop(consumer);

    let mut restarted = broker.consume(queue, 2).await.unwrap();
    let again = next(&mut restarted).await;
    assert_eq!(again.message(), &slow, "the unfinished one comes back");
    again.ack().await.unwrap();
    if !B::SETTLES_EACH_MESSAGE {
        // A log replays from the bookmark, which had to stay before the unfinished message.
        let replayed = next(&mut restarted).await;
        assert_eq!(
            replayed.message(),
            &quick,
            "read again, after the unfinished one"
        );
        replayed.ack().await.unwrap();
    }
    next_is_marker(broker, queue, &mut restarted, "the acked one does not").await;
}

async fn a_rejected_message_goes_to_the_dead_letter_queue_with_the_reason<B: Broker>(
    broker: &B,
    queue: &str,
) {
    for body in ["poison", "fine"] {
        let message = Message::new(body).keyed("ada");
        broker.publish(queue, message).await.unwrap();
    }
    let mut consumer = broker.consume(queue, 1).await.unwrap();
    let poison = next(&mut consumer).await;
    assert_eq!(text(&poison), "poison");
    poison.reject().await.unwrap();
    let fine = next(&mut consumer).await;
    assert_eq!(text(&fine), "fine", "the consumer keeps serving the others");
    fine.ack().await.unwrap();
    drop(consumer);
    let mut restarted = broker.consume(queue, 1).await.unwrap();
    next_is_marker(
        broker,
        queue,
        &mut restarted,
        "a rejected message is not redelivered",
    )
    .await;

    let mut dead = broker.consume(&dead_letters(queue), 1).await.unwrap();
    let buried = next(&mut dead).await;
    assert_eq!(text(&buried), "poison");
    assert_eq!(
        buried.death().as_deref(),
        Some(format!("rejected from {queue}").as_str()),
        "the dead letter says why it is there"
    );
    buried.ack().await.unwrap();
}

// ANCHOR: retry
async fn a_failing_message_is_retried_after_a_delay_then_dead_lettered<B: Broker>(
    broker: &B,
    queue: &str,
) {
    let flaky = Message::new("flaky").keyed("ada");
    broker.publish(queue, flaky.clone()).await.unwrap();
    let mut consumer = broker.consume(queue, 1).await.unwrap();
    let mut tried_at = Vec::new();
    for attempt in 1..=3 {
        let delivery = next(&mut consumer).await;
        assert_eq!(delivery.message(), &flaky, "the same message, the same id");
        assert_eq!(delivery.attempt(), attempt);
        assert_eq!(delivery.death(), None, "back from waiting is not dead");
        tried_at.push(Instant::now());
        let retried = delivery.retry(3).await.unwrap();
        if attempt == 3 {
            assert_eq!(
                retried,
                Retried::DeadLettered,
                "three attempts, then no more"
            );
            break;
        }
        assert_eq!(
            retried,
            Retried::Later {
                attempt: attempt + 1
            }
        );
        // While it waits, the consumer serves the others.
        let fine = Message::new(format!("fine {attempt}")).keyed("ada");
        broker.publish(queue, fine.clone()).await.unwrap();
        let delivery = next(&mut consumer).await;
        assert_eq!(
            delivery.message(),
            &fine,
            "served while the failed one waits"
        );
        delivery.ack().await.unwrap();
    }
    for (n, tries) in tried_at.windows(2).enumerate() {
        let waited = tries[1] - tries[0];
        assert!(
            waited >= RETRY_DELAY,
            "attempt {} came back after {waited:?}: no waiting, a busy loop",
            n + 2
        );
    }
    next_is_marker(
        broker,
        queue,
        &mut consumer,
        "given up on, it does not come back",
    )
    .await;
    let mut dead = broker.consume(&dead_letters(queue), 1).await.unwrap();
    let buried = next(&mut dead).await;
    assert_eq!(buried.message(), &flaky);
    assert_eq!(
        buried.death().as_deref(),
        Some(format!("rejected from {queue}").as_str())
    );
    buried.ack().await.unwrap();
}
// ANCHOR_END: retry

async fn prefetch_is_fair_dispatch_between_competing_consumers<B: Broker>(broker: &B, queue: &str) {
    for n in 1..=4 {
        broker
            .publish(queue, Message::new(format!("job {n}")))
            .await
            .unwrap();
    }
    let mut handled = Vec::new();
    let mut slow = broker.consume(queue, 1).await.unwrap();
    let held = next(&mut slow).await;
    let mut fast = broker.consume(queue, 1).await.unwrap();
    for _ in 0..2 {
        let delivery = next(&mut fast).await;
        handled.push(text(&delivery));
        delivery.ack().await.unwrap();
    }
    // RabbitMQ pushes: the fast consumer may already hold the last job. Gone, it hands it back.
    drop(fast);
    nothing_for(&mut slow, "prefetch 1: one unsettled message at a time").await;
    handled.push(text(&held));
    held.ack().await.unwrap();
    let last = next(&mut slow).await;
    handled.push(text(&last));
    last.ack().await.unwrap();
    handled.sort();
    assert_eq!(
        handled,
        ["job 1", "job 2", "job 3", "job 4"],
        "each job once, none lost"
    );
}

async fn an_ack_frees_the_slot_a_waiting_consumer_needs<B: Broker>(broker: &B, queue: &str)
where
    <B::Consumer as Consumer>::Delivery: 'static,
{
    for body in ["first", "second"] {
        let message = Message::new(body).keyed("ada");
        broker.publish(queue, message).await.unwrap();
    }
    let mut consumer = broker.consume(queue, 1).await.unwrap();
    let first = next(&mut consumer).await;
    // Acked while the consumer already waits for its next message.
    let acking = tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(100)).await;
        first.ack().await.unwrap();
    });
    let second = next(&mut consumer).await;
    assert_eq!(text(&second), "second");
    second.ack().await.unwrap();
    acking.await.unwrap();
}

async fn a_retry_or_a_reject_frees_the_slot_too<B: Broker>(broker: &B, queue: &str)
where
    <B::Consumer as Consumer>::Delivery: 'static,
{
    for body in ["retried", "rejected", "last"] {
        let message = Message::new(body).keyed("ada");
        broker.publish(queue, message).await.unwrap();
    }
    let mut consumer = broker.consume(queue, 1).await.unwrap();
    for settle in ["retry", "reject"] {
        let held = next(&mut consumer).await;
        // Settled while the consumer already waits for its next message.
        let settling = tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(100)).await;
            if settle == "retry" {
                held.retry(5).await.map(drop).unwrap();
            } else {
                held.reject().await.unwrap();
            }
        });
        // Soon after the settle: not when the retried message's delay is up and wakes everyone.
        let soon = Duration::from_millis(100) + RETRY_DELAY / 2;
        let after = tokio::time::timeout(soon, next(&mut consumer))
            .await
            .expect("the freed slot is used at once");
        settling.await.unwrap();
        let expected = if settle == "retry" {
            "rejected"
        } else {
            "last"
        };
        assert_eq!(text(&after), expected, "after a {settle}, the next one");
        if settle == "reject" {
            after.ack().await.unwrap();
        } else {
            // Hand it back for the next turn of the loop.
            drop(after);
            drop(consumer);
            consumer = broker.consume(queue, 1).await.unwrap();
        }
    }
}

async fn a_message_no_queue_takes_is_returned_not_dropped<B: Broker>(broker: &B, queue: &str) {
    let nowhere = format!("{queue}-undeclared");
    let error = broker
        .publish(&nowhere, Message::new("lost?"))
        .await
        .unwrap_err();
    assert!(
        matches!(&error, QueueError::Unroutable(q) if *q == nowhere),
        "{error}"
    );
}

// ANCHOR: idempotent
async fn a_redelivered_message_is_applied_once<B: Broker>(broker: &B, queue: &str) {
    let inbox = Inbox::connect(&format!("sqlite:file:{queue}?mode=memory&cache=shared"))
        .await
        .unwrap();
    let body = serde_json::to_vec(&UserRegistered {
        email: "ada@example.com".into(),
    })
    .unwrap();
    broker.publish(queue, Message::new(body)).await.unwrap();

    let mut crashing = broker.consume(queue, 1).await.unwrap();
    let first = next(&mut crashing).await;
    assert_eq!(inbox.welcome(first.message()).await.unwrap(), Handled::Done);
    drop(first);
    drop(crashing); // died after the work, before the ack

    let mut restarted = broker.consume(queue, 1).await.unwrap();
    let again = next(&mut restarted).await;
    assert!(again.redelivered() || !B::FLAGS_REDELIVERIES);
    assert_eq!(
        inbox.welcome(again.message()).await.unwrap(),
        Handled::AlreadyDone
    );
    again.ack().await.unwrap();
    assert_eq!(inbox.mails_to("ada@example.com").await.unwrap(), 1);
    inbox.close().await;
}
// ANCHOR_END: idempotent

// ---- the backends ----

fn fresh_queue(check: &str) -> String {
    format!("{check}-{}", uuid::Uuid::new_v4().simple())
}

async fn in_process(check: &str) -> Option<(InProcess, String)> {
    let broker = InProcess::new().with_retry_delay(RETRY_DELAY);
    let queue = fresh_queue(check);
    broker.declare(&queue).await.unwrap();
    Some((broker, queue))
}

async fn rabbitmq(check: &str) -> Option<(Rabbit, String)> {
    let url = checks::service_url("AMQP_URL", "RabbitMQ")?;
    let broker = Rabbit::connect(&url)
        .await
        .expect("RabbitMQ connects")
        .with_retry_delay(RETRY_DELAY);
    let queue = fresh_queue(check);
    broker.declare(&queue).await.unwrap();
    Some((broker, queue))
}

#[cfg(feature = "kafka")]
async fn kafka(check: &str) -> Option<(queues::kafka::Kafka, String)> {
    let brokers = checks::service_url("KAFKA_BROKERS", "Kafka")?;
    let broker = queues::kafka::Kafka::connect(&brokers)
        .await
        .expect("Kafka connects")
        .with_retry_delay(RETRY_DELAY);
    let topic = fresh_queue(check);
    broker.declare(&topic).await.unwrap();
    Some((broker, topic))
}

/// How a backend cleans up after a check.
trait Finish {
    async fn finish(self, queue: &str);
}

impl Finish for InProcess {
    async fn finish(self, _: &str) {}
}

impl Finish for Rabbit {
    async fn finish(self, queue: &str) {
        self.delete(queue).await.unwrap();
        self.close().await.unwrap();
    }
}

#[cfg(feature = "kafka")]
impl Finish for queues::kafka::Kafka {
    async fn finish(self, topic: &str) {
        self.delete(topic).await.unwrap();
    }
}

macro_rules! contract {
    ($backend:ident: $($check:ident),+ $(,)?) => {
        mod $backend {
            use super::Finish;
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $check() {
                    let Some((broker, queue)) = super::$backend(stringify!($check)).await else {
                        return;
                    };
                    super::$check(&broker, &queue).await;
                    broker.finish(&queue).await;
                }
            )+
        }
    };
}

macro_rules! every_backend {
    ($($check:ident),+ $(,)?) => {
        contract!(in_process: $($check),+);
        contract!(rabbitmq: $($check),+);
    };
}

#[cfg(feature = "kafka")]
contract!(kafka:
    messages_arrive_in_order_once_acked_they_are_gone,
    a_consumer_that_dies_hands_back_what_it_did_not_ack,
    an_ack_settles_its_own_message_and_no_other,
    a_rejected_message_goes_to_the_dead_letter_queue_with_the_reason,
    a_failing_message_is_retried_after_a_delay_then_dead_lettered,
    an_ack_frees_the_slot_a_waiting_consumer_needs,
    a_retry_or_a_reject_frees_the_slot_too,
    a_message_no_queue_takes_is_returned_not_dropped,
    a_redelivered_message_is_applied_once,
);

every_backend!(
    messages_arrive_in_order_once_acked_they_are_gone,
    a_consumer_that_dies_hands_back_what_it_did_not_ack,
    an_ack_settles_its_own_message_and_no_other,
    a_rejected_message_goes_to_the_dead_letter_queue_with_the_reason,
    a_failing_message_is_retried_after_a_delay_then_dead_lettered,
    prefetch_is_fair_dispatch_between_competing_consumers,
    an_ack_frees_the_slot_a_waiting_consumer_needs,
    a_retry_or_a_reject_frees_the_slot_too,
    a_message_no_queue_takes_is_returned_not_dropped,
    a_redelivered_message_is_applied_once,
);
