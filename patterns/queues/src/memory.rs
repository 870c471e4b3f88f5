//! # A broker inside the process: the embedded default
//!
//! Nothing to install, and the same promises as RabbitMQ, so that the lessons (ack after the
//! work, idempotent consumers, dead letters) can be learnt and checked on a laptop. What it is
//! not: durable. Its queues live as long as the process; a real broker keeps them on disk.
//!
//! The whole state is one map of queues behind a lock. A queue holds its ready messages and, per
//! consumer, the ones handed out and not settled yet. Dropping a [`MemoryConsumer`] is a consumer
//! dying: its unsettled messages go back to the front of the queue, flagged `redelivered`.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use tokio::sync::Notify;

use crate::{Broker, Consumer, DEFAULT_RETRY_DELAY, Delivery, Message, QueueError, dead_letters};

#[derive(Debug, Clone)]
struct Stored {
    message: Message,
    redelivered: bool,
    death: Option<String>,
    attempt: u32,
}

#[derive(Debug, Default)]
struct QueueState {
    ready: VecDeque<Stored>,
    /// Handed out and not settled: by consumer, then by delivery tag.
    unacked: HashMap<u64, BTreeMap<u64, Stored>>,
}

#[derive(Default)]
struct Shared {
    queues: Mutex<HashMap<String, QueueState>>,
    /// Woken whenever a message becomes ready.
    ready: Notify,
    next_id: AtomicU64,
}

impl Shared {
    fn queues(&self) -> std::sync::MutexGuard<'_, HashMap<String, QueueState>> {
        self.queues.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// The in-process broker. Clones share the same queues.
#[derive(Clone)]
pub struct InProcess {
    shared: Arc<Shared>,
    retry_delay: Duration,
}

impl Default for InProcess {
    fn default() -> Self {
        Self {
            shared: Arc::default(),
            retry_delay: DEFAULT_RETRY_DELAY,
        }
    }
}

impl InProcess {
    pub fn new() -> Self {
        Self::default()
    }

    /// How long a retried message waits before it is back in its queue.
    pub fn with_retry_delay(self, retry_delay: Duration) -> Self {
        Self {
            retry_delay,
            ..self
        }
    }

    /// How many messages wait in `queue`, not counting those handed out.
    pub fn ready(&self, queue: &str) -> usize {
        self.shared.queues().get(queue).map_or(0, |q| q.ready.len())
    }
}

impl Broker for InProcess {
    type Consumer = MemoryConsumer;

    async fn declare(&self, queue: &str) -> Result<(), QueueError> {
        let mut queues = self.shared.queues();
        queues.entry(queue.to_owned()).or_default();
        queues.entry(dead_letters(queue)).or_default();
        Ok(())
    }

    async fn publish(&self, queue: &str, message: Message) -> Result<(), QueueError> {
        let mut queues = self.shared.queues();
        let Some(state) = queues.get_mut(queue) else {
            return Err(QueueError::Unroutable(queue.to_owned()));
        };
        state.ready.push_back(Stored {
            message,
            redelivered: false,
            death: None,
            attempt: 1,
        });
        drop(queues);
        self.shared.ready.notify_waiters();
        Ok(())
    }

    async fn consume(&self, queue: &str, prefetch: u16) -> Result<MemoryConsumer, QueueError> {
        if !self.shared.queues().contains_key(queue) {
            return Err(QueueError::Broker(format!("no queue {queue:?}")));
        }
        Ok(MemoryConsumer {
            shared: Arc::clone(&self.shared),
            queue: queue.to_owned(),
            id: self.shared.next_id.fetch_add(1, Ordering::Relaxed),
            prefetch: usize::from(prefetch.max(1)),
            retry_delay: self.retry_delay,
        })
    }
}

/// A consumer of one in-process queue.
pub struct MemoryConsumer {
    shared: Arc<Shared>,
    queue: String,
    id: u64,
    prefetch: usize,
    retry_delay: Duration,
}

impl MemoryConsumer {
    /// The next ready message, if this consumer may take one now.
    fn take(&self) -> Option<MemoryDelivery> {
        let mut queues = self.shared.queues();
        let state = queues.get_mut(&self.queue)?;
        let held = state.unacked.get(&self.id).map_or(0, BTreeMap::len);
        if held >= self.prefetch {
            return None;
        }
        let stored = state.ready.pop_front()?;
        let tag = self.shared.next_id.fetch_add(1, Ordering::Relaxed);
        state
            .unacked
            .entry(self.id)
            .or_default()
            .insert(tag, stored.clone());
        Some(MemoryDelivery {
            shared: Arc::clone(&self.shared),
            queue: self.queue.clone(),
            consumer: self.id,
            tag,
            stored,
            retry_delay: self.retry_delay,
        })
    }
}

impl Consumer for MemoryConsumer {
    type Delivery = MemoryDelivery;

    async fn next(&mut self) -> Result<MemoryDelivery, QueueError> {
        loop {
            // Ask to be woken before looking, so that a publish in between is not missed.
            let woken = self.shared.ready.notified();
            tokio::pin!(woken);
            woken.as_mut().enable();
            if let Some(delivery) = self.take() {
                return Ok(delivery);
            }
            woken.await;
        }
    }
}

// ANCHOR: consumer_dies
/// A consumer that goes away, cleanly or in a crash, hands back what it did not settle: those
/// messages go to the front of the queue, flagged `redelivered`, for the next consumer.
impl Drop for MemoryConsumer {
    fn drop(&mut self) {
        let mut queues = self.shared.queues();
        let Some(state) = queues.get_mut(&self.queue) else {
            return;
        };
        let Some(unsettled) = state.unacked.remove(&self.id) else {
            return;
        };
        for (_, mut stored) in unsettled.into_iter().rev() {
            stored.redelivered = true;
            state.ready.push_front(stored);
        }
        drop(queues);
        self.shared.ready.notify_waiters();
    }
}
// ANCHOR_END: consumer_dies

/// A message handed to a [`MemoryConsumer`].
pub struct MemoryDelivery {
    shared: Arc<Shared>,
    queue: String,
    consumer: u64,
    tag: u64,
    stored: Stored,
    retry_delay: Duration,
}

impl MemoryDelivery {
    /// Takes this delivery out of its consumer's unsettled ones; `None` if its consumer is
    /// gone (the message was handed back already, and is someone else's now).
    fn settle(&self) -> Result<Stored, QueueError> {
        let mut queues = self.shared.queues();
        queues
            .get_mut(&self.queue)
            .and_then(|q| q.unacked.get_mut(&self.consumer))
            .and_then(|held| held.remove(&self.tag))
            .ok_or_else(|| {
                QueueError::Disconnected("its consumer is gone: the message was handed back".into())
            })
    }
}

impl Delivery for MemoryDelivery {
    fn message(&self) -> &Message {
        &self.stored.message
    }

    fn redelivered(&self) -> bool {
        self.stored.redelivered
    }

    fn death(&self) -> Option<String> {
        self.stored.death.clone()
    }

    async fn ack(self) -> Result<(), QueueError> {
        self.settle()?;
        // Its consumer may now take one more (prefetch), and may be waiting to.
        self.shared.ready.notify_waiters();
        Ok(())
    }

    async fn reject(self) -> Result<(), QueueError> {
        let mut stored = self.settle()?;
        stored.redelivered = false;
        stored.death = Some(format!("rejected from {}", self.queue));
        let mut queues = self.shared.queues();
        queues
            .entry(dead_letters(&self.queue))
            .or_default()
            .ready
            .push_back(stored);
        drop(queues);
        self.shared.ready.notify_waiters();
        Ok(())
    }

    fn attempt(&self) -> u32 {
        self.stored.attempt
    }

    // ANCHOR: retry
    async fn retry_later(self) -> Result<u32, QueueError> {
        let mut stored = self.settle()?;
        // Its consumer may now take one more (prefetch), and may be waiting to.
        self.shared.ready.notify_waiters();
        stored.attempt += 1;
        stored.redelivered = false;
        let attempt = stored.attempt;
        // The message waits on a timer, not in anyone's loop; then it is at the back of its
        // queue. (In a process, so a crash meanwhile loses it: this broker is not durable.)
        let (shared, queue, delay) = (Arc::clone(&self.shared), self.queue, self.retry_delay);
        tokio::spawn(async move {
            tokio::time::sleep(delay).await;
            if let Some(state) = shared.queues().get_mut(&queue) {
                state.ready.push_back(stored);
            }
            shared.ready.notify_waiters();
        });
        Ok(attempt)
    }
    // ANCHOR_END: retry
}
