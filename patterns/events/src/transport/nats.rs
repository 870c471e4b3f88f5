//! NATS JetStream: a durable stream on a NATS server, through async-nats.
//!
//! Plain NATS is fire-and-forget: a message nobody is subscribed to at that moment is gone.
//! JetStream adds the log: a *stream* stores every message published to its subjects, numbers
//! them (the stream sequence, from 1), and serves them to consumers from any sequence. Two
//! features matter here:
//!
//! - the **publish ack**: `publish` returns a future, and awaiting it waits until the stream
//!   stored the message. Until then, the outbox keeps its row.
//! - **deduplication**: a message published with a `Nats-Msg-Id` header that the stream saw
//!   within its duplicate window (two minutes here) is acknowledged and *not* stored again. The
//!   envelope's id is that header, so a relay that dies after publishing and before marking the
//!   row sent does not store the event twice, if it comes back within the window. After the
//!   window, the consumers' inbox is what keeps the effect single: the server's dedupe narrows
//!   the gap, the inbox closes it.

use std::time::Duration;

use async_nats::HeaderMap;
use async_nats::jetstream::{self, consumer, context, stream};
use futures_util::StreamExt;

use super::{Record, Subscription, Transport, TransportError};
use crate::envelope::Envelope;

/// `NATS_URL` when it is not set: the NATS server on this machine.
pub const DEFAULT_NATS_URL: &str = "nats://127.0.0.1:4222";

/// One JetStream stream, `stream`, holding the subjects `<stream>.<event type>`.
#[derive(Clone)]
pub struct JetStream {
    context: jetstream::Context,
    stream: String,
}

impl JetStream {
    /// Connects to the NATS server at `url` and creates the stream `stream` if it does not exist
    /// (a name without dots). A publish not acknowledged within 5 s is `Unreachable`.
    pub async fn connect(url: &str, stream: &str) -> Result<Self, TransportError> {
        Self::connect_with_timeout(url, stream, Duration::from_secs(5)).await
    }

    /// As [`JetStream::connect`], with another publish timeout.
    pub async fn connect_with_timeout(
        url: &str,
        stream: &str,
        timeout: Duration,
    ) -> Result<Self, TransportError> {
        // ANCHOR: connect
        let client = async_nats::ConnectOptions::new()
            .connection_timeout(Duration::from_secs(5))
            .connect(url)
            .await
            .map_err(|error| TransportError::Unreachable(error.to_string()))?;
        let mut context = jetstream::new(client);
        context.set_timeout(timeout);
        context
            .get_or_create_stream(stream::Config {
                name: stream.to_owned(),
                subjects: vec![format!("{stream}.>")],
                storage: stream::StorageType::File,
                duplicate_window: Duration::from_secs(120),
                ..Default::default()
            })
            .await
            .map_err(|error| TransportError::Broker(error.to_string()))?;
        // ANCHOR_END: connect
        Ok(Self {
            context,
            stream: stream.to_owned(),
        })
    }

    /// Deletes the stream and everything in it (tests clean up with it).
    pub async fn delete(&self) -> Result<(), TransportError> {
        self.context
            .delete_stream(&self.stream)
            .await
            .map(|_| ())
            .map_err(|error| TransportError::Broker(error.to_string()))
    }

    /// The position of the last record stored (0 when the stream is empty).
    pub async fn last_position(&self) -> Result<u64, TransportError> {
        let stream = self
            .context
            .get_stream(&self.stream)
            .await
            .map_err(|error| TransportError::Broker(error.to_string()))?;
        let info = stream
            .get_info()
            .await
            .map_err(|error| TransportError::Broker(error.to_string()))?;
        Ok(info.state.last_sequence)
    }

    // ANCHOR: publish
    /// Sends `envelope` and returns the future of its ack, without waiting for it.
    async fn send(&self, envelope: &Envelope) -> Result<context::PublishAckFuture, TransportError> {
        let mut headers = HeaderMap::new();
        // The stream drops a second message with this id within its duplicate window.
        headers.insert("Nats-Msg-Id", envelope.id.to_string().as_str());
        let subject = format!("{}.{}", self.stream, envelope.event_type);
        self.context
            .publish_with_headers(subject, headers, envelope.to_bytes().into())
            .await
            .map_err(publish_error)
    }
    // ANCHOR_END: publish
}

fn publish_error(error: context::PublishError) -> TransportError {
    match error.kind() {
        context::PublishErrorKind::TimedOut
        | context::PublishErrorKind::BrokenPipe
        | context::PublishErrorKind::MaxAckPending => {
            TransportError::Unreachable(error.to_string())
        }
        _ => TransportError::Broker(error.to_string()),
    }
}

impl Transport for JetStream {
    type Subscription = JetStreamSubscription;

    async fn publish(&self, envelope: &Envelope) -> Result<u64, TransportError> {
        // A duplicate's ack carries the sequence of the copy the stream kept.
        let ack = self.send(envelope).await?.await.map_err(publish_error)?;
        Ok(ack.sequence)
    }

    async fn publish_all(&self, envelopes: &[Envelope]) -> Result<Option<u64>, TransportError> {
        // A chunk of messages on the wire, then their acks: one round trip per chunk. The
        // client lets 5,000 acks be awaited at once (`max_ack_inflight`); a sender holding more
        // unawaited would wait for a permit that never comes.
        let mut last = None;
        for chunk in envelopes.chunks(1_000) {
            let mut acks = Vec::with_capacity(chunk.len());
            for envelope in chunk {
                acks.push(self.send(envelope).await?);
            }
            for ack in acks {
                // A duplicate's ack names the older copy: the highest sequence is the last.
                last = last.max(Some(ack.await.map_err(publish_error)?.sequence));
            }
        }
        Ok(last)
    }

    async fn subscribe(&self, after: Option<u64>) -> Result<Self::Subscription, TransportError> {
        // ANCHOR: subscribe
        let deliver_policy = match after {
            None => consumer::DeliverPolicy::All,
            Some(position) => consumer::DeliverPolicy::ByStartSequence {
                start_sequence: position + 1,
            },
        };
        let stream = self
            .context
            .get_stream(&self.stream)
            .await
            .map_err(|error| TransportError::Broker(error.to_string()))?;
        // An ordered consumer: ephemeral, no acks, recreated by the client at the right
        // sequence after a reconnection or a gap. The reader's position is kept by the reader
        // (the projection's checkpoint), not by the server.
        let messages = stream
            .create_consumer(consumer::pull::OrderedConfig {
                deliver_policy,
                ..Default::default()
            })
            .await
            .map_err(|error| TransportError::Broker(error.to_string()))?
            .messages()
            .await
            .map_err(|error| TransportError::Broker(error.to_string()))?;
        // ANCHOR_END: subscribe
        Ok(JetStreamSubscription { messages })
    }
}

/// A reader of a JetStream stream.
pub struct JetStreamSubscription {
    messages: consumer::pull::Ordered,
}

impl Subscription for JetStreamSubscription {
    async fn next(&mut self) -> Result<Record, TransportError> {
        loop {
            match self.messages.next().await {
                Some(Ok(message)) => {
                    let position = message
                        .info()
                        .map_err(|error| TransportError::Broker(error.to_string()))?
                        .stream_sequence;
                    return Ok(Record {
                        position,
                        bytes: message.payload.to_vec(),
                    });
                }
                // Missed heartbeats while the server is unreachable, a consumer being
                // recreated: the ordered consumer recovers by itself, at the right sequence.
                Some(Err(error)) => {
                    tracing::warn!(%error, "JetStream reader: waiting for the server");
                }
                None => return Err(TransportError::Broker("the JetStream reader ended".into())),
            }
        }
    }
}
