//! # Transports: where events go after the outbox
//!
//! The outbox relay publishes, the projection reads; neither cares which broker sits between
//! them, so the broker hides behind a trait of two calls. What every transport promises:
//!
//! - `publish` returns once the broker has *stored* the event (JetStream's publish ack,
//!   Kafka's `acks=all`), not when it was handed to a socket;
//! - a stream is one ordered log, and every record has a *position* in it, counted from 1
//!   (JetStream's stream sequence, Kafka's offset plus one, an index in process), so a reader
//!   can start anywhere: from the start for a replay, or just after the last position it
//!   applied;
//! - records are never taken away by reading them (unlike a queue's): any number of readers,
//!   each at its own position.
//!
//! Three implement it: [`memory::InProcess`], a log inside the process (unlike the observer
//! chapter's async bus, it keeps the events, so a reader can start late and catch up);
//! [`nats::JetStream`], NATS JetStream through async-nats; and, with the `kafka` feature,
//! `kafka::KafkaLog`, one Kafka partition through rdkafka.

use std::future::Future;

#[cfg(feature = "kafka")]
pub mod kafka;
pub mod memory;
pub mod nats;

use crate::envelope::Envelope;

// ANCHOR: transport
/// One event as read from a stream: where it is, and its bytes (an [`Envelope`] as JSON, unless
/// somebody published something else: readers park what they cannot read).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub position: u64,
    pub bytes: Vec<u8>,
}

/// A durable, ordered stream of events.
pub trait Transport: Send + Sync {
    type Subscription: Subscription + 'static;
    /// Appends `envelope`; returns its position once the broker has stored it.
    fn publish(
        &self,
        envelope: &Envelope,
    ) -> impl Future<Output = Result<u64, TransportError>> + Send;
    /// Appends every envelope, in order; returns the highest position once the broker has
    /// stored them all. A broker that can keep several publishes in flight does so (one round
    /// trip for the batch, not one each).
    fn publish_all(
        &self,
        envelopes: &[Envelope],
    ) -> impl Future<Output = Result<Option<u64>, TransportError>> + Send {
        async move {
            let mut last = None;
            for envelope in envelopes {
                last = last.max(Some(self.publish(envelope).await?));
            }
            Ok(last)
        }
    }
    /// Reads the records after position `after`, in order; `None` reads from the start.
    fn subscribe(
        &self,
        after: Option<u64>,
    ) -> impl Future<Output = Result<Self::Subscription, TransportError>> + Send;
}

/// A reader's place in a stream.
pub trait Subscription: Send {
    /// The next record; waits until there is one.
    fn next(&mut self) -> impl Future<Output = Result<Record, TransportError>> + Send;
}
// ANCHOR_END: transport

/// Why a transport did not do what it was asked.
#[derive(Debug, thiserror::Error)]
pub enum TransportError {
    /// The broker could not be reached, or did not answer in time: try again later.
    #[error("the broker is unreachable: {0}")]
    Unreachable(String),
    /// The broker answered, and refused.
    #[error("the broker failed: {0}")]
    Broker(String),
}
