//! Lab 5: a Kafka consumer dies after doing its work and before committing, and its successor
//! replays from the last committed offset; the inbox keeps the effect exactly once.
//!
//! "Dies" must mean dies: a consumer dropped in a test closes politely and commits on the way
//! out. So this test binary runs itself again as a child process (`LAB5_CHILD` set), which
//! handles ten sign-ups, commits after the fifth, acks five more (stored, not committed), and
//! aborts. The parent then consumes with a new member of the same group, and counts, in the
//! shared SQLite inbox, what was done and what was recognised as done before.
//!
//! `harness = false`: a plain `main`, so that the child is this same binary with no test runner
//! in between. It needs the `kafka` feature and `KAFKA_BROKERS` (CI has both).

#![allow(clippy::unwrap_used)]

use std::process::{Command, ExitCode};
use std::time::Duration;

use queues::inbox::{Handled, Inbox};
use queues::kafka::Kafka;
use queues::{Broker, Consumer, Delivery, Message, UserRegistered};

const SIGN_UPS: usize = 20;
const CHILD_HANDLES: usize = 10;
const COMMITTED_AFTER: usize = 5;

fn email(n: usize) -> String {
    format!("user{n}@example.com")
}

async fn next<C: Consumer>(consumer: &mut C) -> C::Delivery {
    tokio::time::timeout(Duration::from_secs(30), consumer.next())
        .await
        .expect("a delivery within 30 s")
        .unwrap()
}

/// The consumer that dies: ten sign-ups handled and acked, only five of them committed.
async fn child(brokers: &str, topic: &str, database: &str) {
    let inbox = Inbox::connect(database).await.unwrap();
    // No automatic commit in this consumer's short life: only the explicit one below.
    let kafka = Kafka::connect(brokers)
        .await
        .unwrap()
        .commit_every(Duration::from_secs(3600));
    let mut consumer = kafka.consume(topic, 1).await.unwrap();
    for n in 1..=CHILD_HANDLES {
        let delivery = next(&mut consumer).await;
        assert_eq!(
            inbox.welcome(delivery.message()).await.unwrap(),
            Handled::Done
        );
        delivery.ack().await.unwrap();
        if n == COMMITTED_AFTER {
            consumer.commit().await.unwrap();
        }
    }
    // Killed: no close, no last commit. (abort, not exit: nothing runs on the way out.)
    std::process::abort();
}

async fn parent(brokers: &str) {
    let kafka = Kafka::connect(brokers).await.unwrap();
    let topic = format!("replay-{}", uuid::Uuid::new_v4().simple());
    // One partition: its offsets are one sequence, so "from the last commit" is one place.
    kafka.declare_with(&topic, 1).await.unwrap();
    for n in 1..=SIGN_UPS {
        let body = serde_json::to_vec(&UserRegistered { email: email(n) }).unwrap();
        kafka
            .publish(&topic, Message::new(body).keyed(email(n)))
            .await
            .unwrap();
    }
    let dir = std::env::temp_dir().join(format!("lab5-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    let database = format!("sqlite://{}?mode=rwc", dir.join("inbox.db").display());

    let status = Command::new(std::env::current_exe().unwrap())
        .env("LAB5_CHILD", "1")
        .env("LAB5_TOPIC", &topic)
        .env("LAB5_DATABASE", &database)
        .env("KAFKA_BROKERS", brokers)
        .status()
        .unwrap();
    assert!(
        !status.success() && status.code().is_none(),
        "the child was to die by a signal: {status}"
    );

    // The successor: same group, default settings. It waits until the group gives up on the
    // dead member (its session times out) and hands it the partition.
    let inbox = Inbox::connect(&database).await.unwrap();
    let mut consumer = kafka.consume(&topic, 1).await.unwrap();
    let (mut replayed, mut done, mut first) = (0, 0, None);
    while replayed + done < SIGN_UPS - COMMITTED_AFTER {
        let delivery = next(&mut consumer).await;
        let event: UserRegistered = serde_json::from_slice(&delivery.message().body).unwrap();
        first.get_or_insert(event.email);
        match inbox.welcome(delivery.message()).await.unwrap() {
            Handled::AlreadyDone => replayed += 1,
            Handled::Done => done += 1,
        }
        delivery.ack().await.unwrap();
    }
    assert_eq!(
        first.as_deref(),
        Some(email(COMMITTED_AFTER + 1).as_str()),
        "the successor starts right after the last committed offset"
    );
    assert_eq!(
        replayed,
        CHILD_HANDLES - COMMITTED_AFTER,
        "acked but not committed: read again, recognised by the inbox"
    );
    assert_eq!(done, SIGN_UPS - CHILD_HANDLES);
    for n in 1..=SIGN_UPS {
        assert_eq!(
            inbox.mails_to(&email(n)).await.unwrap(),
            1,
            "one welcome mail to {}",
            email(n)
        );
    }
    println!(
        "lab 5: the child handled {CHILD_HANDLES}, committed {COMMITTED_AFTER}, died; \
         the successor replayed {replayed} (applied 0 times again) and handled {done} new"
    );
    drop(consumer);
    inbox.close().await;
    kafka.delete(&topic).await.unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::main]
async fn main() -> ExitCode {
    if std::env::var_os("LAB5_CHILD").is_some() {
        let var = |name: &str| std::env::var(name).unwrap();
        child(
            &var("KAFKA_BROKERS"),
            &var("LAB5_TOPIC"),
            &var("LAB5_DATABASE"),
        )
        .await;
        return ExitCode::FAILURE;
    }
    // `cargo test` passes arguments meant for a test harness: a filter that is not ours means
    // this binary was not asked for; `--list` asks what it holds.
    if std::env::args().any(|arg| arg == "--list") {
        println!("lab5: test");
        return ExitCode::SUCCESS;
    }
    if let Some(filter) = std::env::args().skip(1).find(|arg| !arg.starts_with('-'))
        && !"kafka_replay lab5".contains(&filter)
    {
        return ExitCode::SUCCESS;
    }
    if let Some(brokers) = checks::service_url("KAFKA_BROKERS", "Kafka") {
        parent(&brokers).await;
    }
    ExitCode::SUCCESS
}
