//! # RabbitMQ, through lapin
//!
//! The same promises as the in-process broker, kept by RabbitMQ itself, with lapin's own API in
//! plain view, because the lesson is the broker's model:
//! - queues are **durable** and messages **persistent** (`delivery_mode = 2`): they survive a
//!   broker restart;
//! - every publish waits for the broker's **confirm** (`confirm_select`), and is **mandatory**:
//!   a message no queue takes is *returned*, not silently dropped;
//! - consumers ack **manually**, with a **prefetch** (`basic.qos`): a consumer holds at most that
//!   many unsettled messages, so a slow one does not hoard the queue (fair dispatch);
//! - each queue has a **dead-letter exchange** argument: a message rejected without requeue goes
//!   to `<queue>.dead`, and RabbitMQ records why in its `x-death` header.
//!
//! A consumer's channel is closed when the consumer is dropped, and RabbitMQ then hands its
//! unacked messages to the next consumer, `redelivered = true`.
//!
//! Beyond the [`Broker`] trait, which publishes straight to a queue (the default exchange),
//! RabbitMQ routes through **exchanges**: a *fanout* exchange gives every bound queue a copy
//! (publish/subscribe: the email service and the analytics service each get the sign-up), a
//! *topic* exchange routes by pattern (`user.*`, `#.registered`). [`Rabbit::declare_exchange`],
//! [`Rabbit::bind`] and [`Rabbit::publish_via`] show them with lapin's own calls.

use futures_util::StreamExt;
use lapin::options::{
    BasicAckOptions, BasicConsumeOptions, BasicPublishOptions, BasicQosOptions, BasicRejectOptions,
    ConfirmSelectOptions, ExchangeDeclareOptions, ExchangeDeleteOptions, QueueBindOptions,
    QueueDeclareOptions, QueueDeleteOptions,
};
use lapin::types::{AMQPValue, FieldTable};
use lapin::{
    Acker, BasicProperties, Channel, Confirmation, Connection, ConnectionProperties, ExchangeKind,
};

use std::time::Duration;

use crate::{
    Broker, Consumer, DEFAULT_RETRY_DELAY, Delivery, Message, QueueError, dead_letters, retries,
};

/// The embedded default's counterpart: RabbitMQ on this machine, as CI runs it.
pub const DEFAULT_AMQP_URL: &str = "amqp://guest:guest@127.0.0.1:5672/%2f";

fn broker(error: lapin::Error) -> QueueError {
    QueueError::Broker(error.to_string())
}

/// A connection to RabbitMQ, and a channel in confirm mode to publish on.
pub struct Rabbit {
    connection: Connection,
    publisher: Channel,
    retry_delay: Duration,
}

impl Rabbit {
    pub async fn connect(url: &str) -> Result<Self, QueueError> {
        let connection = Connection::connect(url, ConnectionProperties::default())
            .await
            .map_err(|error| QueueError::Disconnected(error.to_string()))?;
        let publisher = connection.create_channel().await.map_err(broker)?;
        publisher
            .confirm_select(ConfirmSelectOptions::default())
            .await
            .map_err(broker)?;
        Ok(Self {
            connection,
            publisher,
            retry_delay: DEFAULT_RETRY_DELAY,
        })
    }

    /// How long a retried message waits in `<queue>.retry` (its time-to-live there), for the
    /// queues this declares.
    pub fn with_retry_delay(self, retry_delay: Duration) -> Self {
        Self {
            retry_delay,
            ..self
        }
    }

    /// Deletes `queue`, its dead-letter queue and its retry queue (tests clean up after
    /// themselves).
    pub async fn delete(&self, queue: &str) -> Result<(), QueueError> {
        for name in [queue.to_owned(), dead_letters(queue), retries(queue)] {
            self.publisher
                .queue_delete(name.as_str().into(), QueueDeleteOptions::default())
                .await
                .map_err(broker)?;
        }
        Ok(())
    }

    // ANCHOR: exchanges
    /// Declares a durable exchange. `ExchangeKind::Fanout`: every bound queue gets a copy of
    /// every message. `ExchangeKind::Topic`: a queue gets the messages whose routing key
    /// matches its binding's pattern, words separated by dots, `*` one word, `#` any number.
    pub async fn declare_exchange(
        &self,
        exchange: &str,
        kind: ExchangeKind,
    ) -> Result<(), QueueError> {
        let durable = ExchangeDeclareOptions {
            durable: true,
            ..ExchangeDeclareOptions::default()
        };
        self.publisher
            .exchange_declare(exchange.into(), kind, durable, FieldTable::default())
            .await
            .map_err(broker)
    }

    /// Routes `exchange`'s messages whose routing key matches `pattern` to `queue` (a fanout
    /// exchange ignores the pattern).
    pub async fn bind(&self, queue: &str, exchange: &str, pattern: &str) -> Result<(), QueueError> {
        self.publisher
            .queue_bind(
                queue.into(),
                exchange.into(),
                pattern.into(),
                QueueBindOptions::default(),
                FieldTable::default(),
            )
            .await
            .map_err(broker)
    }

    /// Publishes through `exchange` with `routing_key`: persistent, mandatory and confirmed,
    /// like [`Broker::publish`]. Routed to no queue, it is `QueueError::Unroutable`.
    pub async fn publish_via(
        &self,
        exchange: &str,
        routing_key: &str,
        message: &Message,
    ) -> Result<(), QueueError> {
        publish_on(&self.publisher, exchange, routing_key, message, 1).await
    }
    // ANCHOR_END: exchanges

    /// Deletes `exchange` (tests clean up after themselves).
    pub async fn delete_exchange(&self, exchange: &str) -> Result<(), QueueError> {
        self.publisher
            .exchange_delete(exchange.into(), ExchangeDeleteOptions::default())
            .await
            .map_err(broker)
    }

    /// How many messages wait in `queue`, not counting those handed out (a passive declare,
    /// on a channel of its own: a queue that does not exist closes the channel that asked).
    pub async fn ready(&self, queue: &str) -> Result<u32, QueueError> {
        let channel = self.connection.create_channel().await.map_err(broker)?;
        let passive = QueueDeclareOptions {
            passive: true,
            ..QueueDeclareOptions::default()
        };
        let declared = channel
            .queue_declare(queue.into(), passive, FieldTable::default())
            .await
            .map_err(broker)?;
        let _ = channel.close(200, "done".into()).await;
        Ok(declared.message_count())
    }

    pub async fn close(&self) -> Result<(), QueueError> {
        self.connection
            .close(200, "bye".into())
            .await
            .map_err(broker)
    }
}

impl Broker for Rabbit {
    type Consumer = RabbitConsumer;

    // ANCHOR: declare
    async fn declare(&self, queue: &str) -> Result<(), QueueError> {
        let durable = QueueDeclareOptions {
            durable: true,
            ..QueueDeclareOptions::default()
        };
        let dead = dead_letters(queue);
        self.publisher
            .queue_declare(dead.as_str().into(), durable, FieldTable::default())
            .await
            .map_err(broker)?;
        // ANCHOR: retry_queue
        // Retried messages wait in `<queue>.retry`, which nobody consumes: when their time to
        // live there is up, RabbitMQ dead-letters them, through the default exchange, back to
        // `<queue>`. The delay is the broker's; no consumer sleeps or spins.
        let mut waiting = FieldTable::default();
        let ttl = i64::try_from(self.retry_delay.as_millis()).unwrap_or(i64::MAX);
        waiting.insert("x-message-ttl".into(), AMQPValue::LongLongInt(ttl));
        waiting.insert(
            "x-dead-letter-exchange".into(),
            AMQPValue::LongString("".into()),
        );
        waiting.insert(
            "x-dead-letter-routing-key".into(),
            AMQPValue::LongString(queue.into()),
        );
        self.publisher
            .queue_declare(retries(queue).as_str().into(), durable, waiting)
            .await
            .map_err(broker)?;
        // ANCHOR_END: retry_queue
        // Rejected without requeue: through the default exchange ("") to `<queue>.dead`.
        let mut arguments = FieldTable::default();
        arguments.insert(
            "x-dead-letter-exchange".into(),
            AMQPValue::LongString("".into()),
        );
        arguments.insert(
            "x-dead-letter-routing-key".into(),
            AMQPValue::LongString(dead.as_str().into()),
        );
        self.publisher
            .queue_declare(queue.into(), durable, arguments)
            .await
            .map_err(broker)?;
        Ok(())
    }
    // ANCHOR_END: declare

    async fn publish(&self, queue: &str, message: Message) -> Result<(), QueueError> {
        publish_on(&self.publisher, "", queue, &message, 1).await
    }

    async fn consume(&self, queue: &str, prefetch: u16) -> Result<RabbitConsumer, QueueError> {
        let channel = self.connection.create_channel().await.map_err(broker)?;
        channel
            .basic_qos(prefetch.max(1), BasicQosOptions::default())
            .await
            .map_err(broker)?;
        let consumer = channel
            .basic_consume(
                queue.into(),
                "".into(),
                BasicConsumeOptions::default(), // no_ack: false, acks are ours
                FieldTable::default(),
            )
            .await
            .map_err(broker)?;
        Ok(RabbitConsumer {
            _channel: channel,
            consumer,
            publisher: self.publisher.clone(),
            queue: queue.to_owned(),
        })
    }
}

/// A consumer on a channel of its own; dropping it closes the channel.
pub struct RabbitConsumer {
    _channel: Channel,
    consumer: lapin::Consumer,
    /// The connection's confirm channel, for retries.
    publisher: Channel,
    queue: String,
}

impl Consumer for RabbitConsumer {
    type Delivery = RabbitDelivery;

    async fn next(&mut self) -> Result<RabbitDelivery, QueueError> {
        match self.consumer.next().await {
            Some(Ok(delivery)) => Ok(RabbitDelivery::new(
                delivery,
                self.publisher.clone(),
                self.queue.clone(),
            )),
            Some(Err(error)) => Err(QueueError::Disconnected(error.to_string())),
            None => Err(QueueError::Disconnected(
                "the consumer was cancelled".into(),
            )),
        }
    }
}

/// A message from RabbitMQ, with the acker that settles it.
pub struct RabbitDelivery {
    message: Message,
    redelivered: bool,
    death: Option<String>,
    attempt: u32,
    acker: Acker,
    publisher: Channel,
    queue: String,
}

impl RabbitDelivery {
    fn new(delivery: lapin::message::Delivery, publisher: Channel, queue: String) -> Self {
        let id = delivery
            .properties
            .message_id()
            .as_ref()
            .map(|id| id.to_string())
            .unwrap_or_default();
        let header = |name: &str| delivery.properties.headers().as_ref()?.inner().get(name);
        let key = match header(KEY) {
            Some(AMQPValue::LongString(key)) => Some(key.to_string()),
            _ => None,
        };
        let attempt = match header(ATTEMPT) {
            Some(AMQPValue::LongUInt(attempt)) => *attempt,
            _ => 1,
        };
        Self {
            death: x_death(&delivery.properties),
            message: Message {
                id,
                key,
                body: delivery.data,
            },
            redelivered: delivery.redelivered,
            attempt,
            acker: delivery.acker,
            publisher,
            queue,
        }
    }
}

/// The headers a message's key and its attempt travel in.
const KEY: &str = "key";
const ATTEMPT: &str = "x-attempt";

// ANCHOR: publish
/// Publishes `message` through `exchange` with `routing_key` (the default exchange, `""`,
/// routes to the queue of that name): persistent, mandatory, and confirmed; `attempt` above 1
/// goes along in a header.
async fn publish_on(
    channel: &Channel,
    exchange: &str,
    routing_key: &str,
    message: &Message,
    attempt: u32,
) -> Result<(), QueueError> {
    let mut properties = BasicProperties::default()
        .with_message_id(message.id.as_str().into())
        .with_delivery_mode(2); // persistent
    let mut headers = FieldTable::default();
    if let Some(key) = &message.key {
        // A queue has one order for everything: the key only travels along, in a header.
        headers.insert(KEY.into(), AMQPValue::LongString(key.as_str().into()));
    }
    if attempt > 1 {
        headers.insert(ATTEMPT.into(), AMQPValue::LongUInt(attempt));
    }
    if !headers.inner().is_empty() {
        properties = properties.with_headers(headers);
    }
    let confirmation = channel
        .basic_publish(
            exchange.into(),
            routing_key.into(),
            BasicPublishOptions {
                mandatory: true,
                ..BasicPublishOptions::default()
            },
            &message.body,
            properties,
        )
        .await
        .map_err(broker)?
        .await // the broker's confirm
        .map_err(broker)?;
    match confirmation {
        Confirmation::Ack(None) => Ok(()),
        Confirmation::Ack(Some(_returned)) => Err(QueueError::Unroutable(routing_key.to_owned())),
        Confirmation::Nack(_) | Confirmation::NotRequested => Err(QueueError::NotConfirmed),
    }
}
// ANCHOR_END: publish

/// `rejected from <queue>`, from RabbitMQ's `x-death` header: the entry of the rejection.
/// (A retried message also carries an `expired from <queue>.retry` entry for each time it
/// waited: that is how it came back, not why it would be dead.)
fn x_death(properties: &BasicProperties) -> Option<String> {
    let headers = properties.headers().as_ref()?;
    let AMQPValue::FieldArray(deaths) = headers.inner().get("x-death")? else {
        return None;
    };
    deaths.as_slice().iter().find_map(|death| {
        let AMQPValue::FieldTable(death) = death else {
            return None;
        };
        let text = |key: &str| match death.inner().get(key) {
            Some(AMQPValue::LongString(value)) => Some(value.to_string()),
            Some(AMQPValue::ShortString(value)) => Some(value.to_string()),
            _ => None,
        };
        let reason = text("reason")?;
        (reason == "rejected")
            .then(|| format!("{reason} from {}", text("queue").unwrap_or_default()))
    })
}

impl Delivery for RabbitDelivery {
    fn message(&self) -> &Message {
        &self.message
    }

    fn redelivered(&self) -> bool {
        self.redelivered
    }

    fn death(&self) -> Option<String> {
        self.death.clone()
    }

    async fn ack(self) -> Result<(), QueueError> {
        let acked = self
            .acker
            .ack(BasicAckOptions::default())
            .await
            .map_err(broker)?;
        settled(acked)
    }

    async fn reject(self) -> Result<(), QueueError> {
        let rejected = self
            .acker
            .reject(BasicRejectOptions { requeue: false })
            .await
            .map_err(broker)?;
        settled(rejected)
    }

    fn attempt(&self) -> u32 {
        self.attempt
    }

    // ANCHOR: retry
    async fn retry_later(self) -> Result<u32, QueueError> {
        // A copy, as the next attempt, to the waiting queue; confirmed before the original is
        // acked. A crash between the two leaves both (a duplicate, which the inbox absorbs),
        // never neither.
        let attempt = self.attempt + 1;
        publish_on(
            &self.publisher,
            "",
            &retries(&self.queue),
            &self.message,
            attempt,
        )
        .await?;
        self.ack().await?;
        Ok(attempt)
    }
    // ANCHOR_END: retry
}

/// lapin answers `false` when the delivery's channel is gone: the message was handed back.
fn settled(done: bool) -> Result<(), QueueError> {
    if done {
        Ok(())
    } else {
        Err(QueueError::Disconnected(
            "its channel is gone: the message was handed back".into(),
        ))
    }
}

// ANCHOR: resilient
/// A consumer that outlives the broker: when the connection goes (RabbitMQ restarted, the
/// network cut), it connects again, with a growing pause between tries, declares its queue
/// again and resumes. The failure it prevents is the one users of AMQP clients report most: a
/// consumer that silently stops consuming after a broker restart.
///
/// Deliveries in hand when the connection went are the broker's again: it redelivers them
/// (flagged) to whoever consumes next, this consumer included. Their acks can only fail.
pub struct ResilientConsumer {
    url: String,
    queue: String,
    prefetch: u16,
    current: Option<(Rabbit, RabbitConsumer)>,
    /// How many times it has connected: 1 for a consumer that never lost its broker.
    pub connections: u32,
}

impl ResilientConsumer {
    pub fn new(url: &str, queue: &str, prefetch: u16) -> Self {
        Self {
            url: url.to_owned(),
            queue: queue.to_owned(),
            prefetch,
            current: None,
            connections: 0,
        }
    }

    async fn connect(&mut self) -> (Rabbit, RabbitConsumer) {
        let mut pause = std::time::Duration::from_millis(100);
        loop {
            let attempt = async {
                let rabbit = Rabbit::connect(&self.url).await?;
                rabbit.declare(&self.queue).await?;
                let consumer = rabbit.consume(&self.queue, self.prefetch).await?;
                Ok::<_, QueueError>((rabbit, consumer))
            };
            match attempt.await {
                Ok(connected) => {
                    self.connections += 1;
                    return connected;
                }
                Err(error) => {
                    tracing::warn!(%error, ?pause, "RabbitMQ unreachable; trying again");
                    tokio::time::sleep(pause).await;
                    pause = (pause * 2).min(std::time::Duration::from_secs(5));
                }
            }
        }
    }

    /// The next delivery, across as many reconnections as it takes.
    pub async fn next(&mut self) -> RabbitDelivery {
        loop {
            let (_, consumer) = match &mut self.current {
                Some(current) => current,
                None => {
                    let connected = self.connect().await;
                    self.current.insert(connected)
                }
            };
            match consumer.next().await {
                Ok(delivery) => return delivery,
                Err(error) => {
                    tracing::warn!(%error, "the consumer lost RabbitMQ; reconnecting");
                    self.current = None;
                }
            }
        }
    }
}
// ANCHOR_END: resilient
