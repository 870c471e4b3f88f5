//! Lab 6 on Kafka: the broker goes away under a running consumer, and comes back; the consumer
//! notices, reconnects and resumes by itself, and the message published meanwhile arrives.
//!
//! RabbitMQ's version restarts the broker (`tests/broker_restart.rs`). The Kafka-wire broker
//! CI runs keeps its data in memory only, so a restart would lose the topic: here the test
//! starts a broker of its own (the binary at `KAFKA_TEST_BROKER_BIN`; CI points it at tansu)
//! behind a TCP proxy on loopback, and cuts and restores the connection instead. The broker
//! advertises the proxy's address, so every connection the clients make goes through it.

#![allow(clippy::unwrap_used)]

use std::net::SocketAddr;
use std::process::{Command, Stdio};
use std::time::Duration;

use checks::proxy::{KillOnDrop, Proxy, free_port, wait_for_port};
use queues::kafka::Kafka;
use queues::{Broker, Consumer, Delivery, Message};
use tokio::net::TcpListener;
use tokio::sync::mpsc;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_consumer_resumes_after_its_connection_to_kafka_is_cut_and_restored() {
    let Some(bin) = checks::service_url(
        "KAFKA_TEST_BROKER_BIN",
        "a Kafka-wire broker (tansu) this test starts behind a proxy it can cut",
    ) else {
        return;
    };
    let proxy_listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let proxy_address = proxy_listener.local_addr().unwrap();
    let broker_port = free_port().await;
    let _broker = KillOnDrop(
        Command::new(&bin)
            .args([
                "broker",
                "--listener-url",
                &format!("tcp://127.0.0.1:{broker_port}"),
                "--advertised-listener-url",
                &format!("tcp://{proxy_address}"),
                "--storage-engine",
                "memory://lab6/",
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    wait_for_port(broker_port).await;
    let proxy = Proxy::start(
        proxy_listener,
        SocketAddr::from(([127, 0, 0, 1], broker_port)),
    );

    let kafka = Kafka::connect(&proxy_address.to_string()).await.unwrap();
    let topic = "lab6";
    kafka.declare(topic).await.unwrap();
    let mut consumer = kafka.consume(topic, 1).await.unwrap();
    let waits = consumer.waits_for_broker();
    let (tx, mut read) = mpsc::unbounded_channel();
    let consuming = tokio::spawn(async move {
        while let Ok(delivery) = consumer.next().await {
            let text = String::from_utf8_lossy(&delivery.message().body).into_owned();
            delivery.ack().await.unwrap();
            if tx.send(text).is_err() {
                return;
            }
        }
        // `next` returned an error: the consumer gave up. The check below will say so.
    });
    let arrives = async |read: &mut mpsc::UnboundedReceiver<String>| {
        tokio::time::timeout(Duration::from_secs(30), read.recv())
            .await
            .expect("a message within 30 s")
            .expect("the consumer is still consuming")
    };

    kafka
        .publish(topic, Message::new("before").keyed("ada"))
        .await
        .unwrap();
    assert_eq!(arrives(&mut read).await, "before");

    proxy.cut();
    // Long enough for the clients to notice (their connections are closed, reconnecting is
    // refused), short of the group's session timeout.
    tokio::time::sleep(Duration::from_secs(3)).await;
    // Published while the broker is unreachable: the producer holds it and retries.
    let publishing = tokio::spawn(async move {
        kafka
            .publish(topic, Message::new("during").keyed("ada"))
            .await
            .map(|()| kafka)
    });
    tokio::time::sleep(Duration::from_secs(1)).await;
    proxy.restore();

    // At least once: "before" may be read again (its offset may not have been committed before
    // the cut, and the group may have moved the partition meanwhile). Nothing may be missing.
    let mut again = 0;
    loop {
        match arrives(&mut read).await.as_str() {
            "during" => break,
            "before" => again += 1,
            other => panic!("{other:?} before the message published during the cut"),
        }
    }
    assert!(again <= 1, "read \"before\" {again} more times");
    assert!(
        waits.load(std::sync::atomic::Ordering::Relaxed) > 0,
        "the consumer was told of the cut, and waited on: it is the waiting that is checked"
    );
    let kafka = publishing.await.unwrap().expect("the publish went through");
    kafka
        .publish(topic, Message::new("after").keyed("ada"))
        .await
        .unwrap();
    assert_eq!(arrives(&mut read).await, "after");
    consuming.abort();
}
