//! Known-wrong answer to `observer5`: `shutdown` awaits the tasks first, and the sender is dropped after.
//! Breaks: "`shutdown` drops the sender, awaits every task, and returns the reports"
//! Why a learner writes it: "wait for everyone, then clean up" is the usual order; but a subscriber
//! stops only on `Closed`, which comes once the sender is dropped, so the tasks wait for shutdown and
//! shutdown waits for the tasks, forever.
//! Rejected by: shutdown_delivers_everything_published_before_it, a_subscriber_that_falls_behind_counts_what_it_missed

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
        let mut receiver = self.sender.subscribe();
        let name = name.to_owned();
        let task = tokio::spawn(async move {
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
        // The mistake: the channel closes only here, after awaiting tasks that wait for it.
        drop(self.sender);
        reports
    }
}
