//! # Kafka, through rdkafka: a log, not a queue
//!
//! RabbitMQ hands each message to one consumer and forgets it once acked. Kafka forgets
//! nothing: a topic is a set of append-only logs, its **partitions**, and a consumer is only a
//! reader with a bookmark, its **offset**, per partition. What the other backends call an ack is,
//! here, moving the bookmark past a message, and a consumer that dies without moving it makes
//! its successor read from the old bookmark again. So the same promises hold, through different
//! machinery, shown with rdkafka's own API:
//! - a message's **key** picks its partition, and a partition is read in order: key by user and
//!   each user's events are read in the order they were published, while users spread over the
//!   partitions ([`Message::keyed`]);
//! - consumers of one **consumer group** share the partitions, each partition read by one of
//!   them; when one joins or leaves, the group **rebalances** the partitions between the rest;
//! - the producer is **idempotent** and waits for every in-sync replica (`acks=all`): `publish`
//!   returns once the broker has the message, and a retried send is not stored twice;
//! - offsets are committed only after processing: `ack` *stores* the offset, and librdkafka
//!   commits what was stored every second and when the consumer closes (its recommended way to
//!   get at-least-once). Acks may come out of order (`prefetch` above 1), so the offset stored
//!   is the one below the oldest message not yet settled: a bookmark never jumps over unfinished
//!   work;
//! - Kafka has no dead-letter queue and no reject: `reject` publishes the message to the topic
//!   `<topic>.dead`, with the reason in a header, and then moves the bookmark past it;
//! - nor a delay: `retry` publishes the message to `<topic>.retry` with the time it is due,
//!   and a relay that `declare` starts reads that topic in order, waits for each message's time
//!   and publishes it back to `<topic>`.
//!
//! One thing Kafka cannot say is whether a message was read before: its successor starts from
//! the bookmark, and the broker keeps no "delivered" flag. [`Broker::FLAGS_REDELIVERIES`] is
//! `false` here, and the inbox, which never trusted the flag, is what keeps the effect once.

use std::collections::{BTreeSet, HashMap, VecDeque};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError, Weak};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use rdkafka::admin::{AdminClient, AdminOptions, NewTopic, TopicReplication, TopicResult};
use rdkafka::client::DefaultClientContext;
use rdkafka::consumer::{CommitMode, Consumer as _, StreamConsumer};
use rdkafka::error::{KafkaError, RDKafkaErrorCode};
use rdkafka::message::{Header, Headers, Message as _, OwnedHeaders, OwnedMessage};
use rdkafka::producer::{FutureProducer, FutureRecord, Producer as _};
use rdkafka::{ClientConfig, Offset, TopicPartitionList};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::task::JoinHandle;

use crate::{
    Broker, Consumer, DEFAULT_RETRY_DELAY, Delivery, Message, QueueError, dead_letters, retries,
};

/// The embedded default's counterpart: a Kafka broker on this machine.
pub const DEFAULT_KAFKA_BROKERS: &str = "127.0.0.1:9092";

/// How many partitions `declare` gives a topic: enough to show keys spreading over them.
pub const PARTITIONS: i32 = 3;

/// The headers this crate writes: the message id (the same on every delivery of it); on a dead
/// letter, why it is there; on a retried message, which attempt it is, and (in the retry
/// topic) when it is due, in milliseconds since 1970.
const ID: &str = "message-id";
const DEATH: &str = "death";
const ATTEMPT: &str = "attempt";
const RETRY_AT: &str = "retry-at";

fn broker(error: KafkaError) -> QueueError {
    QueueError::Broker(error.to_string())
}

/// A producer and an admin client for the brokers at one address.
pub struct Kafka {
    brokers: String,
    producer: FutureProducer,
    admin: AdminClient<DefaultClientContext>,
    commit_every: Duration,
    retry_delay: Duration,
    relays: Relays,
}

/// The retry relays `declare` started, by topic; stopped when dropped.
#[derive(Default)]
struct Relays(Mutex<HashMap<String, JoinHandle<()>>>);

impl Drop for Relays {
    fn drop(&mut self) {
        let relays = self.0.get_mut().unwrap_or_else(PoisonError::into_inner);
        for (_, relay) in relays.drain() {
            relay.abort();
        }
    }
}

impl Kafka {
    /// Connects to `brokers` (`host:port[,host:port...]`), and fails if none answers within 5 s.
    pub async fn connect(brokers: &str) -> Result<Self, QueueError> {
        // ANCHOR: producer
        let producer: FutureProducer = ClientConfig::new()
            .set("bootstrap.servers", brokers)
            // Every in-sync replica has the message before the send completes, and a send that
            // is retried after a lost answer is not stored twice.
            .set("acks", "all")
            .set("enable.idempotence", "true")
            // The key's partition is murmur2 of the key, as Java's producer computes it, so
            // producers written in any language put a user's events in the same partition.
            .set("partitioner", "murmur2_random")
            // A topic nobody created is an error, not a topic the broker invents.
            .set("allow.auto.create.topics", "false")
            .set("topic.metadata.propagation.max.ms", "2000")
            .set("message.timeout.ms", "10000")
            // After an outage, try the broker again at least every second: librdkafka's
            // default backoff grows to 10 s, and a message waiting for the reconnection could
            // time out while the broker is already back.
            .set("reconnect.backoff.max.ms", "1000")
            // Send each message at once: librdkafka otherwise waits up to 5 ms for more to
            // batch with it, which a sign-up waiting for its confirm would feel. (Messages that
            // queue up while a request is in flight are still batched.)
            .set("linger.ms", "0")
            .create()
            .map_err(broker)?;
        // ANCHOR_END: producer
        let admin = ClientConfig::new()
            .set("bootstrap.servers", brokers)
            .create()
            .map_err(broker)?;
        // librdkafka connects lazily: ask for the cluster's metadata to know it is there. The
        // call blocks, so it runs where blocking is allowed.
        let probe = producer.clone();
        tokio::task::spawn_blocking(move || {
            probe
                .client()
                .fetch_metadata(None, Duration::from_secs(5))
                .map(drop)
        })
        .await
        .map_err(|error| QueueError::Broker(error.to_string()))?
        .map_err(|error| QueueError::Disconnected(error.to_string()))?;
        Ok(Self {
            brokers: brokers.to_owned(),
            producer,
            admin,
            commit_every: Duration::from_secs(1),
            retry_delay: DEFAULT_RETRY_DELAY,
            relays: Relays::default(),
        })
    }

    /// How long a retried message waits in `<topic>.retry` before it is published back.
    pub fn with_retry_delay(self, retry_delay: Duration) -> Self {
        Self {
            retry_delay,
            ..self
        }
    }

    /// How often consumers commit the offsets their acks stored (1 s unless changed): what a
    /// consumer that dies loses, at most, and reads again.
    pub fn commit_every(self, interval: Duration) -> Self {
        Self {
            commit_every: interval,
            ..self
        }
    }

    /// Deletes `topic`, its dead-letter topic and its retry topic, and stops its relay (tests
    /// clean up after themselves).
    pub async fn delete(&self, topic: &str) -> Result<(), QueueError> {
        // The relay's consumer must be gone before its topic is: librdkafka 2.12 has crashed
        // here (a metadata update naming no topic) when a subscribed topic was deleted under a
        // live consumer. Awaiting an aborted task waits until it has been dropped.
        let relay = self.relays().remove(topic);
        if let Some(relay) = relay {
            relay.abort();
            let _ = relay.await;
        }
        let (dead, retry) = (dead_letters(topic), retries(topic));
        let results = self
            .admin
            .delete_topics(&[topic, &dead, &retry], &AdminOptions::new())
            .await
            .map_err(broker)?;
        all_done(
            results,
            RDKafkaErrorCode::UnknownTopicOrPartition,
            "deleting",
        )
    }

    /// The partition each message went to, as the broker reported it: what a test of keys
    /// needs. (The [`Broker`] trait's `publish` is this, without the answer.)
    pub async fn publish_to(&self, topic: &str, message: Message) -> Result<i32, QueueError> {
        publish(&self.producer, topic, &message, &[]).await
    }

    fn relays(&self) -> std::sync::MutexGuard<'_, HashMap<String, JoinHandle<()>>> {
        self.relays.0.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// A member of the consumer group `<topic>.consumers`, subscribed to `topic`.
    fn group_member(&self, topic: &str) -> Result<StreamConsumer, QueueError> {
        // ANCHOR: group_member
        let consumer: StreamConsumer = ClientConfig::new()
            .set("bootstrap.servers", &self.brokers)
            .set("group.id", format!("{topic}.consumers"))
            // A new group starts at the beginning of the log, not at its end.
            .set("auto.offset.reset", "earliest")
            // At-least-once: offsets are stored by `ack` only, and what was stored is committed
            // every second and when the consumer closes.
            .set("enable.auto.offset.store", "false")
            .set("enable.auto.commit", "true")
            .set(
                "auto.commit.interval.ms",
                self.commit_every.as_millis().to_string(),
            )
            // How long the group waits for a silent consumer before giving its partitions to
            // the others (and, on some brokers, how long a join takes).
            .set("session.timeout.ms", "6000")
            .set("reconnect.backoff.max.ms", "1000")
            .create()
            .map_err(broker)?;
        consumer.subscribe(&[topic]).map_err(broker)?;
        // ANCHOR_END: group_member
        Ok(consumer)
    }

    /// Makes topics as `declare` does, with `partitions` partitions for `topic`.
    pub async fn declare_with(&self, topic: &str, partitions: i32) -> Result<(), QueueError> {
        let (dead, retry) = (dead_letters(topic), retries(topic));
        let topics = [
            NewTopic::new(topic, partitions, TopicReplication::Fixed(1)),
            NewTopic::new(&dead, 1, TopicReplication::Fixed(1)),
            NewTopic::new(&retry, partitions, TopicReplication::Fixed(1)),
        ];
        let results = self
            .admin
            .create_topics(&topics, &AdminOptions::new())
            .await
            .map_err(broker)?;
        all_done(results, RDKafkaErrorCode::TopicAlreadyExists, "creating")?;
        let mut relays = self.relays();
        if !relays.contains_key(topic) {
            let waiting = self.group_member(&retry)?;
            let relay = tokio::spawn(relay(waiting, self.producer.clone(), topic.to_owned()));
            relays.insert(topic.to_owned(), relay);
        }
        Ok(())
    }
}

/// The admin client's answer for each topic: done, or already so (`already`), or an error.
fn all_done(
    results: Vec<TopicResult>,
    already: RDKafkaErrorCode,
    doing: &str,
) -> Result<(), QueueError> {
    for result in results {
        match result {
            Ok(_) => {}
            Err((_, code)) if code == already => {}
            Err((topic, code)) => {
                return Err(QueueError::Broker(format!("{doing} {topic}: {code}")));
            }
        }
    }
    Ok(())
}

/// Stores `next` as the offset to read next in `topic`'s `partition`: what the following
/// commit sends. Everything below it is done.
fn store_next(
    consumer: &StreamConsumer,
    topic: &str,
    partition: i32,
    next: i64,
) -> Result<(), KafkaError> {
    let mut offsets = TopicPartitionList::new();
    offsets.add_partition_offset(topic, partition, Offset::Offset(next))?;
    consumer.store_offsets(&offsets)
}

// ANCHOR: recv
/// The next record. librdkafka reconnects to a broker that went away by itself, and tells
/// the application meanwhile with errors that are not fatal: they are logged and counted in
/// `waits`, and the wait goes on. Giving up on the first one is how a consumer silently stops
/// consuming.
async fn next_record(
    consumer: &StreamConsumer,
    topic: &str,
    waits: &AtomicU64,
) -> Result<OwnedMessage, KafkaError> {
    loop {
        match consumer.recv().await {
            Ok(record) => return Ok(record.detach()),
            Err(KafkaError::MessageConsumption(code)) => {
                tracing::warn!(%topic, %code, "waiting for the broker");
                waits.fetch_add(1, Ordering::Relaxed);
            }
            Err(error) => return Err(error),
        }
    }
}
// ANCHOR_END: recv

// ANCHOR: relay
/// Reads `<topic>.retry`, waits until each message is due, and publishes it back to `topic`;
/// only then does its offset move. The messages of one partition were retried in order with
/// the same delay, so they fall due in order too: the relay sleeps until the next one is due,
/// never polls in a loop. (A crash after the publish and before the commit publishes it again:
/// at least once, as everywhere. And a relay that sleeps longer than the group's
/// `max.poll.interval.ms`, five minutes, is taken for dead: keep retry delays well below it.)
async fn relay(waiting: StreamConsumer, producer: FutureProducer, topic: String) {
    let waits = AtomicU64::new(0);
    loop {
        let record = match next_record(&waiting, &retries(&topic), &waits).await {
            Ok(record) => record,
            Err(error) => {
                // Not one to give up on either: retried messages would wait for ever.
                tracing::error!(%topic, %error, "retry relay: the consumer failed; again in 1 s");
                tokio::time::sleep(Duration::from_secs(1)).await;
                continue;
            }
        };
        let due = header(&record, RETRY_AT).and_then(|at| at.parse::<u64>().ok());
        if let Some(wait) = due.and_then(|due| due.checked_sub(now_millis())) {
            tokio::time::sleep(Duration::from_millis(wait)).await;
        }
        let message = message_of(&record, &topic);
        let attempt = header(&record, ATTEMPT).unwrap_or_else(|| "2".to_owned());
        while let Err(error) = publish(&producer, &topic, &message, &[(ATTEMPT, &attempt)]).await {
            tracing::warn!(%topic, %error, "retry relay: publishing back failed; again in 1 s");
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
        let stored = store_next(
            &waiting,
            record.topic(),
            record.partition(),
            record.offset() + 1,
        );
        if let Err(error) = stored {
            tracing::warn!(%topic, %error, "retry relay: could not store the offset");
        }
    }
}
// ANCHOR_END: relay

fn now_millis() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |since| {
            u64::try_from(since.as_millis()).unwrap_or(u64::MAX)
        })
}

/// A header of `record`, as text.
fn header(record: &OwnedMessage, name: &str) -> Option<String> {
    record.headers().and_then(|headers| {
        headers
            .iter()
            .find(|header| header.key == name)
            .and_then(|header| header.value)
            .map(|value| String::from_utf8_lossy(value).into_owned())
    })
}

/// The message a record carries: its id from the header (or, for a record some other producer
/// wrote, one made from where it is), its key, its payload.
fn message_of(record: &OwnedMessage, topic: &str) -> Message {
    let (partition, offset) = (record.partition(), record.offset());
    Message {
        id: header(record, ID).unwrap_or_else(|| format!("{topic}-{partition}-{offset}")),
        key: record
            .key()
            .map(|key| String::from_utf8_lossy(key).into_owned()),
        body: record.payload().unwrap_or_default().to_vec(),
    }
}

// ANCHOR: publish
/// Sends `message` to `topic`, keyed by its key (without one, the partitioner spreads messages
/// over the partitions), with its id and `extra` in headers; waits for the broker's
/// acknowledgement. Returns the partition it was stored in.
async fn publish(
    producer: &FutureProducer,
    topic: &str,
    message: &Message,
    extra: &[(&str, &str)],
) -> Result<i32, QueueError> {
    let mut headers = OwnedHeaders::new().insert(Header {
        key: ID,
        value: Some(&message.id),
    });
    for (key, value) in extra {
        headers = headers.insert(Header {
            key,
            value: Some(*value),
        });
    }
    let mut record: FutureRecord<'_, str, [u8]> = FutureRecord::to(topic)
        .payload(message.body.as_slice())
        .headers(headers);
    if let Some(key) = &message.key {
        record = record.key(key);
    }
    match producer.send(record, Duration::from_secs(10)).await {
        Ok(delivery) => Ok(delivery.partition),
        Err((error, _)) => Err(match error.rdkafka_error_code() {
            Some(
                RDKafkaErrorCode::UnknownTopic
                | RDKafkaErrorCode::UnknownTopicOrPartition
                | RDKafkaErrorCode::UnknownPartition,
            ) => QueueError::Unroutable(topic.to_owned()),
            _ => broker(error),
        }),
    }
}
// ANCHOR_END: publish

impl Broker for Kafka {
    type Consumer = KafkaConsumer;

    /// Kafka keeps no "delivered before" flag: see the module's documentation.
    const FLAGS_REDELIVERIES: bool = false;
    /// A bookmark cannot skip unfinished work: see [`KafkaDelivery::settle`].
    const SETTLES_EACH_MESSAGE: bool = false;

    /// Creates `topic` with [`PARTITIONS`] partitions, and `<topic>.dead` with one.
    async fn declare(&self, topic: &str) -> Result<(), QueueError> {
        self.declare_with(topic, PARTITIONS).await
    }

    async fn publish(&self, topic: &str, message: Message) -> Result<(), QueueError> {
        publish(&self.producer, topic, &message, &[])
            .await
            .map(drop)
    }

    // ANCHOR: consume
    /// Joins the consumer group `<topic>.consumers` and returns once the group has given this
    /// consumer its partitions, so that what it reads next is what the group had not finished.
    async fn consume(&self, topic: &str, prefetch: u16) -> Result<KafkaConsumer, QueueError> {
        let consumer = self.group_member(topic)?;
        let consumer = Arc::new(consumer);
        let waits = Arc::default();
        let early = wait_for_partitions(&consumer, topic, &waits).await?;
        Ok(KafkaConsumer {
            consumer,
            producer: self.producer.clone(),
            topic: topic.to_owned(),
            early,
            slots: Arc::new(Semaphore::new(usize::from(prefetch.max(1)))),
            bookmarks: Arc::default(),
            retry_delay: self.retry_delay,
            waits,
        })
    }
    // ANCHOR_END: consume
}

// ANCHOR: wait
/// Polls `consumer` until the group has assigned it partitions (joining a group takes a few
/// seconds). Messages that arrive meanwhile are kept, in order, for the first `next` calls.
async fn wait_for_partitions(
    consumer: &StreamConsumer,
    topic: &str,
    waits: &AtomicU64,
) -> Result<VecDeque<OwnedMessage>, QueueError> {
    let mut early = VecDeque::new();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    while consumer.assignment().map_err(broker)?.count() == 0 {
        if tokio::time::Instant::now() > deadline {
            return Err(QueueError::Broker(format!(
                "the group gave this consumer no partition of {topic} within 30 s"
            )));
        }
        let polled = Duration::from_millis(100);
        match tokio::time::timeout(polled, next_record(consumer, topic, waits)).await {
            Err(_) => {}
            Ok(record) => early.push_back(record.map_err(broker)?),
        }
    }
    Ok(early)
}
// ANCHOR_END: wait

/// Per partition, the offsets handed out and not yet settled, the highest handed out, and the
/// offset last stored: what `ack` needs to move the bookmark no further than is safe.
#[derive(Default)]
struct Bookmark {
    unsettled: BTreeSet<i64>,
    highest: i64,
    stored: i64,
}

type Bookmarks = Arc<Mutex<HashMap<i32, Bookmark>>>;

/// One member of a consumer group. Dropping it makes it leave the group, committing what its
/// acks stored; rdkafka does that in `Drop`, which blocks the thread it runs on until the broker
/// has answered (milliseconds here, longer across a network).
pub struct KafkaConsumer {
    consumer: Arc<StreamConsumer>,
    producer: FutureProducer,
    topic: String,
    early: VecDeque<OwnedMessage>,
    /// `prefetch` slots: a delivery holds one until it is settled.
    slots: Arc<Semaphore>,
    bookmarks: Bookmarks,
    retry_delay: Duration,
    waits: Arc<AtomicU64>,
}

impl KafkaConsumer {
    /// How many times this consumer has been told the broker is out of reach, and waited on
    /// (it only grows): what the reconnection lab reads, to know its cut was noticed.
    pub fn waits_for_broker(&self) -> Arc<AtomicU64> {
        Arc::clone(&self.waits)
    }

    /// Commits the offsets stored so far now, without waiting for the next automatic commit.
    pub async fn commit(&self) -> Result<(), QueueError> {
        let consumer = Arc::clone(&self.consumer);
        tokio::task::spawn_blocking(move || consumer.commit_consumer_state(CommitMode::Sync))
            .await
            .map_err(|error| QueueError::Broker(error.to_string()))?
            .map_err(broker)
    }
}

impl Consumer for KafkaConsumer {
    type Delivery = KafkaDelivery;

    async fn next(&mut self) -> Result<KafkaDelivery, QueueError> {
        let slot = Arc::clone(&self.slots)
            .acquire_owned()
            .await
            .map_err(|error| QueueError::Broker(error.to_string()))?;
        let record = match self.early.pop_front() {
            Some(record) => record,
            None => next_record(&self.consumer, &self.topic, &self.waits)
                .await
                .map_err(|error| QueueError::Disconnected(error.to_string()))?,
        };
        let (partition, offset) = (record.partition(), record.offset());
        {
            let mut bookmarks = self
                .bookmarks
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            let bookmark = bookmarks.entry(partition).or_insert_with(|| Bookmark {
                stored: offset,
                highest: offset,
                ..Bookmark::default()
            });
            if offset <= bookmark.highest && !bookmark.unsettled.contains(&offset) {
                // Read again: the group took the partition away and gave it back, and reading
                // starts over from the committed offset. So does the bookkeeping.
                *bookmark = Bookmark {
                    stored: offset,
                    highest: offset,
                    ..Bookmark::default()
                };
            }
            bookmark.unsettled.insert(offset);
            bookmark.highest = bookmark.highest.max(offset);
        }
        Ok(KafkaDelivery {
            death: header(&record, DEATH),
            attempt: header(&record, ATTEMPT)
                .and_then(|attempt| attempt.parse().ok())
                .unwrap_or(1),
            message: message_of(&record, &self.topic),
            partition,
            offset,
            topic: self.topic.clone(),
            consumer: Arc::downgrade(&self.consumer),
            producer: self.producer.clone(),
            bookmarks: Arc::clone(&self.bookmarks),
            retry_delay: self.retry_delay,
            slot: Some(slot),
        })
    }
}

/// A record read from a partition, until its offset is stored (ack) or it is dead-lettered.
pub struct KafkaDelivery {
    message: Message,
    death: Option<String>,
    attempt: u32,
    retry_delay: Duration,
    topic: String,
    partition: i32,
    offset: i64,
    /// Not a strong reference: a delivery must not keep its consumer in the group after the
    /// consumer itself is gone.
    consumer: Weak<StreamConsumer>,
    producer: FutureProducer,
    bookmarks: Bookmarks,
    slot: Option<OwnedSemaphorePermit>,
}

impl KafkaDelivery {
    /// The partition this record was read from, and its offset there.
    pub fn position(&self) -> (i32, i64) {
        (self.partition, self.offset)
    }

    // ANCHOR: settle
    /// This record is done with: the bookmark may move past it, but not past an older record
    /// of the same partition that is still being worked on. (Kept per consumer, this
    /// bookkeeping errs on one side only: after the group moved a partition away and back, a
    /// late ack may store an older offset than another member committed, and the partition is
    /// read again from there. A re-read, which the inbox absorbs, never a skip.)
    fn settle(mut self) -> Result<(), QueueError> {
        let Some(consumer) = self.consumer.upgrade() else {
            // Like RabbitMQ's ack on a closed channel: the group hands the message out again.
            return Err(QueueError::Disconnected(
                "its consumer is gone: the message will be read again".into(),
            ));
        };
        let next = {
            let mut bookmarks = self
                .bookmarks
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            let bookmark = bookmarks.entry(self.partition).or_default();
            bookmark.unsettled.remove(&self.offset);
            let next = bookmark
                .unsettled
                .first()
                .copied()
                .unwrap_or(bookmark.highest + 1);
            (next > bookmark.stored).then(|| {
                bookmark.stored = next;
                next
            })
        };
        self.slot.take();
        let Some(next) = next else {
            return Ok(());
        };
        store_next(&consumer, &self.topic, self.partition, next).map_err(broker)
    }
    // ANCHOR_END: settle
}

impl Drop for KafkaDelivery {
    /// Dropped without being settled: like an unacked RabbitMQ delivery, it keeps its prefetch
    /// slot, and the bookmark stays before it, so the group reads it again after this consumer.
    /// The difference: RabbitMQ holds back that one message, a bookmark holds back the whole
    /// partition, so nothing this consumer acks after it in that partition is committed.
    fn drop(&mut self) {
        if let Some(slot) = self.slot.take() {
            slot.forget();
        }
    }
}

impl Delivery for KafkaDelivery {
    fn message(&self) -> &Message {
        &self.message
    }

    fn redelivered(&self) -> bool {
        false
    }

    fn death(&self) -> Option<String> {
        self.death.clone()
    }

    async fn ack(self) -> Result<(), QueueError> {
        self.settle()
    }

    async fn reject(self) -> Result<(), QueueError> {
        let dead = dead_letters(&self.topic);
        let reason = format!("rejected from {}", self.topic);
        publish(&self.producer, &dead, &self.message, &[(DEATH, &reason)]).await?;
        self.settle()
    }

    fn attempt(&self) -> u32 {
        self.attempt
    }

    // ANCHOR: retry
    async fn retry_later(self) -> Result<u32, QueueError> {
        // To the retry topic with the time it is due; the relay publishes it back then. The
        // bookmark moves only once the copy is stored: a crash between leaves a duplicate.
        let attempt = self.attempt + 1;
        let delay = u64::try_from(self.retry_delay.as_millis()).unwrap_or(u64::MAX);
        let due = now_millis().saturating_add(delay).to_string();
        let headers = [(ATTEMPT, attempt.to_string()), (RETRY_AT, due)];
        let headers = headers
            .each_ref()
            .map(|(key, value)| (*key, value.as_str()));
        publish(
            &self.producer,
            &retries(&self.topic),
            &self.message,
            &headers,
        )
        .await?;
        self.settle()?;
        Ok(attempt)
    }
    // ANCHOR_END: retry
}
