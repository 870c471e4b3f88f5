//! Known-wrong answer to `observer5`: the subscriber tasks live in a `JoinSet`, reports as they finish.
//! Breaks: "returns the reports in the order the subscribers subscribed"
//! Why a learner writes it: `JoinSet` is tokio's tool for "wait for all these tasks", and its
//! `join_next` gives each result as soon as it is ready: the fastest subscriber's report comes first.
//! Rejected by: reports_come_in_subscription_order_even_when_the_first_finishes_last

use std::future::Future;

use tokio::sync::broadcast::{self, error::RecvError};
use tokio::task::JoinSet;

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
    subscribers: JoinSet<SubscriberReport>,
}

impl SignupBus {
    /// A bus whose channel buffers `capacity` events (at least 1).
    pub fn new(capacity: usize) -> Self {
        let (sender, _) = broadcast::channel(capacity.max(1));
        Self {
            sender,
            subscribers: JoinSet::new(),
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
        self.subscribers.spawn(async move {
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
    }

    /// Publishes `event`; returns how many subscribers will receive it.
    pub fn publish(&self, event: UserRegistered) -> usize {
        self.sender.send(event).unwrap_or(0)
    }

    /// Closes the channel, waits for every subscriber to drain it, and returns their reports.
    pub async fn shutdown(mut self) -> Vec<SubscriberReport> {
        drop(self.sender);
        let mut reports = Vec::with_capacity(self.subscribers.len());
        // The mistake: `join_next` yields the reports in the order the tasks finish.
        while let Some(result) = self.subscribers.join_next().await {
            match result {
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
