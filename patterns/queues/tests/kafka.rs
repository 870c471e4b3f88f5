//! What Kafka does that a queue does not, with rdkafka, on the broker at `KAFKA_BROKERS` (the
//! `kafka` feature; CI runs a Kafka-wire broker): keys pick partitions and keep one user's
//! events in order; a consumer group shares the partitions and rebalances them when a member
//! joins or leaves. (The promises Kafka shares with the queues are in `tests/contract.rs`.)

#![allow(clippy::unwrap_used)]

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use queues::kafka::Kafka;
use queues::{Broker, Consumer, Delivery, Message};
use tokio::sync::mpsc;

const USERS: [&str; 6] = ["ada", "grace", "linus", "barbara", "alan", "margaret"];

async fn kafka(check: &str) -> Option<(Kafka, String)> {
    let brokers = checks::service_url("KAFKA_BROKERS", "Kafka")?;
    let kafka = Kafka::connect(&brokers).await.expect("Kafka connects");
    let topic = format!("{check}-{}", uuid::Uuid::new_v4().simple());
    kafka.declare(&topic).await.unwrap();
    Some((kafka, topic))
}

/// `user:n`, keyed by the user: the n-th event of that user.
fn event(user: &str, n: usize) -> Message {
    Message::new(format!("{user}:{n}")).keyed(user)
}

fn parse(message: &Message) -> (String, usize) {
    let text = String::from_utf8_lossy(&message.body).into_owned();
    let (user, n) = text.split_once(':').unwrap();
    (user.to_owned(), n.parse().unwrap())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_key_picks_one_partition_and_keeps_its_events_in_order() {
    let Some((kafka, topic)) = kafka("keys").await else {
        return;
    };
    let mut partitions: BTreeMap<&str, BTreeSet<i32>> = BTreeMap::new();
    for n in 0..4 {
        for user in USERS {
            let partition = kafka.publish_to(&topic, event(user, n)).await.unwrap();
            partitions.entry(user).or_default().insert(partition);
        }
    }
    for (user, went_to) in &partitions {
        assert_eq!(went_to.len(), 1, "all of {user}'s events in one partition");
    }
    let used: BTreeSet<i32> = partitions.values().flatten().copied().collect();
    assert!(
        used.len() > 1,
        "six users spread over the partitions: {partitions:?}"
    );

    let mut consumer = kafka.consume(&topic, 100).await.unwrap();
    let mut seen: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for _ in 0..4 * USERS.len() {
        let delivery = tokio::time::timeout(Duration::from_secs(10), consumer.next())
            .await
            .expect("a delivery within 10 s")
            .unwrap();
        let (user, n) = parse(delivery.message());
        seen.entry(user).or_default().push(n);
        delivery.ack().await.unwrap();
    }
    for (user, order) in &seen {
        assert_eq!(
            order,
            &[0, 1, 2, 3],
            "{user}'s events, in the order published"
        );
    }
    assert_eq!(seen.len(), USERS.len());
    drop(consumer);
    kafka.delete(&topic).await.unwrap();
}

/// A member of a consumer group, consuming and acking in a task of its own, reporting what it
/// read as `(member, user, n)`.
async fn member(
    kafka: &Kafka,
    topic: &str,
    name: &'static str,
    read: mpsc::UnboundedSender<(&'static str, String, usize)>,
) -> tokio::task::JoinHandle<()> {
    let mut consumer = kafka.consume(topic, 10).await.unwrap();
    tokio::spawn(async move {
        while let Ok(delivery) = consumer.next().await {
            let (user, n) = parse(delivery.message());
            delivery.ack().await.unwrap();
            if read.send((name, user, n)).is_err() {
                return;
            }
        }
    })
}

async fn read_all(
    read: &mut mpsc::UnboundedReceiver<(&'static str, String, usize)>,
    count: usize,
) -> Vec<(&'static str, String, usize)> {
    let mut got = Vec::new();
    while got.len() < count {
        let next = tokio::time::timeout(Duration::from_secs(30), read.recv())
            .await
            .expect("the group reads everything within 30 s");
        got.push(next.unwrap());
    }
    got
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_group_shares_the_partitions_and_rebalances_when_a_member_leaves() {
    let Some((kafka, topic)) = kafka("group").await else {
        return;
    };
    let (tx, mut read) = mpsc::unbounded_channel();
    let first = member(&kafka, &topic, "first", tx.clone()).await;
    // The first member is consuming when the second joins: the group rebalances, and `consume`
    // returns once the second has partitions of its own.
    let second = member(&kafka, &topic, "second", tx.clone()).await;
    for n in 0..3 {
        for user in USERS {
            kafka.publish(&topic, event(user, n)).await.unwrap();
        }
    }
    let got = read_all(&mut read, 3 * USERS.len()).await;
    let mut reader_of: BTreeMap<String, BTreeSet<&str>> = BTreeMap::new();
    let mut order: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (member, user, n) in &got {
        reader_of.entry(user.clone()).or_default().insert(member);
        order.entry(user.clone()).or_default().push(*n);
    }
    let members: BTreeSet<&str> = reader_of.values().flatten().copied().collect();
    assert_eq!(
        members.len(),
        2,
        "both members read a share of the partitions: {reader_of:?}"
    );
    for (user, readers) in &reader_of {
        assert_eq!(readers.len(), 1, "{user}'s partition is read by one member");
        assert_eq!(order[user], [0, 1, 2], "{user}'s events in order");
    }

    // The second member leaves: its partitions go to the first, which reads what comes next.
    second.abort();
    let _ = second.await;
    for user in USERS {
        kafka.publish(&topic, event(user, 3)).await.unwrap();
    }
    let after = read_all(&mut read, USERS.len()).await;
    let users: BTreeSet<&str> = after.iter().map(|(_, user, _)| user.as_str()).collect();
    assert_eq!(
        users.len(),
        USERS.len(),
        "every user's next event: {after:?}"
    );
    assert!(
        after
            .iter()
            .all(|(member, _, n)| *member == "first" && *n == 3),
        "the first member now reads every partition: {after:?}"
    );
    first.abort();
    let _ = first.await;
    kafka.delete(&topic).await.unwrap();
}
