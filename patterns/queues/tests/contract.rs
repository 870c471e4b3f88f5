//! The brokers' contract, written once and run on every backend: the in-process broker always,
//! RabbitMQ when `AMQP_URL` is set (CI sets it; under `REQUIRE_SERVICES=1` a missing broker is
//! a failure, not a skip). Each test gets queues of its own, deleted afterwards.

// The contract's promises are plain async functions called by the generated tests: a panic
// with the error is exactly the report we want from them.
#![allow(clippy::unwrap_used)]

use std::time::Duration;

use queues::inbox::{Handled, Inbox};
use queues::memory::InProcess;
use queues::rabbit::Rabbit;
use queues::{Broker, Consumer, Delivery, Message, QueueError, UserRegistered, dead_letters};

/// Long enough for a broker on this machine to have delivered a message it was going to.
const QUIET: Duration = Duration::from_millis(300);

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

fn text(delivery: &impl Delivery) -> String {
    String::from_utf8_lossy(&delivery.message().body).into_owned()
}

// ---- the contract: one function per promise, generic over the broker ----

async fn messages_arrive_in_order_once_acked_they_are_gone<B: Broker>(broker: &B, queue: &str) {
    let sent: Vec<Message> = ["one", "two", "three"]
        .into_iter()
        .map(|body| Message::new(body.as_bytes()))
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
    nothing_for(&mut later, "acked messages never come back").await;
}

// ANCHOR: redelivery
async fn a_consumer_that_dies_hands_back_what_it_did_not_ack<B: Broker>(broker: &B, queue: &str) {
    broker.publish(queue, Message::new("acked")).await.unwrap();
    let unacked = Message::new("never acked");
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
        again.redelivered(),
        "flagged, so the consumer knows to check"
    );
    again.ack().await.unwrap();
    nothing_for(&mut restarted, "the acked one stays gone").await;
}
// ANCHOR_END: redelivery

async fn a_rejected_message_goes_to_the_dead_letter_queue_with_the_reason<B: Broker>(
    broker: &B,
    queue: &str,
) {
    broker.publish(queue, Message::new("poison")).await.unwrap();
    broker.publish(queue, Message::new("fine")).await.unwrap();
    let mut consumer = broker.consume(queue, 1).await.unwrap();
    let poison = next(&mut consumer).await;
    assert_eq!(text(&poison), "poison");
    poison.reject().await.unwrap();
    let fine = next(&mut consumer).await;
    assert_eq!(text(&fine), "fine", "the consumer keeps serving the others");
    fine.ack().await.unwrap();
    nothing_for(&mut consumer, "a rejected message is not redelivered").await;

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
    broker.publish(queue, Message::new("first")).await.unwrap();
    broker.publish(queue, Message::new("second")).await.unwrap();
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
    assert!(again.redelivered());
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
    let broker = InProcess::new();
    let queue = fresh_queue(check);
    broker.declare(&queue).await.unwrap();
    Some((broker, queue))
}

async fn rabbitmq(check: &str) -> Option<(Rabbit, String)> {
    let url = checks::service_url("AMQP_URL", "RabbitMQ")?;
    let broker = Rabbit::connect(&url).await.expect("RabbitMQ connects");
    let queue = fresh_queue(check);
    broker.declare(&queue).await.unwrap();
    Some((broker, queue))
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

every_backend!(
    messages_arrive_in_order_once_acked_they_are_gone,
    a_consumer_that_dies_hands_back_what_it_did_not_ack,
    a_rejected_message_goes_to_the_dead_letter_queue_with_the_reason,
    prefetch_is_fair_dispatch_between_competing_consumers,
    an_ack_frees_the_slot_a_waiting_consumer_needs,
    a_message_no_queue_takes_is_returned_not_dropped,
    a_redelivered_message_is_applied_once,
);
