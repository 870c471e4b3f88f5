//! The reliability figure the chapter quotes: N messages (100,000 by default) through a broker,
//! the consumer killed three times mid-stream after doing its work and before acking, and then
//! the count, in the database, of what was applied: every message once, none lost, none twice.
//! Also the rates: publishing (each publish confirmed) and consuming (the inbox's transaction,
//! then the ack).
//!
//!   cargo run --release -p queues --example hundred_thousand -- [in-process|rabbitmq] [N]
//!   cargo run --release -p queues --features kafka --example hundred_thousand -- kafka [N]
//!
//! RabbitMQ is at AMQP_URL (default amqp://guest:guest@127.0.0.1:5672/%2f), Kafka at
//! KAFKA_BROKERS (default 127.0.0.1:9092).

use std::time::Instant;

use queues::inbox::{Handled, Inbox};
use queues::memory::InProcess;
use queues::rabbit::{DEFAULT_AMQP_URL, Rabbit};
use queues::{Broker, Consumer, Delivery, Message, UserRegistered};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let which = args.next().unwrap_or_else(|| "in-process".to_owned());
    let total: usize = args.next().map_or(Ok(100_000), |n| n.parse())?;
    let queue = format!("hundred-thousand-{}", std::process::id());
    match which.as_str() {
        "in-process" => run(&InProcess::new(), &queue, total, "in-process").await,
        "rabbitmq" => {
            let url = std::env::var("AMQP_URL").unwrap_or_else(|_| DEFAULT_AMQP_URL.to_owned());
            let rabbit = Rabbit::connect(&url).await?;
            let outcome = run(&rabbit, &queue, total, "RabbitMQ").await;
            rabbit.delete(&queue).await?;
            outcome?;
            publish_rates(&url, &format!("{queue}-rates"), total).await
        }
        #[cfg(feature = "kafka")]
        "kafka" => {
            use queues::kafka::{DEFAULT_KAFKA_BROKERS, Kafka};
            let brokers =
                std::env::var("KAFKA_BROKERS").unwrap_or_else(|_| DEFAULT_KAFKA_BROKERS.to_owned());
            let kafka = Kafka::connect(&brokers).await?;
            let outcome = run(&kafka, &queue, total, "Kafka").await;
            kafka.delete(&queue).await?;
            outcome?;
            kafka_publish_rates(&brokers, &kafka, &format!("{queue}-rates"), total).await
        }
        other => {
            anyhow::bail!("{other:?}: expected in-process, rabbitmq or kafka (--features kafka)")
        }
    }
}

async fn run<B: Broker>(broker: &B, queue: &str, total: usize, name: &str) -> anyhow::Result<()> {
    let database = format!("sqlite:file:{queue}?mode=memory&cache=shared");
    let inbox = Inbox::connect(&database).await?;
    broker.declare(queue).await?;

    let started = Instant::now();
    for n in 0..total {
        let body = serde_json::to_vec(&UserRegistered {
            email: format!("user{n}@example.com"),
        })?;
        broker.publish(queue, Message::new(body)).await?;
    }
    let published = started.elapsed();

    // The consumer dies three times, each time right after the work and before the ack.
    let crashes_at = [total / 4, total / 2, 3 * total / 4];
    let (mut handled, mut skipped, mut redelivered, mut crashes) = (0, 0, 0, 0);
    let started = Instant::now();
    'restart: loop {
        let mut consumer = broker.consume(queue, 100).await?;
        while handled < total {
            let delivery = consumer.next().await?;
            redelivered += usize::from(delivery.redelivered());
            match inbox.welcome(delivery.message()).await? {
                Handled::Done => handled += 1,
                Handled::AlreadyDone => skipped += 1,
            }
            if crashes < crashes_at.len() && handled == crashes_at[crashes] {
                crashes += 1;
                drop(delivery);
                drop(consumer);
                continue 'restart;
            }
            delivery.ack().await?;
        }
        break;
    }
    let consumed = started.elapsed();

    let applied = inbox.applied().await?;
    println!("{name}: {total} messages, the consumer killed {crashes} times before its ack");
    println!(
        "  applied {applied} (lost {}), redelivered {redelivered}, skipped as already applied {skipped}",
        total as i64 - applied
    );
    println!(
        "  publish (confirmed): {:.0} messages/s; consume (inbox transaction + ack): {:.0} messages/s",
        total as f64 / published.as_secs_f64(),
        total as f64 / consumed.as_secs_f64()
    );
    inbox.close().await;
    anyhow::ensure!(applied == total as i64, "a message was lost");
    Ok(())
}

/// RabbitMQ's publish rate three ways, with lapin's own API: waiting for each confirm (what
/// `Broker::publish` does), publishing everything and then waiting for all the confirms, and
/// no confirms at all (fire and forget: fast, and nobody knows what the broker kept).
async fn publish_rates(url: &str, queue: &str, total: usize) -> anyhow::Result<()> {
    use lapin::options::{
        BasicPublishOptions, ConfirmSelectOptions, QueueDeclareOptions, QueueDeleteOptions,
    };
    use lapin::types::FieldTable;
    use lapin::{BasicProperties, Connection, ConnectionProperties};

    let connection = Connection::connect(url, ConnectionProperties::default()).await?;
    let durable = QueueDeclareOptions {
        durable: true,
        ..QueueDeclareOptions::default()
    };
    let persistent = BasicProperties::default().with_delivery_mode(2);
    let body = br#"{"email":"ada@example.com"}"#;
    println!("RabbitMQ publish rates, {total} persistent messages each:");
    for (label, confirms, pipelined) in [
        ("each confirm awaited", true, false),
        ("confirms awaited after publishing all", true, true),
        ("no confirms", false, false),
    ] {
        let channel = connection.create_channel().await?;
        if confirms {
            channel
                .confirm_select(ConfirmSelectOptions::default())
                .await?;
        }
        channel
            .queue_declare(queue.into(), durable, FieldTable::default())
            .await?;
        let started = Instant::now();
        let mut pending = Vec::new();
        for _ in 0..total {
            let confirm = channel
                .basic_publish(
                    "".into(),
                    queue.into(),
                    BasicPublishOptions::default(),
                    body,
                    persistent.clone(),
                )
                .await?;
            if pipelined {
                pending.push(confirm);
            } else if confirms {
                confirm.await?;
            }
        }
        for confirm in pending {
            confirm.await?;
        }
        println!(
            "  {label}: {:.0} messages/s",
            total as f64 / started.elapsed().as_secs_f64()
        );
        channel
            .queue_delete(queue.into(), QueueDeleteOptions::default())
            .await?;
    }
    // The channels dropped above are still closing: the connection goes with the process.
    drop(connection);
    Ok(())
}

/// Kafka's publish rate two ways, with rdkafka's own API: waiting for each acknowledgement
/// (what `Broker::publish` does), and sending everything, then waiting for all of them (the
/// producer batches what is queued: Kafka's usual way).
#[cfg(feature = "kafka")]
async fn kafka_publish_rates(
    brokers: &str,
    kafka: &queues::kafka::Kafka,
    topic: &str,
    total: usize,
) -> anyhow::Result<()> {
    use rdkafka::ClientConfig;
    use rdkafka::producer::{FutureProducer, FutureRecord};

    kafka.declare(topic).await?;
    let producer: FutureProducer = ClientConfig::new()
        .set("bootstrap.servers", brokers)
        .set("acks", "all")
        .set("enable.idempotence", "true")
        .set("linger.ms", "0")
        .create()?;
    let body = br#"{"email":"ada@example.com"}"#;
    println!("Kafka publish rates, {total} messages each (acks=all, idempotent):");
    let started = Instant::now();
    for n in 0..total {
        let key = format!("user{n}");
        producer
            .send(
                FutureRecord::to(topic).key(&key).payload(&body[..]),
                std::time::Duration::from_secs(10),
            )
            .await
            .map_err(|(error, _)| error)?;
    }
    println!(
        "  each acknowledgement awaited: {:.0} messages/s",
        total as f64 / started.elapsed().as_secs_f64()
    );
    let started = Instant::now();
    let mut pending = Vec::with_capacity(total);
    for n in 0..total {
        let key = format!("user{n}");
        let record = FutureRecord::to(topic).key(&key).payload(&body[..]);
        pending.push(producer.send_result(record).map_err(|(error, _)| error)?);
    }
    for delivery in pending {
        delivery.await?.map_err(|(error, _)| error)?;
    }
    println!(
        "  acknowledgements awaited after sending all: {:.0} messages/s",
        total as f64 / started.elapsed().as_secs_f64()
    );
    kafka.delete(topic).await?;
    Ok(())
}
