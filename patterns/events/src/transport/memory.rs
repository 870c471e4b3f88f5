//! The in-process transport: a log in memory, and a signal that wakes its readers.
//!
//! The observer chapter's `EventBus` (`observer::bus`) hands each event
//! to the subscribers listening at that moment, and a subscriber that falls behind loses
//! events. That is right for "tell whoever is interested", and wrong for a read model that must
//! be rebuilt from the start one day. So this transport keeps every event, and each reader
//! keeps only its position in the log: it can start anywhere, fall behind, and catch up. It
//! lives as long as the process: the embedded default for the demo and the tests.

use std::sync::{Arc, Mutex, PoisonError};

use tokio::sync::watch;

use super::{Record, Subscription, Transport, TransportError};
use crate::envelope::Envelope;

/// A log of events in this process. Clones share the log.
#[derive(Clone)]
pub struct InProcess {
    log: Arc<Mutex<Vec<Vec<u8>>>>,
    /// The log's length, so readers can wait for it to grow.
    length: watch::Sender<u64>,
}

impl Default for InProcess {
    fn default() -> Self {
        Self::new()
    }
}

impl InProcess {
    pub fn new() -> Self {
        Self {
            log: Arc::default(),
            length: watch::Sender::new(0),
        }
    }

    /// Appends raw bytes, as a publisher of another version (or a broken one) might; returns
    /// their position.
    pub fn publish_bytes(&self, bytes: Vec<u8>) -> u64 {
        let mut log = self.log.lock().unwrap_or_else(PoisonError::into_inner);
        log.push(bytes);
        let position = log.len() as u64;
        self.length.send_replace(position);
        position
    }

    /// How many records the log holds: the last position.
    pub fn len(&self) -> u64 {
        *self.length.borrow()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl Transport for InProcess {
    type Subscription = InProcessSubscription;

    async fn publish(&self, envelope: &Envelope) -> Result<u64, TransportError> {
        Ok(self.publish_bytes(envelope.to_bytes()))
    }

    async fn subscribe(&self, after: Option<u64>) -> Result<Self::Subscription, TransportError> {
        Ok(InProcessSubscription {
            log: Arc::clone(&self.log),
            length: self.length.subscribe(),
            next: after.unwrap_or(0),
        })
    }
}

/// A reader of an [`InProcess`] log.
pub struct InProcessSubscription {
    log: Arc<Mutex<Vec<Vec<u8>>>>,
    length: watch::Receiver<u64>,
    /// The index of the next record to read (its position is one more: positions count from 1,
    /// like JetStream's sequence numbers).
    next: u64,
}

impl Subscription for InProcessSubscription {
    async fn next(&mut self) -> Result<Record, TransportError> {
        let next = self.next;
        self.length
            .wait_for(|length| *length > next)
            .await
            .map_err(|_| TransportError::Broker("the in-process log is gone".into()))?;
        let bytes = {
            let log = self.log.lock().unwrap_or_else(PoisonError::into_inner);
            usize::try_from(next)
                .ok()
                .and_then(|index| log.get(index).cloned())
                .unwrap_or_default()
        };
        self.next += 1;
        Ok(Record {
            position: self.next,
            bytes,
        })
    }
}
