//! Known-wrong answer to `queues4`: each worker subscribes with a prefetch of 10.
//! Breaks: "with a prefetch of exactly 1, so that a worker holds one message at a time and a slow worker never sits on messages a free worker could do"
//! Why a learner writes it: a bigger prefetch is the classic throughput knob (fewer round trips
//! to the broker), and with fast workers only it is faster; but the slow worker is handed ten
//! jobs at once and does them one by one while the fast ones find the queue empty.
//! Rejected by: a_worker_holds_one_message_at_a_time, a_slow_worker_does_not_hold_back_the_rest, the_slow_worker_does_few_jobs

use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use queues::memory::{InProcess, MemoryDelivery};
use queues::{Broker, Consumer, Delivery, Message, QueueError};
use tokio::sync::{OwnedSemaphorePermit, Semaphore, mpsc};
use tokio::task::JoinHandle;

// ---- Given: the workers, their work, and a consumer that pushes as RabbitMQ does. ----

/// One worker of the pool: its name, and how long one message takes it.
#[derive(Debug, Clone)]
pub struct Worker {
    pub name: String,
    pub per_message: Duration,
}

impl Worker {
    pub fn new(name: &str, per_message: Duration) -> Self {
        Self {
            name: name.to_owned(),
            per_message,
        }
    }
}

/// What the pool has done: `(worker, message body)` for each message, in the order the work
/// was finished. Clones share the same record.
#[derive(Debug, Clone, Default)]
pub struct Done(Arc<Mutex<Vec<(String, String)>>>);

impl Done {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn record(&self, worker: &str, body: &str) {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push((worker.to_owned(), body.to_owned()));
    }

    pub fn all(&self) -> Vec<(String, String)> {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

/// The work on one message: it takes `worker.per_message`, then it is recorded in `done`.
pub async fn work(worker: &Worker, message: &Message, done: &Done) {
    tokio::time::sleep(worker.per_message).await;
    done.record(&worker.name, &String::from_utf8_lossy(&message.body));
}

/// A consumer as a RabbitMQ client runs one: messages are taken for you ahead of time, up to
/// `prefetch` not yet acked, and wait in a buffer until you ask. Dropping it is the worker
/// going away: its consumer is dropped, and the broker hands its unacked messages to others.
pub struct Subscription {
    pushed: mpsc::UnboundedReceiver<Pushed>,
    pump: JoinHandle<()>,
}

impl Subscription {
    pub async fn open(broker: &InProcess, queue: &str, prefetch: u16) -> Result<Self, QueueError> {
        let mut consumer = broker.consume(queue, prefetch).await?;
        // One permit per message in flight: a permit comes back when its message is acked.
        let window = Arc::new(Semaphore::new(usize::from(prefetch.max(1))));
        let (tx, pushed) = mpsc::unbounded_channel();
        let pump = tokio::spawn(async move {
            loop {
                let Ok(permit) = Arc::clone(&window).acquire_owned().await else {
                    return;
                };
                let Ok(delivery) = consumer.next().await else {
                    return;
                };
                let pushed = Pushed {
                    delivery,
                    _permit: permit,
                };
                if tx.send(pushed).is_err() {
                    return;
                }
            }
        });
        Ok(Self { pushed, pump })
    }

    /// The next message pushed to this subscription, waiting for one; `None` once the
    /// broker's consumer is gone.
    pub async fn next(&mut self) -> Option<Pushed> {
        self.pushed.recv().await
    }
}

impl Drop for Subscription {
    fn drop(&mut self) {
        self.pump.abort();
    }
}

/// A message pushed to a [`Subscription`]: ack it once its work is done.
pub struct Pushed {
    delivery: MemoryDelivery,
    _permit: OwnedSemaphorePermit,
}

impl Pushed {
    pub fn message(&self) -> &Message {
        self.delivery.message()
    }

    pub fn redelivered(&self) -> bool {
        self.delivery.redelivered()
    }

    /// Done: the broker forgets the message, and the subscription may take the next one.
    pub async fn ack(self) -> Result<(), QueueError> {
        self.delivery.ack().await
    }
}

// ---- The pool: yours. ----

/// Starts the pool: one task per worker, competing for the messages of `queue`. The handles
/// come in the order of `workers`.
pub fn spawn_workers(
    broker: &InProcess,
    queue: &str,
    workers: Vec<Worker>,
    done: &Done,
) -> Vec<JoinHandle<Result<(), QueueError>>> {
    workers
        .into_iter()
        .map(|worker| {
            let (broker, queue, done) = (broker.clone(), queue.to_owned(), done.clone());
            tokio::spawn(async move {
                let mut subscription = Subscription::open(&broker, &queue, 10).await?;
                while let Some(pushed) = subscription.next().await {
                    work(&worker, pushed.message(), &done).await;
                    pushed.ack().await?;
                }
                Ok(())
            })
        })
        .collect()
}
