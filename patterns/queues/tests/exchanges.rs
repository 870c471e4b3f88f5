//! RabbitMQ's exchanges, beyond the queue-to-queue contract: a fanout exchange gives every
//! bound queue a copy (publish/subscribe), a topic exchange routes by pattern, and a message
//! that no binding matches is returned to its mandatory publisher. On the RabbitMQ at
//! `AMQP_URL` (CI sets it).

#![allow(clippy::unwrap_used)]

use std::time::Duration;

use lapin::ExchangeKind;
use queues::rabbit::Rabbit;
use queues::{Broker, Consumer, Delivery, Message, QueueError};

fn fresh(name: &str) -> String {
    format!("{name}-{}", uuid::Uuid::new_v4().simple())
}

async fn rabbit() -> Option<Rabbit> {
    let url = checks::service_url("AMQP_URL", "RabbitMQ")?;
    Some(Rabbit::connect(&url).await.expect("RabbitMQ connects"))
}

/// The bodies of the next `count` messages of `queue`, acked.
async fn take(rabbit: &Rabbit, queue: &str, count: usize) -> Vec<String> {
    let mut consumer = rabbit.consume(queue, 10).await.unwrap();
    let mut bodies = Vec::new();
    for _ in 0..count {
        let delivery = tokio::time::timeout(Duration::from_secs(10), consumer.next())
            .await
            .expect("a delivery within 10 s")
            .unwrap();
        bodies.push(String::from_utf8_lossy(&delivery.message().body).into_owned());
        delivery.ack().await.unwrap();
    }
    bodies
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_fanout_exchange_gives_every_subscriber_a_copy() {
    let Some(rabbit) = rabbit().await else {
        return;
    };
    let exchange = fresh("user-registered");
    let (email, analytics) = (fresh("email"), fresh("analytics"));
    rabbit
        .declare_exchange(&exchange, ExchangeKind::Fanout)
        .await
        .unwrap();
    for queue in [&email, &analytics] {
        rabbit.declare(queue).await.unwrap();
        rabbit.bind(queue, &exchange, "").await.unwrap();
    }
    let signup = Message::new("ada@example.com");
    rabbit.publish_via(&exchange, "", &signup).await.unwrap();
    for queue in [&email, &analytics] {
        assert_eq!(rabbit.ready(queue).await.unwrap(), 1, "a copy in {queue}");
        let mut consumer = rabbit.consume(queue, 1).await.unwrap();
        let delivery = consumer.next().await.unwrap();
        assert_eq!(delivery.message(), &signup, "the same message, id and all");
        delivery.ack().await.unwrap();
    }
    for queue in [&email, &analytics] {
        rabbit.delete(queue).await.unwrap();
    }
    rabbit.delete_exchange(&exchange).await.unwrap();
    rabbit.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_topic_exchange_routes_by_pattern_and_returns_what_matches_nothing() {
    let Some(rabbit) = rabbit().await else {
        return;
    };
    let exchange = fresh("events");
    rabbit
        .declare_exchange(&exchange, ExchangeKind::Topic)
        .await
        .unwrap();
    // The email service wants sign-ups; the account service, everything about users.
    let (email, accounts, audit) = (fresh("email"), fresh("accounts"), fresh("audit"));
    for (queue, pattern) in [
        (&email, "user.registered"),
        (&accounts, "user.*"),
        (&audit, "#.deleted"),
    ] {
        rabbit.declare(queue).await.unwrap();
        rabbit.bind(queue, &exchange, pattern).await.unwrap();
    }
    for key in ["user.registered", "user.deleted", "order.deleted"] {
        rabbit
            .publish_via(&exchange, key, &Message::new(key))
            .await
            .unwrap();
    }
    // Confirmed means routed: the counts are final.
    assert_eq!(rabbit.ready(&email).await.unwrap(), 1);
    assert_eq!(rabbit.ready(&accounts).await.unwrap(), 2);
    assert_eq!(rabbit.ready(&audit).await.unwrap(), 2);
    assert_eq!(take(&rabbit, &email, 1).await, ["user.registered"]);
    assert_eq!(
        take(&rabbit, &accounts, 2).await,
        ["user.registered", "user.deleted"],
        "user.* is one word after user."
    );
    assert_eq!(
        take(&rabbit, &audit, 2).await,
        ["user.deleted", "order.deleted"],
        "#.deleted: any words, then deleted"
    );

    let error = rabbit
        .publish_via(&exchange, "order.placed", &Message::new("nobody"))
        .await
        .unwrap_err();
    assert!(
        matches!(&error, QueueError::Unroutable(key) if key == "order.placed"),
        "a key no binding matches is returned to the publisher: {error}"
    );

    for queue in [&email, &accounts, &audit] {
        rabbit.delete(queue).await.unwrap();
    }
    rabbit.delete_exchange(&exchange).await.unwrap();
    rabbit.close().await.unwrap();
}
