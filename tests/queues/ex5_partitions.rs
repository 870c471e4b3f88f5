//! Checks for exercise `queues5`: `exercises/queues/src/ex5_partitions.rs`.
//!
//! The values pinned here are FNV-1a's, worked out independently (the reference vectors for
//! `""`, `"a"` and `"foobar"` are the algorithm's published ones). The consumers run on tokio's
//! paused clock: their sleeps take no real time, and every run interleaves them the same way.

// The helpers unwrap what the topic answers: a panic with the error is the report we want.
#![allow(clippy::unwrap_used)]

// Graded: the solution (`cargo test`), the learner's file (feature `exercises`, `cargo learn`)
// or a known-wrong answer copied to wip/ (feature `wrong`, `cargo learn dev verify-wrong`).
#[cfg_attr(
    feature = "exercises",
    path = "../../exercises/queues/src/ex5_partitions.rs"
)]
#[cfg_attr(feature = "wrong", path = "wip/ex5_partitions.rs")]
#[cfg_attr(
    not(any(feature = "exercises", feature = "wrong")),
    path = "../../solutions/queues/src/ex5_partitions.rs"
)]
#[allow(unused)]
mod exercise;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use exercise::{Event, Topic, fnv1a_32, partition_for, publish};

/// The `n`th event (from 1) of `user`: its id says both.
fn event(user: &str, n: usize) -> Event {
    Event {
        id: format!("{user}#{n}"),
        user: user.to_owned(),
        kind: format!("step {n}"),
    }
}

/// Which partitions hold events of each user.
fn partitions_by_user(topic: &Topic) -> BTreeMap<String, BTreeSet<u32>> {
    let mut by_user: BTreeMap<String, BTreeSet<u32>> = BTreeMap::new();
    for partition in 0..topic.partitions() {
        for event in topic.read(partition, 0).unwrap() {
            by_user.entry(event.user).or_default().insert(partition);
        }
    }
    by_user
}

#[test]
fn fnv1a_32_gives_the_reference_values() {
    for (bytes, expected) in [
        (&b""[..], 0x811c_9dc5_u32),
        (b"a", 0xe40c_292c),
        (b"foobar", 0xbf9c_f968),
        (b"user-42", 0x0260_73ab),
    ] {
        let got = fnv1a_32(bytes);
        assert_eq!(
            got,
            expected,
            "fnv1a_32({:?}) should be {expected:#010x}, not {got:#010x}: start from 0x811c9dc5, \
             and for each byte XOR it in FIRST, then multiply by 0x01000193 (wrapping)",
            String::from_utf8_lossy(bytes)
        );
    }
}

#[test]
fn partition_for_is_fnv1a_modulo_the_partitions() {
    for (key, partitions, expected) in [
        ("", 4, 1),
        ("a", 4, 0),
        ("a", 7, 5),
        ("user-1", 4, 0),
        ("user-1", 12, 4),
        ("user-42", 4, 3),
        ("user-42", 7, 6),
        ("ada@example.com", 4, 2),
        ("ada@example.com", 12, 6),
        ("bob", 7, 3),
        ("bob", 1, 0),
    ] {
        let got = partition_for(key, partitions);
        assert_eq!(
            got,
            expected,
            "partition_for({key:?}, {partitions}) should be {expected}: fnv1a_32 of the key's \
             bytes modulo {partitions}, a partition from 0 to {}, not {got}",
            partitions - 1
        );
    }
}

#[test]
fn the_same_key_always_gets_the_same_partition() {
    for n in 0..200 {
        let key = format!("user-{n}");
        let first = partition_for(&key, 8);
        assert!(
            first < 8,
            "partition_for({key:?}, 8) is {first}: partitions are numbered 0 to 7"
        );
        for _ in 0..3 {
            let again = partition_for(&key, 8);
            assert_eq!(
                again, first,
                "partition_for({key:?}, 8) was {first}, then {again}: the same key must always \
                 get the same partition (a stable hash, not a random or per-process one)"
            );
        }
    }
}

#[test]
fn publish_puts_each_event_in_its_users_partition() {
    let topic = Topic::new(4);
    for (user, n) in [
        ("ada", 1),
        ("bob", 1),
        ("ada", 2),
        ("user-42", 1),
        ("bob", 2),
    ] {
        let sent = event(user, n);
        let expected = partition_for(user, 4);
        let partition = publish(&topic, sent.clone()).unwrap();
        assert_eq!(
            partition, expected,
            "publish of event {:?} of user {user:?} should return partition_for({user:?}, 4) = \
             {expected}, the user's partition, not {partition}",
            sent.id
        );
        let log = topic.read(expected, 0).unwrap();
        assert_eq!(
            log.last(),
            Some(&sent),
            "after publishing event {:?} of user {user:?}, it should be the last event of \
             partition {expected} (the user's partition), which holds {log:?}",
            sent.id
        );
    }
    let total: usize = (0..4).map(|p| topic.read(p, 0).unwrap().len()).sum();
    assert_eq!(total, 5, "5 events published: each appended exactly once");
}

#[tokio::test(start_paused = true)]
async fn each_users_events_are_handled_in_order() {
    const USERS: usize = 10;
    const STEPS: usize = 8;
    let topic = Arc::new(Topic::new(4));
    // Published interleaved, as they happen: step 1 of every user, then step 2, ...
    for n in 1..=STEPS {
        for u in 0..USERS {
            publish(&topic, event(&format!("user-{u}"), n)).unwrap();
        }
    }
    let by_user = partitions_by_user(&topic);
    for (user, partitions) in &by_user {
        assert_eq!(
            partitions.len(),
            1,
            "the events of {user} are in partitions {partitions:?}: all of one user's events must \
             go to ONE partition (the key is the user), or nothing keeps them in order"
        );
    }

    // One consumer per partition, all at once, each at its own pace (partition 0 the slowest).
    let handled: Arc<Mutex<Vec<Event>>> = Arc::default();
    let mut consumers = tokio::task::JoinSet::new();
    for partition in 0..4 {
        let (topic, handled) = (Arc::clone(&topic), Arc::clone(&handled));
        consumers.spawn(async move {
            for event in topic.read(partition, 0).unwrap() {
                let pace = 40 - 10 * u64::from(partition);
                tokio::time::sleep(Duration::from_millis(pace)).await;
                handled.lock().unwrap().push(event);
            }
        });
    }
    tokio::time::timeout(Duration::from_secs(60), consumers.join_all())
        .await
        .expect("the consumers read every partition within a minute");

    let handled = handled.lock().unwrap().clone();
    assert_eq!(
        handled.len(),
        USERS * STEPS,
        "{USERS} users x {STEPS} events published: each must be in the topic exactly once"
    );
    for u in 0..USERS {
        let user = format!("user-{u}");
        let order: Vec<&str> = handled
            .iter()
            .filter(|e| e.user == user)
            .map(|e| e.id.as_str())
            .collect();
        let expected: Vec<String> = (1..=STEPS).map(|n| format!("{user}#{n}")).collect();
        assert_eq!(
            order, expected,
            "with one consumer per partition running side by side, the events of {user} were \
             handled in the order {order:?}, not in the order published: key every event by its user"
        );
    }
}

#[test]
fn users_spread_over_the_partitions() {
    let topic = Topic::new(4);
    for u in 0..1000 {
        publish(&topic, event(&format!("user-{u}"), 1)).unwrap();
    }
    for partition in 0..4 {
        let count = topic.read(partition, 0).unwrap().len();
        assert!(
            (200..=300).contains(&count),
            "1,000 users, one event each, over 4 partitions: partition {partition} got {count} \
             of them, where about 250 each is what a hash of the user spreads"
        );
    }
    assert_eq!(
        partitions_by_user(&topic).len(),
        1000,
        "1,000 users published: each must be in the topic"
    );
}
