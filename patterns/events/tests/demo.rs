//! The demo, run as a learner runs it (`cargo run -p events`), its output pinned by a snapshot;
//! and the same story on NATS JetStream and Kafka, which must tell it word for word (but for
//! the line where JetStream recognises the republished event).

use std::process::Command;

/// The demo's output, on SQLite in memory (`DATABASE_URL` removed) unless `postgres`.
fn demo_on(args: &[&str], postgres: bool) -> String {
    let mut demo = Command::new(env!("CARGO_BIN_EXE_events"));
    if !postgres {
        demo.env_remove("DATABASE_URL");
    }
    let output = demo
        .args(args)
        .env("RUST_LOG", "off")
        .output()
        .expect("the demo runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn demo(args: &[&str]) -> String {
    demo_on(args, false)
}

fn in_process() -> String {
    demo(&[]).replace("Transport: a log in this process (nothing to install).", "")
}

#[test]
fn the_event_driven_sign_up_story() {
    insta::assert_snapshot!(demo(&[]));
}

#[test]
fn postgresql_tells_the_same_story() {
    // The demo reads the same DATABASE_URL from the environment it inherits: a schema per
    // service, dropped after the run.
    if checks::service_url("DATABASE_URL", "PostgreSQL").is_none() {
        return;
    }
    assert_eq!(demo_on(&[], true), demo(&[]));
}

#[test]
fn jetstream_tells_the_same_story() {
    if checks::service_url("NATS_URL", "NATS with JetStream").is_none() {
        return;
    }
    let nats = demo(&["--transport", "nats"])
        .replace("Transport: NATS JetStream.", "")
        .replace(
            "   the broker knew the event id (Nats-Msg-Id) and stored it once: position 6\n",
            "",
        )
        .replace("checkpoint 6", "checkpoint 7");
    let in_process = in_process().replace("   the stream holds it twice: positions 6 and 7\n", "");
    assert_eq!(nats, in_process);
}

#[test]
fn an_unreachable_nats_is_a_clear_error_and_exit_code_2() {
    let output = Command::new(env!("CARGO_BIN_EXE_events"))
        .args(["--transport", "nats"])
        .env("NATS_URL", "nats://127.0.0.1:9")
        .output()
        .expect("the demo runs");
    assert_eq!(output.status.code(), Some(2));
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(
        said.contains("cannot reach NATS JetStream at nats://127.0.0.1:9"),
        "{said}"
    );
}

#[cfg(feature = "kafka")]
#[test]
fn kafka_tells_the_same_story() {
    if checks::service_url("KAFKA_BROKERS", "Kafka").is_none() {
        return;
    }
    let kafka = demo(&["--transport", "kafka"]).replace("Transport: Kafka (one partition).", "");
    assert_eq!(kafka, in_process());
}

#[cfg(feature = "kafka")]
#[test]
fn an_unreachable_kafka_is_a_clear_error_and_exit_code_2() {
    let output = Command::new(env!("CARGO_BIN_EXE_events"))
        .args(["--transport", "kafka"])
        .env("KAFKA_BROKERS", "127.0.0.1:9")
        .output()
        .expect("the demo runs");
    assert_eq!(output.status.code(), Some(2));
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(said.contains("cannot reach Kafka at 127.0.0.1:9"), "{said}");
}

#[cfg(not(feature = "kafka"))]
#[test]
fn kafka_without_the_feature_says_how_to_get_it() {
    let output = Command::new(env!("CARGO_BIN_EXE_events"))
        .args(["--transport", "kafka"])
        .output()
        .expect("the demo runs");
    assert_eq!(output.status.code(), Some(2));
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(
        said.contains("cargo run -p events --features kafka -- --transport kafka"),
        "{said}"
    );
}
