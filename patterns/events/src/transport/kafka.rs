//! Kafka: the stream is one partition of a topic, through rdkafka.
//!
//! Kafka is a log already, so this is the thinnest of the transports. Two choices matter:
//!
//! - **one partition.** Kafka orders records within a partition only. The read model here
//!   wants one order for the whole stream and one checkpoint, so the topic has one partition.
//!   Every record is sent to partition 0, and a topic made with more partitions is refused. A
//!   stream too busy for one partition is split by key (the user id, which the envelope would
//!   then have to carry), and the reader keeps one checkpoint per partition; the projection's
//!   order-independence is what makes that safe.
//! - **no consumer group.** The reader `assign`s itself the partition at the position after
//!   its checkpoint, and commits nothing to Kafka: the position lives in the read model's own
//!   database, in the same transaction as the effect. That is what Kafka's own documentation
//!   suggests for effects outside Kafka, and it is why a replay is just "assign at offset 0".
//!
//! Positions are offsets plus one, so that they count from 1 as on the other transports.

use std::time::Duration;

use rdkafka::admin::{AdminClient, AdminOptions, NewTopic, TopicReplication};
use rdkafka::client::DefaultClientContext;
use rdkafka::consumer::{Consumer as _, StreamConsumer};
use rdkafka::error::RDKafkaErrorCode;
use rdkafka::message::Message as _;
use rdkafka::producer::{FutureProducer, FutureRecord, Producer as _};
use rdkafka::{ClientConfig, Offset, TopicPartitionList};

use super::{Record, Subscription, Transport, TransportError};
use crate::envelope::Envelope;

/// `KAFKA_BROKERS` when it is not set.
pub const DEFAULT_KAFKA_BROKERS: &str = "127.0.0.1:9092";

/// One Kafka topic of one partition.
#[derive(Clone)]
pub struct KafkaLog {
    brokers: String,
    topic: String,
    producer: FutureProducer,
    admin: std::sync::Arc<AdminClient<DefaultClientContext>>,
}

fn broker(error: impl std::fmt::Display) -> TransportError {
    TransportError::Broker(error.to_string())
}

impl KafkaLog {
    /// Connects to the brokers and creates `topic` (one partition) if it does not exist.
    pub async fn connect(brokers: &str, topic: &str) -> Result<Self, TransportError> {
        // ANCHOR: producer
        let producer: FutureProducer = ClientConfig::new()
            .set("bootstrap.servers", brokers)
            // Stored by every in-sync replica before the send completes.
            .set("acks", "all")
            // One request in flight, so a retried batch cannot overtake the next one.
            // Idempotence is off: the relay publishes at least once anyway, and the readers'
            // inbox drops what comes twice. (The queues crate turns it on. Here it did harm:
            // after a send times out, an idempotent producer must bump its epoch, which the
            // Kafka-wire broker CI runs does not support, and the producer stalled for good.
            // On a real Kafka, turning it on is safe.)
            .set("enable.idempotence", "false")
            .set("max.in.flight.requests.per.connection", "1")
            .set("allow.auto.create.topics", "false")
            .set("message.timeout.ms", "5000")
            // After an outage, try the broker again at least every second (librdkafka's default
            // backoff grows to 10 s).
            .set("reconnect.backoff.max.ms", "1000")
            .set("linger.ms", "0")
            .create()
            .map_err(broker)?;
        // ANCHOR_END: producer
        let admin: AdminClient<DefaultClientContext> = ClientConfig::new()
            .set("bootstrap.servers", brokers)
            .create()
            .map_err(broker)?;
        // librdkafka connects lazily: ask for the cluster's metadata to know it is there.
        let probe = producer.clone();
        tokio::task::spawn_blocking(move || {
            probe
                .client()
                .fetch_metadata(None, Duration::from_secs(5))
                .map(drop)
        })
        .await
        .map_err(broker)?
        .map_err(|error| TransportError::Unreachable(error.to_string()))?;
        let created = admin
            .create_topics(
                &[NewTopic::new(topic, 1, TopicReplication::Fixed(1))],
                &AdminOptions::new(),
            )
            .await
            .map_err(broker)?;
        for result in created {
            match result {
                Ok(_) => {}
                Err((_, RDKafkaErrorCode::TopicAlreadyExists)) => {}
                Err((topic, code)) => return Err(broker(format!("creating {topic}: {code}"))),
            }
        }
        // A topic someone else made may have more partitions: this reader reads partition 0
        // only, so events sent elsewhere would never be read. Refuse it instead. (A topic
        // just created may take a moment to show in the metadata.)
        let mut partitions = 0;
        for _ in 0..25 {
            let probe = producer.clone();
            let name = topic.to_owned();
            partitions = tokio::task::spawn_blocking(move || {
                probe
                    .client()
                    .fetch_metadata(Some(&name), Duration::from_secs(5))
                    .map(|metadata| {
                        metadata
                            .topics()
                            .iter()
                            .map(|topic| topic.partitions().len())
                            .sum::<usize>()
                    })
            })
            .await
            .map_err(broker)?
            .map_err(broker)?;
            if partitions > 0 {
                break;
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        if partitions != 1 {
            return Err(broker(format!(
                "the topic {topic} has {partitions} partitions; this stream needs exactly one"
            )));
        }
        Ok(Self {
            brokers: brokers.to_owned(),
            topic: topic.to_owned(),
            producer,
            admin: std::sync::Arc::new(admin),
        })
    }

    /// Deletes the topic (tests clean up with it). Stop its readers first, and wait for them to
    /// stop ([`crate::analytics::Follower::stop`], not a drop, which only asks): librdkafka
    /// 2.12 crashed the process (SIGSEGV in its metadata cache) when a consumer still fetching
    /// from the Kafka-wire broker CI runs saw its topic deleted under it.
    pub async fn delete(&self) -> Result<(), TransportError> {
        self.admin
            .delete_topics(&[&self.topic], &AdminOptions::new())
            .await
            .map_err(broker)?;
        Ok(())
    }
}

impl Transport for KafkaLog {
    type Subscription = KafkaReader;

    async fn publish(&self, envelope: &Envelope) -> Result<u64, TransportError> {
        let bytes = envelope.to_bytes();
        let key = envelope.id.to_string();
        let record: FutureRecord<'_, str, [u8]> = FutureRecord::to(&self.topic)
            .partition(0)
            .key(key.as_str())
            .payload(bytes.as_slice());
        match self.producer.send(record, Duration::from_secs(5)).await {
            Ok(delivery) => Ok(u64::try_from(delivery.offset).unwrap_or(0) + 1),
            Err((error, _)) => Err(match error.rdkafka_error_code() {
                Some(RDKafkaErrorCode::MessageTimedOut | RDKafkaErrorCode::AllBrokersDown) => {
                    TransportError::Unreachable(error.to_string())
                }
                _ => broker(error),
            }),
        }
    }

    async fn publish_all(&self, envelopes: &[Envelope]) -> Result<Option<u64>, TransportError> {
        // Every send queued at once (librdkafka batches them into requests), then every
        // delivery report. One request in flight keeps them in order, retries included.
        let sends: Vec<_> = envelopes
            .iter()
            .map(|envelope| self.publish(envelope))
            .collect();
        let mut last = None;
        for position in futures_util::future::join_all(sends).await {
            last = last.max(Some(position?));
        }
        Ok(last)
    }

    async fn subscribe(&self, after: Option<u64>) -> Result<Self::Subscription, TransportError> {
        // ANCHOR: assign
        let consumer: StreamConsumer = ClientConfig::new()
            .set("bootstrap.servers", &self.brokers)
            // Required by librdkafka, and unused: no group is joined, nothing is committed.
            .set("group.id", format!("{}.reader", self.topic))
            .set("enable.auto.commit", "false")
            .set("enable.auto.offset.store", "false")
            .set("reconnect.backoff.max.ms", "1000")
            .create()
            .map_err(broker)?;
        let start = match after {
            None => Offset::Beginning,
            Some(position) => Offset::Offset(i64::try_from(position).unwrap_or(i64::MAX)),
        };
        let mut partitions = TopicPartitionList::new();
        partitions
            .add_partition_offset(&self.topic, 0, start)
            .map_err(broker)?;
        consumer.assign(&partitions).map_err(broker)?;
        // ANCHOR_END: assign
        Ok(KafkaReader { consumer })
    }
}

/// A reader of the topic's one partition.
pub struct KafkaReader {
    consumer: StreamConsumer,
}

impl Subscription for KafkaReader {
    async fn next(&mut self) -> Result<Record, TransportError> {
        loop {
            match self.consumer.recv().await {
                Ok(message) => {
                    return Ok(Record {
                        position: u64::try_from(message.offset()).unwrap_or(0) + 1,
                        bytes: message.payload().unwrap_or_default().to_vec(),
                    });
                }
                // The broker unreachable, a leader moving: librdkafka reconnects by itself and
                // goes on from where it was.
                Err(error) => tracing::warn!(%error, "Kafka reader: waiting for the broker"),
            }
        }
    }
}
