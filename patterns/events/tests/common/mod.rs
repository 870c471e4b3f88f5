//! What the events tests share: a fresh stream on each transport, fresh databases.
#![allow(dead_code, clippy::unwrap_used)]

use events::analytics::Follower;
use events::transport::nats::JetStream;
use events::{Auth, NewUser, Transport};

/// A name no other test (or earlier run) uses.
pub fn unique(prefix: &str) -> String {
    format!("{prefix}{}", uuid::Uuid::new_v4().simple())
}

/// A private in-memory SQLite database.
pub fn memory(prefix: &str) -> String {
    events::in_memory(&unique(prefix))
}

/// A new stream on the NATS server at `NATS_URL`; `None` (after one line) on a laptop without it.
pub async fn jetstream(prefix: &str) -> Option<JetStream> {
    let url = checks::service_url("NATS_URL", "NATS with JetStream")?;
    Some(JetStream::connect(&url, &unique(prefix)).await.unwrap())
}

/// A new topic on the Kafka at `KAFKA_BROKERS`.
#[cfg(feature = "kafka")]
pub async fn kafka(prefix: &str) -> Option<events::transport::kafka::KafkaLog> {
    let brokers = checks::service_url("KAFKA_BROKERS", "a Kafka-wire broker")?;
    Some(
        events::transport::kafka::KafkaLog::connect(&brokers, &unique(prefix))
            .await
            .unwrap(),
    )
}

pub fn user(n: usize, plan: &str) -> NewUser {
    NewUser {
        email: format!("user{n}@example.com"),
        display_name: format!("User {n}"),
        plan: plan.to_owned(),
    }
}

/// Registers `n` users, every third on the pro plan.
pub async fn register(auth: &Auth, n: usize) {
    for i in 0..n {
        let plan = if i % 3 == 0 { "pro" } else { "free" };
        auth.register(user(i, plan), uuid::Uuid::now_v7())
            .await
            .unwrap();
    }
}

/// The figures `register(auth, n)` must end in.
pub fn expected(n: u64) -> events::Stats {
    let pro = n.div_ceil(3);
    let mut by_plan = std::collections::BTreeMap::new();
    if n > pro {
        by_plan.insert("free".to_owned(), n - pro);
    }
    if pro > 0 {
        by_plan.insert("pro".to_owned(), pro);
    }
    events::Stats {
        users: n,
        by_plan,
        deleted: 0,
        parked: 0,
    }
}

/// Publishes a marker at the end of the stream: a deletion of a user who never existed, which
/// changes no figure. Returns its position: read up to it, a reader has read everything
/// published before it.
pub async fn end_marker<T: Transport>(transport: &T) -> u64 {
    let marker = events::Event::UserDeleted(events::UserDeleted {
        user_id: unique("end-marker-"),
    });
    transport
        .publish(&events::Envelope::new(
            &marker,
            "test",
            uuid::Uuid::now_v7(),
        ))
        .await
        .unwrap()
}

/// Waits (60 s at most) until the read model has applied `position`.
pub async fn caught_up(follower: &mut Follower, position: u64) -> events::ReadModel {
    tokio::time::timeout(
        std::time::Duration::from_secs(60),
        follower.caught_up_to(position),
    )
    .await
    .unwrap_or_else(|_| panic!("analytics did not reach position {position} within 60 s"))
    .unwrap_or_else(|error| panic!("analytics stopped before position {position}: {error}"))
}
