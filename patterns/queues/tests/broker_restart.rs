//! Lab 4: a durable queue, persistent messages and publisher confirms are what make messages
//! survive the broker itself going down. 100 messages are published and confirmed, RabbitMQ's
//! application is stopped and started again (`rabbitmqctl stop_app` / `start_app`), and all
//! 100 are still there, ids and bodies intact.
//!
//! Lab 6 is here too: a consumer waiting on a queue while RabbitMQ restarts notices, connects
//! again and resumes, and gets the next message published after the restart.
//!
//! Alone in their own test binary (cargo runs test binaries one after another, so no other
//! check is talking to RabbitMQ while it restarts), and one at a time within it (a lock). Whatever happens, the test leaves
//! RabbitMQ running (a guard starts the application again when the test ends, even in a panic).
//! It needs `AMQP_URL` and `rabbitmqctl` on this machine; without them it skips with one line,
//! unless `REQUIRE_SERVICES=1` (CI), where it fails.

#![allow(clippy::unwrap_used)]

use std::collections::BTreeSet;
use std::process::Command;
use std::time::Duration;

use queues::rabbit::{Rabbit, ResilientConsumer};
use queues::{Broker, Consumer, Delivery, Message};

fn rabbitmqctl(command: &str) -> Result<(), String> {
    let output = Command::new("rabbitmqctl")
        .arg(command)
        .output()
        .map_err(|error| format!("rabbitmqctl cannot run: {error}"))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(format!(
            "rabbitmqctl {command} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        ))
    }
}

/// One restart at a time: the tests of this binary run in parallel otherwise.
static RESTARTS: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// Whether this machine can restart RabbitMQ; `false` (after one line) to skip.
fn can_restart() -> bool {
    if Command::new("rabbitmqctl").arg("help").output().is_ok() {
        return true;
    }
    assert!(
        std::env::var("REQUIRE_SERVICES").as_deref() != Ok("1"),
        "REQUIRE_SERVICES=1 but rabbitmqctl is not on this machine: this lab restarts RabbitMQ"
    );
    eprintln!("skipped: this lab needs rabbitmqctl to restart RabbitMQ");
    false
}

/// Starts RabbitMQ's application again when dropped, whatever the test did.
struct LeaveItRunning;

impl Drop for LeaveItRunning {
    fn drop(&mut self) {
        if let Err(error) = rabbitmqctl("start_app") {
            eprintln!("{error}");
        }
    }
}

/// Connects once RabbitMQ accepts connections again (it takes a few seconds after start_app).
async fn reconnect(url: &str) -> Rabbit {
    for _ in 0..60 {
        if let Ok(Ok(rabbit)) =
            tokio::time::timeout(Duration::from_secs(2), Rabbit::connect(url)).await
        {
            return rabbit;
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    panic!("RabbitMQ did not come back within 60 s of start_app");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn confirmed_persistent_messages_survive_a_broker_restart() {
    let Some(url) = checks::service_url("AMQP_URL", "RabbitMQ") else {
        return;
    };
    if !can_restart() {
        return;
    }
    let _one_at_a_time = RESTARTS.lock().await;
    let queue = format!("survives-restart-{}", std::process::id());
    let broker = Rabbit::connect(&url).await.unwrap();
    broker.declare(&queue).await.unwrap();
    let mut sent = BTreeSet::new();
    for n in 0..100 {
        let message = Message::new(format!("sign-up {n}"));
        sent.insert((message.id.clone(), message.body.clone()));
        broker.publish(&queue, message).await.unwrap(); // confirmed: the broker has it
    }
    broker.close().await.unwrap();

    let running = LeaveItRunning;
    rabbitmqctl("stop_app").unwrap();
    rabbitmqctl("start_app").unwrap();
    drop(running);

    let broker = reconnect(&url).await;
    let mut consumer = broker.consume(&queue, 100).await.unwrap();
    let mut received = BTreeSet::new();
    while received.len() < sent.len() {
        let delivery = tokio::time::timeout(Duration::from_secs(10), consumer.next())
            .await
            .unwrap_or_else(|_| {
                panic!(
                    "only {} of {} messages came back after the restart",
                    received.len(),
                    sent.len()
                )
            })
            .unwrap();
        received.insert((
            delivery.message().id.clone(),
            delivery.message().body.clone(),
        ));
        delivery.ack().await.unwrap();
    }
    assert_eq!(received, sent, "every confirmed message, intact");
    drop(consumer);
    broker.delete(&queue).await.unwrap();
    broker.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_consumer_reconnects_after_a_broker_restart_and_gets_the_next_message() {
    let Some(url) = checks::service_url("AMQP_URL", "RabbitMQ") else {
        return;
    };
    if !can_restart() {
        return;
    }
    let _one_at_a_time = RESTARTS.lock().await;
    let queue = format!("resilient-{}", std::process::id());
    let mut consumer = ResilientConsumer::new(&url, &queue, 1);
    let publisher = Rabbit::connect(&url).await.unwrap();
    publisher.declare(&queue).await.unwrap();
    publisher
        .publish(&queue, Message::new("before"))
        .await
        .unwrap();
    let before = tokio::time::timeout(Duration::from_secs(10), consumer.next())
        .await
        .unwrap();
    assert_eq!(before.message().body, b"before");
    before.ack().await.unwrap();
    drop(publisher);

    // The consumer waits for its next message while RabbitMQ goes down and comes back.
    let waiting = tokio::spawn(async move {
        let delivery = consumer.next().await;
        let body = delivery.message().body.clone();
        delivery.ack().await.unwrap();
        (body, consumer.connections)
    });
    tokio::time::sleep(Duration::from_millis(300)).await;
    let running = LeaveItRunning;
    rabbitmqctl("stop_app").unwrap();
    rabbitmqctl("start_app").unwrap();
    drop(running);

    let publisher = reconnect(&url).await;
    publisher
        .publish(&queue, Message::new("after"))
        .await
        .unwrap();
    let (body, connections) = tokio::time::timeout(Duration::from_secs(60), waiting)
        .await
        .expect("the consumer got the message published after the restart")
        .unwrap();
    assert_eq!(body, b"after");
    assert!(
        connections >= 2,
        "it connected again ({connections} connections)"
    );
    publisher.delete(&queue).await.unwrap();
    publisher.close().await.unwrap();
}
