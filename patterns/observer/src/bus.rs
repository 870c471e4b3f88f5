//! # The async flavour: subscribers as tasks, fed by a broadcast channel
//!
//! The synchronous [`Emitter`](crate::Emitter) runs every listener inside `emit`: if the
//! email listener takes two seconds to talk to an SMTP server, registering a user takes two
//! seconds. An [`EventBus`] decouples the two in time. Publishing puts the event in a
//! [`tokio::sync::broadcast`] channel and returns at once; each subscriber is its own tokio task
//! that receives every event in publish order and handles it at its own pace.
//!
//! Decoupling in time raises two questions the synchronous emitter never had, and this module
//! answers both in its types:
//!
//! - **What happens to a slow subscriber?** The channel holds the last `capacity` events. A
//!   subscriber that falls further behind than that does not slow the publisher down (in a
//!   web server, that would make every request wait for the slowest consumer); instead it
//!   *lags*: it loses the oldest events it had not read, learns how many, and carries on with
//!   the oldest one still held. [`SubscriberReport::missed`] counts them. If losing events is
//!   not acceptable, this is the wrong tool: use a queue that persists and acknowledges
//!   (the queues chapter).
//! - **How does it stop without dropping what is buffered?** [`EventBus::shutdown`] takes the
//!   bus by value, so after it nobody can publish: the compiler sees to that. Dropping the only
//!   sender closes the channel; each subscriber drains what is still buffered, sees the channel
//!   closed, and stops; `shutdown` waits for all of them and returns their reports.

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use tokio::sync::broadcast::{self, error::RecvError};
use tokio::task::JoinHandle;

/// What one subscriber did between subscribing and shutdown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubscriberReport {
    /// The name given to [`EventBus::subscribe`].
    pub name: &'static str,
    /// Events the handler finished handling.
    pub received: u64,
    /// Events this subscriber lost because it fell more than `capacity` events behind.
    pub missed: u64,
    /// The panic message, if the handler panicked (the subscriber stopped there).
    pub panicked: Option<String>,
}

struct Subscriber {
    name: &'static str,
    /// Shared with the task, so that the counts survive a handler that panics.
    counts: Arc<Counts>,
    task: JoinHandle<()>,
}

#[derive(Default)]
struct Counts {
    received: AtomicU64,
    missed: AtomicU64,
}

// ANCHOR: bus
/// An in-process publish/subscribe bus: every subscriber sees every event published after it
/// subscribed, in publish order, on its own task.
pub struct EventBus<E> {
    sender: broadcast::Sender<E>,
    subscribers: Vec<Subscriber>,
}

impl<E: Clone + Send + 'static> EventBus<E> {
    /// A bus that buffers up to `capacity` events for its slowest subscriber. tokio rounds the
    /// capacity up to a power of two, and a capacity of 0 is taken as 1. Memory use is about
    /// `capacity` events, however many subscribers there are.
    pub fn new(capacity: usize) -> Self {
        let (sender, _) = broadcast::channel(capacity.max(1));
        Self {
            sender,
            subscribers: Vec::new(),
        }
    }

    /// Starts a subscriber task that calls `handler` for each event published from now on.
    ///
    /// # Panics
    /// Outside a tokio runtime, like [`tokio::spawn`].
    pub fn subscribe<F, Fut>(&mut self, name: &'static str, mut handler: F)
    where
        F: FnMut(E) -> Fut + Send + 'static,
        Fut: Future<Output = ()> + Send,
    {
        let mut events = self.sender.subscribe();
        let counts = Arc::new(Counts::default());
        let task_counts = Arc::clone(&counts);
        let task = tokio::spawn(async move {
            // Only this task writes the counts, so it keeps its own tally and stores it after
            // each event: a plain store, where an atomic add would pay for a race that cannot
            // happen. Stored at once, so a handler that panics later does not lose it.
            let mut received = 0;
            loop {
                match events.recv().await {
                    Ok(event) => {
                        handler(event).await;
                        received += 1;
                        task_counts.received.store(received, Ordering::Relaxed);
                    }
                    Err(RecvError::Lagged(missed)) => {
                        tracing::warn!(subscriber = name, missed, "slow subscriber lost events");
                        task_counts.missed.fetch_add(missed, Ordering::Relaxed);
                    }
                    Err(RecvError::Closed) => break,
                }
            }
        });
        self.subscribers.push(Subscriber { name, counts, task });
    }

    /// Publishes `event` and returns at once, without waiting for any handler. Returns how many
    /// subscribers will see it; with none, the event is dropped and the answer is 0 (not an
    /// error: nobody listening is a normal state for an event bus).
    pub fn publish(&self, event: E) -> usize {
        self.sender.send(event).unwrap_or(0)
    }

    /// How many subscribers are running.
    pub fn subscriber_count(&self) -> usize {
        self.sender.receiver_count()
    }

    /// Stops the bus without dropping anything still buffered: closes the channel, lets every
    /// subscriber finish the events waiting for it, and returns their reports in the order
    /// they subscribed. (Events a subscriber had already lost by lagging stay lost.)
    pub async fn shutdown(self) -> Vec<SubscriberReport> {
        let Self {
            sender,
            subscribers,
        } = self;
        drop(sender);
        let mut reports = Vec::with_capacity(subscribers.len());
        for Subscriber { name, counts, task } in subscribers {
            let panicked = match task.await {
                Ok(()) => None,
                Err(error) if error.is_panic() => {
                    Some(crate::panic_message(error.into_panic().as_ref()))
                }
                Err(_) => Some("the task was cancelled".to_owned()),
            };
            reports.push(SubscriberReport {
                name,
                received: counts.received.load(Ordering::Relaxed),
                missed: counts.missed.load(Ordering::Relaxed),
                panicked,
            });
        }
        reports
    }
}
// ANCHOR_END: bus

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};
    use tokio::sync::{Notify, Semaphore};

    #[tokio::test]
    async fn every_subscriber_gets_every_event_in_order_and_shutdown_drains() {
        let mut bus = EventBus::new(128);
        let seen = Arc::new(Mutex::new(Vec::new()));
        for name in ["email", "analytics"] {
            let seen = Arc::clone(&seen);
            bus.subscribe(name, move |n: u32| {
                seen.lock().unwrap().push((name, n));
                async {}
            });
        }
        for n in 0..100 {
            assert_eq!(bus.publish(n), 2);
        }
        // Nothing has run yet on this single-threaded runtime: shutdown must not lose the 100.
        let reports = bus.shutdown().await;
        assert_eq!(reports.len(), 2);
        for report in &reports {
            assert_eq!((report.received, report.missed), (100, 0), "{report:?}");
        }
        let seen = seen.lock().unwrap();
        for name in ["email", "analytics"] {
            let mine: Vec<u32> = seen
                .iter()
                .filter(|(n, _)| *n == name)
                .map(|(_, v)| *v)
                .collect();
            assert_eq!(
                mine,
                (0..100).collect::<Vec<_>>(),
                "{name} saw events out of order"
            );
        }
    }

    #[tokio::test]
    async fn publishing_with_no_subscribers_is_not_an_error() {
        let bus = EventBus::new(4);
        assert_eq!(bus.publish("nobody listens"), 0);
        assert_eq!(bus.subscriber_count(), 0);
        assert!(bus.shutdown().await.is_empty());
    }

    #[tokio::test]
    async fn a_slow_subscriber_lags_and_loses_the_oldest_events_but_the_fast_one_does_not() {
        let mut bus = EventBus::new(2);
        let fast_done = Arc::new(Notify::new());
        let gate = Arc::new(Semaphore::new(0));
        let slow_seen = Arc::new(Mutex::new(Vec::new()));
        {
            let fast_done = Arc::clone(&fast_done);
            bus.subscribe("fast", move |_: u32| {
                fast_done.notify_one();
                async {}
            });
        }
        {
            let gate = Arc::clone(&gate);
            let slow_seen = Arc::clone(&slow_seen);
            bus.subscribe("slow", move |n: u32| {
                slow_seen.lock().unwrap().push(n);
                let gate = Arc::clone(&gate);
                // The slow subscriber is stuck on its first event until the gate opens.
                async move {
                    if n == 1 {
                        let _permit = gate.acquire().await.unwrap();
                    }
                }
            });
        }
        // Publish 1..=10 one at a time, waiting each time until the fast subscriber has it.
        for n in 1..=10 {
            bus.publish(n);
            fast_done.notified().await;
        }
        gate.add_permits(1);
        let reports = bus.shutdown().await;
        let fast = &reports[0];
        let slow = &reports[1];
        assert_eq!((fast.received, fast.missed), (10, 0));
        // The slow one held event 1 while 2..=10 arrived; the channel keeps only 2 (9 and 10),
        // so it lost 2..=8: seven events.
        assert_eq!((slow.received, slow.missed), (3, 7));
        assert_eq!(*slow_seen.lock().unwrap(), [1, 9, 10]);
    }

    #[tokio::test]
    async fn a_panicking_subscriber_is_reported_and_does_not_affect_the_others() {
        let mut bus = EventBus::new(8);
        bus.subscribe("broken", |n: u8| async move {
            if n == 2 {
                panic!("template missing");
            }
        });
        bus.subscribe("fine", |_: u8| async {});
        bus.publish(1);
        bus.publish(2);
        bus.publish(3);
        let reports = bus.shutdown().await;
        assert_eq!(reports[0].panicked.as_deref(), Some("template missing"));
        assert_eq!(
            reports[0].received, 1,
            "the event before the panic still counts"
        );
        assert_eq!(reports[1].received, 3);
        assert_eq!(reports[1].panicked, None);
    }
}
