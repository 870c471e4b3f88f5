//! The demo, run as a learner runs it (`cargo run -p queues`), its output pinned by a snapshot;
//! and the same story on RabbitMQ, which must tell it word for word.

use std::process::Command;

fn demo(args: &[&str]) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_queues"))
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

#[test]
fn the_sign_up_story_loses_nothing_and_sends_nothing_twice() {
    insta::assert_snapshot!(demo(&[]));
}

#[test]
fn rabbitmq_tells_the_same_story() {
    // The demo reads the same AMQP_URL from the environment it inherits.
    if checks::service_url("AMQP_URL", "RabbitMQ").is_none() {
        return;
    }
    let rabbit = demo(&["--broker", "rabbitmq"]).replace("Broker: RabbitMQ.", "");
    let in_process = demo(&[]).replace("Broker: in-process (nothing to install).", "");
    assert_eq!(rabbit, in_process);
}

#[cfg(feature = "kafka")]
#[test]
fn kafka_tells_the_same_story() {
    if checks::service_url("KAFKA_BROKERS", "Kafka").is_none() {
        return;
    }
    // Kafka keeps no "delivered before" flag: the story is the same without the word.
    let kafka = demo(&["--broker", "kafka"]).replace("Broker: Kafka.", "");
    let in_process = demo(&[])
        .replace("Broker: in-process (nothing to install).", "")
        .replace(" (redelivered)", "");
    assert_eq!(kafka, in_process);
}

#[cfg(feature = "kafka")]
#[test]
fn an_unreachable_kafka_is_a_clear_error_and_exit_code_2() {
    let output = Command::new(env!("CARGO_BIN_EXE_queues"))
        .args(["--broker", "kafka"])
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
    let output = Command::new(env!("CARGO_BIN_EXE_queues"))
        .args(["--broker", "kafka"])
        .output()
        .expect("the demo runs");
    assert_eq!(output.status.code(), Some(2));
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(
        said.contains("cargo run -p queues --features kafka -- --broker kafka"),
        "{said}"
    );
}

#[test]
fn an_unreachable_broker_is_a_clear_error_and_exit_code_2() {
    let output = Command::new(env!("CARGO_BIN_EXE_queues"))
        .args(["--broker", "rabbitmq"])
        .env("AMQP_URL", "amqp://guest:guest@127.0.0.1:9/%2f")
        .output()
        .expect("the demo runs");
    assert_eq!(output.status.code(), Some(2));
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(
        said.contains("cannot reach RabbitMQ at amqp://guest:guest@127.0.0.1:9/%2f"),
        "{said}"
    );
}
