//! `cargo run -p queues`: the sign-up story on the in-process queue, told step by step: the
//! auth service publishes `userRegistered`, the email service consumes it, crashes once, and
//! the message is delivered again; the welcome mail still goes out exactly once, and a poison
//! message ends in the dead-letter queue.
//! `cargo run -p queues -- --broker rabbitmq`: the same story on RabbitMQ (`AMQP_URL`).
//! `cargo run -p queues --features kafka -- --broker kafka`: the same story on Kafka
//! (`KAFKA_BROKERS`).

use std::process::ExitCode;

use clap::{Parser, ValueEnum};
use queues::inbox::{Handled, Inbox};
use queues::memory::InProcess;
use queues::rabbit::{DEFAULT_AMQP_URL, Rabbit};
use queues::{Broker, Consumer, Delivery, Message, UserRegistered, dead_letters};

/// Message queues: the sign-up story, with nothing lost and nothing sent twice.
#[derive(Parser)]
#[command(version, long_about = None)]
struct Args {
    /// Which broker carries the messages.
    #[arg(long, value_enum, default_value_t = Which::InProcess)]
    broker: Which,
}

#[derive(Clone, Copy, ValueEnum)]
enum Which {
    /// A broker inside this process: nothing to install.
    InProcess,
    /// RabbitMQ at AMQP_URL (default amqp://guest:guest@127.0.0.1:5672/%2f).
    Rabbitmq,
    /// Kafka at KAFKA_BROKERS (default 127.0.0.1:9092); needs `--features kafka`.
    Kafka,
}

#[tokio::main]
async fn main() -> anyhow::Result<ExitCode> {
    let args = Args::parse();
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(
            std::io::IsTerminal::is_terminal(&std::io::stderr())
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        )
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
        )
        .init();
    let inbox = Inbox::connect("sqlite:file:queues-demo?mode=memory&cache=shared").await?;
    let queue = format!("user-registered-{}", std::process::id());
    match args.broker {
        Which::InProcess => {
            println!("Broker: in-process (nothing to install).");
            story(&InProcess::new(), &queue, &inbox).await?;
        }
        Which::Rabbitmq => {
            let url = std::env::var("AMQP_URL").unwrap_or_else(|_| DEFAULT_AMQP_URL.to_owned());
            let connect =
                tokio::time::timeout(std::time::Duration::from_secs(5), Rabbit::connect(&url));
            let rabbit = match connect.await {
                Ok(Ok(rabbit)) => rabbit,
                Ok(Err(error)) => {
                    eprintln!("error: cannot reach RabbitMQ at {url}: {error} (set AMQP_URL)");
                    return Ok(ExitCode::from(2));
                }
                Err(_) => {
                    eprintln!("error: RabbitMQ at {url} did not answer within 5 s (set AMQP_URL)");
                    return Ok(ExitCode::from(2));
                }
            };
            println!("Broker: RabbitMQ.");
            let told = story(&rabbit, &queue, &inbox).await;
            rabbit.delete(&queue).await?;
            rabbit.close().await?;
            told?;
        }
        Which::Kafka => return kafka(&queue, &inbox).await,
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(feature = "kafka")]
async fn kafka(topic: &str, inbox: &Inbox) -> anyhow::Result<ExitCode> {
    use queues::kafka::{DEFAULT_KAFKA_BROKERS, Kafka};
    let brokers =
        std::env::var("KAFKA_BROKERS").unwrap_or_else(|_| DEFAULT_KAFKA_BROKERS.to_owned());
    let kafka = match Kafka::connect(&brokers).await {
        Ok(kafka) => kafka,
        Err(error) => {
            eprintln!("error: cannot reach Kafka at {brokers}: {error} (set KAFKA_BROKERS)");
            return Ok(ExitCode::from(2));
        }
    };
    println!("Broker: Kafka.");
    let told = story(&kafka, topic, inbox).await;
    kafka.delete(topic).await?;
    told?;
    Ok(ExitCode::SUCCESS)
}

#[cfg(not(feature = "kafka"))]
async fn kafka(_: &str, _: &Inbox) -> anyhow::Result<ExitCode> {
    eprintln!(
        "error: this build has no Kafka support (librdkafka is built from C, so it is opt-in): \
         cargo run -p queues --features kafka -- --broker kafka"
    );
    Ok(ExitCode::from(2))
}

// ANCHOR: story
async fn story<B: Broker>(broker: &B, queue: &str, inbox: &Inbox) -> anyhow::Result<()> {
    broker.declare(queue).await?;
    let sign_up = async |email: &str| -> anyhow::Result<()> {
        let body = serde_json::to_vec(&UserRegistered {
            email: email.to_owned(),
        })?;
        // Keyed by the user: on Kafka, one user's events stay in order.
        broker
            .publish(queue, Message::new(body).keyed(email))
            .await?;
        println!("  published userRegistered {{ email: {email} }} (confirmed by the broker)");
        Ok(())
    };
    println!("Ada signs up. The auth service answers at once, and publishes userRegistered:");
    sign_up("ada@example.com").await?;

    println!("\nThe email service takes the message, sends the mail... and crashes before acking:");
    let mut consumer = broker.consume(queue, 1).await?;
    let delivery = consumer.next().await?;
    let outcome = inbox.welcome(delivery.message()).await?;
    println!("  {} -> {outcome:?}; no ack", describe(&delivery));
    drop(delivery);
    drop(consumer); // the crash: the broker takes the message back

    println!("\nThe email service restarts. The broker still has the message: it comes back;");
    println!("then Grace signs up:");
    let mut consumer = broker.consume(queue, 1).await?;
    for turn in 0..2 {
        if turn == 1 {
            sign_up("grace@example.com").await?;
        }
        let delivery = consumer.next().await?;
        let outcome = inbox.welcome(delivery.message()).await?;
        let said = match outcome {
            Handled::Done => "mail sent",
            Handled::AlreadyDone => {
                "already sent: the inbox knew this message id, nothing sent again"
            }
        };
        println!("  {} -> {said}; ack", describe(&delivery));
        delivery.ack().await?;
    }

    println!("\nA message that can never be handled (not JSON) is rejected, not retried for ever:");
    broker
        .publish(queue, Message::new(&b"{not json"[..]))
        .await?;
    let delivery = consumer.next().await?;
    if let Err(error) = inbox.welcome(delivery.message()).await {
        println!("  {error}; reject");
        delivery.reject().await?;
    }
    let mut dead = broker.consume(&dead_letters(queue), 1).await?;
    let buried = dead.next().await?;
    println!(
        "  in the dead-letter queue: {:?} ({})",
        String::from_utf8_lossy(&buried.message().body),
        buried
            .death()
            .unwrap_or_default()
            .replace(queue, "user-registered")
    );
    buried.ack().await?;

    println!("\nWelcome mails sent:");
    for email in ["ada@example.com", "grace@example.com"] {
        println!("  {email}: {}", inbox.mails_to(email).await?);
    }
    println!("Nothing lost, nothing sent twice.");
    Ok(())
}
// ANCHOR_END: story

fn describe(delivery: &impl Delivery) -> String {
    let event: Option<UserRegistered> = serde_json::from_slice(&delivery.message().body).ok();
    format!(
        "userRegistered {{ email: {} }}{}",
        event.map_or_else(|| "?".to_owned(), |e| e.email),
        if delivery.redelivered() {
            " (redelivered)"
        } else {
            ""
        }
    )
}
