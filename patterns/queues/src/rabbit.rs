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

use futures_util::StreamExt;
use lapin::options::{
    BasicAckOptions, BasicConsumeOptions, BasicPublishOptions, BasicQosOptions, BasicRejectOptions,
    ConfirmSelectOptions, QueueDeclareOptions, QueueDeleteOptions,
};
use lapin::types::{AMQPValue, FieldTable};
use lapin::{Acker, BasicProperties, Channel, Confirmation, Connection, ConnectionProperties};

use crate::{Broker, Consumer, Delivery, Message, QueueError, dead_letters};

/// The embedded default's counterpart: RabbitMQ on this machine, as CI runs it.
pub const DEFAULT_AMQP_URL: &str = "amqp://guest:guest@127.0.0.1:5672/%2f";

fn broker(error: lapin::Error) -> QueueError {
    QueueError::Broker(error.to_string())
}

/// A connection to RabbitMQ, and a channel in confirm mode to publish on.
pub struct Rabbit {
    connection: Connection,
    publisher: Channel,
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
        })
    }

    /// Deletes `queue` and its dead-letter queue (tests clean up after themselves).
    pub async fn delete(&self, queue: &str) -> Result<(), QueueError> {
        for name in [queue.to_owned(), dead_letters(queue)] {
            self.publisher
                .queue_delete(name.as_str().into(), QueueDeleteOptions::default())
                .await
                .map_err(broker)?;
        }
        Ok(())
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

    // ANCHOR: publish
    async fn publish(&self, queue: &str, message: Message) -> Result<(), QueueError> {
        let mut properties = BasicProperties::default()
            .with_message_id(message.id.as_str().into())
            .with_delivery_mode(2); // persistent
        if let Some(key) = &message.key {
            // A queue has one order for everything: the key only travels along, in a header.
            let mut headers = FieldTable::default();
            headers.insert(KEY.into(), AMQPValue::LongString(key.as_str().into()));
            properties = properties.with_headers(headers);
        }
        let confirmation = self
            .publisher
            .basic_publish(
                "".into(),
                queue.into(),
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
            Confirmation::Ack(Some(_returned)) => Err(QueueError::Unroutable(queue.to_owned())),
            Confirmation::Nack(_) | Confirmation::NotRequested => Err(QueueError::NotConfirmed),
        }
    }
    // ANCHOR_END: publish

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
        })
    }
}

/// A consumer on a channel of its own; dropping it closes the channel.
pub struct RabbitConsumer {
    _channel: Channel,
    consumer: lapin::Consumer,
}

impl Consumer for RabbitConsumer {
    type Delivery = RabbitDelivery;

    async fn next(&mut self) -> Result<RabbitDelivery, QueueError> {
        match self.consumer.next().await {
            Some(Ok(delivery)) => Ok(RabbitDelivery::from(delivery)),
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
    acker: Acker,
}

impl From<lapin::message::Delivery> for RabbitDelivery {
    fn from(delivery: lapin::message::Delivery) -> Self {
        let id = delivery
            .properties
            .message_id()
            .as_ref()
            .map(|id| id.to_string())
            .unwrap_or_default();
        Self {
            death: x_death(&delivery.properties),
            message: Message {
                id,
                key: key(&delivery.properties),
                body: delivery.data,
            },
            redelivered: delivery.redelivered,
            acker: delivery.acker,
        }
    }
}

/// The header a message's key travels in.
const KEY: &str = "key";

fn key(properties: &BasicProperties) -> Option<String> {
    match properties.headers().as_ref()?.inner().get(KEY)? {
        AMQPValue::LongString(key) => Some(key.to_string()),
        _ => None,
    }
}

/// `rejected from <queue>`, from the first entry of RabbitMQ's `x-death` header.
fn x_death(properties: &BasicProperties) -> Option<String> {
    let headers = properties.headers().as_ref()?;
    let AMQPValue::FieldArray(deaths) = headers.inner().get("x-death")? else {
        return None;
    };
    let AMQPValue::FieldTable(first) = deaths.as_slice().first()? else {
        return None;
    };
    let text = |key: &str| match first.inner().get(key) {
        Some(AMQPValue::LongString(value)) => Some(value.to_string()),
        Some(AMQPValue::ShortString(value)) => Some(value.to_string()),
        _ => None,
    };
    Some(format!("{} from {}", text("reason")?, text("queue")?))
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
