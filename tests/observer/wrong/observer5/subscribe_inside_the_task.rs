//! Known-wrong answer to `observer5`: the task subscribes to the channel when it first runs.
//! Breaks: "every subscriber sees every event, in order, at its own pace"
//! Why a learner writes it: everything the subscriber needs seems to belong inside its task; but a
//! spawned task runs later, and a receiver only gets the events sent after it was created, so the
//! events published in between are lost (and `publish` counts no receiver).
//! Rejected by: shutdown_delivers_everything_published_before_it, subscribers_handle_events_as_they_come_not_only_at_shutdown

use std::future::Future;

use tokio::sync::broadcast::{self, error::RecvError};
use tokio::task::JoinHandle;

/// A user has registered.
#[derive(Debug, Clone, PartialEq)]
pub struct UserRegistered {
    pub email: String,
}

/// What one subscriber did.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SubscriberReport {
    pub name: String,
    /// Events the handler was called with.
    pub received: u64,
    /// Events lost because the subscriber lagged.
    pub missed: u64,
}

pub struct SignupBus {
    sender: broadcast::Sender<UserRegistered>,
    subscribers: Vec<JoinHandle<SubscriberReport>>,
}

impl SignupBus {
    /// A bus whose channel buffers `capacity` events (at least 1).
    pub fn new(capacity: usize) -> Self {
        let (sender, _) = broadcast::channel(capacity.max(1));
        Self {
            sender,
            subscribers: Vec::new(),
        }
    }

    /// Starts a subscriber task named `name` that calls `handler` for every event and awaits
    /// the future it returns before taking the next event.
    pub fn subscribe<F, Fut>(&mut self, name: &str, mut handler: F)
    where
        F: FnMut(UserRegistered) -> Fut + Send + 'static,
        Fut: Future<Output = ()> + Send + 'static,
    {
        let sender = self.sender.clone();
        let name = name.to_owned();
        let task = tokio::spawn(async move {
            // The mistake: subscribing when the task first runs, not before spawning it; the
            // events published until then are lost. (The clone is dropped at once, so that
            // shutdown still closes the channel.)
            let mut receiver = sender.subscribe();
            drop(sender);
            let mut report = SubscriberReport {
                name,
                ..SubscriberReport::default()
            };
            loop {
                match receiver.recv().await {
                    Ok(event) => {
                        handler(event).await;
                        report.received += 1;
                    }
                    Err(RecvError::Lagged(missed)) => report.missed += missed,
                    Err(RecvError::Closed) => break,
                }
            }
            report
        });
        self.subscribers.push(task);
    }

    /// Publishes `event`; returns how many subscribers will receive it.
    pub fn publish(&self, event: UserRegistered) -> usize {
        self.sender.send(event).unwrap_or(0)
    }

    /// Closes the channel, waits for every subscriber to drain it, and returns their reports.
    pub async fn shutdown(self) -> Vec<SubscriberReport> {
        drop(self.sender);
        let mut reports = Vec::with_capacity(self.subscribers.len());
        for task in self.subscribers {
            match task.await {
                Ok(report) => reports.push(report),
                Err(error) => reports.push(SubscriberReport {
                    name: format!("a subscriber that failed: {error}"),
                    ..SubscriberReport::default()
                }),
            }
        }
        reports
    }
}
