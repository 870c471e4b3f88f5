//! # Message queues: hand the work to someone else, and lose none of it
//!
//! When a user signs up, the sign-up should answer at once; the welcome mail can follow. So the
//! auth service does not call the email service: it *publishes* a `userRegistered` message to
//! a queue, and the email service *consumes* it when it can. Neither waits for the other, and
//! neither needs the other to be running at that moment. That is the source material's
//! promise: decoupling, and speed.
//!
//! The price is a new question, which this crate answers with checks: **what happens when
//! something dies?** A broker's answer is the acknowledgement. A message handed to a consumer
//! stays the broker's until the consumer *acks* it; a consumer that dies first has its
//! messages delivered again, flagged `redelivered`. So the rule is: ack after the work, never
//! before. And since "again" means a message may arrive twice, the work must be idempotent:
//! [`inbox::Inbox`] records each message id in the same transaction as the work, and skips a
//! message it has already seen. A message that can never be handled (a *poison* message) is
//! rejected and goes to a dead-letter queue, with the reason, instead of looping for ever.
//!
//! [`Broker`] is what every backend shares, in a few words: declare, publish, consume, ack,
//! reject. Three backends implement it: [`memory::InProcess`], a broker inside the process (the
//! embedded default: nothing to install); [`rabbit::Rabbit`], RabbitMQ through lapin, whose own
//! API (exchanges, confirms, prefetch, dead-letter arguments) is shown where it is used; and,
//! with the `kafka` feature, `kafka::Kafka`, a Kafka log through rdkafka, where the same
//! promises are kept by partitions, consumer groups and committed offsets. One contract suite
//! (`tests/contract.rs`) holds all three to the same promises.

use std::future::Future;
use std::time::Duration;

pub mod inbox;
#[cfg(feature = "kafka")]
pub mod kafka;
pub mod memory;
pub mod rabbit;

// ANCHOR: message
/// What a producer hands over: an id, which stays the same on every redelivery (what makes
/// idempotency possible), an optional key, and the bytes of the body.
///
/// The key matters to Kafka only: messages with the same key go to the same partition, and so
/// are read in the order they were published (key by user, and each user's events stay in
/// order). A queue keeps one order for everything, and ignores it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub id: String,
    pub key: Option<String>,
    pub body: Vec<u8>,
}

impl Message {
    /// A message with a fresh id, and no key.
    pub fn new(body: impl Into<Vec<u8>>) -> Self {
        Self {
            id: uuid::Uuid::new_v4().to_string(),
            key: None,
            body: body.into(),
        }
    }

    /// The same message, with a key: `Message::new(body).keyed(user_id)`.
    pub fn keyed(self, key: impl Into<String>) -> Self {
        Self {
            key: Some(key.into()),
            ..self
        }
    }
}
// ANCHOR_END: message

/// Why a broker did not do what it was asked.
#[derive(Debug, thiserror::Error)]
pub enum QueueError {
    /// Published to a queue nobody declared: the broker returned it instead of dropping it.
    #[error("no queue {0:?} to take the message: it was returned, not dropped")]
    Unroutable(String),
    /// The broker refused to take responsibility for the message (a negative confirm).
    #[error("the broker did not confirm the message")]
    NotConfirmed,
    /// The connection is gone (the broker went away, or the consumer was cancelled).
    #[error("the broker connection is gone: {0}")]
    Disconnected(String),
    #[error("the broker failed: {0}")]
    Broker(String),
}

// ANCHOR: broker
/// What every backend does, in the same words. Queues come with a dead-letter queue,
/// `<queue>.dead`; on RabbitMQ and Kafka they are durable, and retried messages wait in
/// `<queue>.retry` (in process, on a timer). The contract (`tests/contract.rs` checks it on
/// every backend):
/// - `publish` returns once the broker has taken the message (a publisher confirm); to a queue
///   nobody declared it is `QueueError::Unroutable`, never a silent drop;
/// - a consumer gets at most `prefetch` messages it has not settled yet (fair dispatch);
/// - a delivery that is never acked is delivered again, `redelivered: true`, once its consumer
///   is gone: nothing is lost when a consumer dies;
/// - an acked delivery never comes back; a rejected one goes to `<queue>.dead`, with the reason;
/// - a retried one comes back after the retry delay, as the next attempt, until the last.
pub trait Broker: Send + Sync {
    type Consumer: Consumer;
    /// Whether [`Delivery::redelivered`] can be trusted: Kafka keeps no such flag (the inbox
    /// never relies on it anyway).
    const FLAGS_REDELIVERIES: bool = true;
    /// Whether an ack settles exactly its own message. A log's (Kafka's) bookmark is one offset
    /// per partition and cannot skip a message still being worked on, so after a crash the
    /// messages acked *after* an unsettled one are read again too (the inbox absorbs them).
    const SETTLES_EACH_MESSAGE: bool = true;
    /// Creates `queue` and its dead-letter queue if they do not exist.
    fn declare(&self, queue: &str) -> impl Future<Output = Result<(), QueueError>> + Send;
    fn publish(
        &self,
        queue: &str,
        message: Message,
    ) -> impl Future<Output = Result<(), QueueError>> + Send;
    fn consume(
        &self,
        queue: &str,
        prefetch: u16,
    ) -> impl Future<Output = Result<Self::Consumer, QueueError>> + Send;
}

/// One consumer of one queue. Dropping it hands its unsettled deliveries back to the broker.
pub trait Consumer: Send {
    type Delivery: Delivery;
    /// The next delivery; waits until there is one.
    fn next(&mut self) -> impl Future<Output = Result<Self::Delivery, QueueError>> + Send;
}

/// How long a message waits in the broker before a retry, unless a backend is told otherwise
/// (`with_retry_delay`).
pub const DEFAULT_RETRY_DELAY: Duration = Duration::from_secs(5);

/// What [`Delivery::retry`] did with a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Retried {
    /// It waits in the broker for the retry delay, then comes back as attempt `attempt`.
    Later { attempt: u32 },
    /// That was its last attempt: it went to the dead-letter queue.
    DeadLettered,
}

/// A message handed to a consumer, until it is settled: acked, rejected, or retried later.
pub trait Delivery: Send {
    fn message(&self) -> &Message;
    /// `true` when the message was handed out before and not acked.
    fn redelivered(&self) -> bool;
    /// On a dead-letter queue: why the message is there, `rejected from <queue>` (RabbitMQ
    /// keeps it in the `x-death` header).
    fn death(&self) -> Option<String>;
    /// Done: the broker forgets the message.
    fn ack(self) -> impl Future<Output = Result<(), QueueError>> + Send;
    /// Never going to work: to the dead-letter queue, not back to the queue.
    fn reject(self) -> impl Future<Output = Result<(), QueueError>> + Send;
    /// Which attempt this is: 1, then one more each time the message comes back from
    /// [`Delivery::retry`]. (A redelivery after a crash is the same attempt again.)
    fn attempt(&self) -> u32;
    /// The message waits in the broker for the retry delay, then comes back as the next
    /// attempt, whose number this returns. Nobody sleeps and nothing spins meanwhile: the
    /// waiting is the broker's (a queue with a time-to-live on RabbitMQ, a retry topic on
    /// Kafka, a timer in process).
    fn retry_later(self) -> impl Future<Output = Result<u32, QueueError>> + Send;

    // ANCHOR: retry
    /// Failed, perhaps only for now (the mail server is down): [`Delivery::retry_later`], or,
    /// if this was attempt `max_attempts`, [`Delivery::reject`]. The rule is the same on every
    /// broker, so it is written once, here.
    fn retry(self, max_attempts: u32) -> impl Future<Output = Result<Retried, QueueError>> + Send
    where
        Self: Sized,
    {
        async move {
            if self.attempt() >= max_attempts {
                self.reject().await?;
                return Ok(Retried::DeadLettered);
            }
            let attempt = self.retry_later().await?;
            Ok(Retried::Later { attempt })
        }
    }
    // ANCHOR_END: retry
}
// ANCHOR_END: broker

/// The name of `queue`'s dead-letter queue.
pub fn dead_letters(queue: &str) -> String {
    format!("{queue}.dead")
}

/// The name of the queue (topic) where `queue`'s retried messages wait.
pub fn retries(queue: &str) -> String {
    format!("{queue}.retry")
}

/// The sign-up story's message: a user registered.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct UserRegistered {
    pub email: String,
}
