//! Known-wrong answer to `observer5`: `publish` unwraps the result of `send`.
//! Breaks: "with none it returns 0 (`send` returns an error then, which is not a failure here)"
//! Why a learner writes it: `unwrap` (or `expect`) is the quick way to a `usize`, and with a
//! subscriber it never fails; with nobody listening, `send` returns an error and this panics.
//! Rejected by: publishing_with_no_subscribers_returns_zero

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
        // The mistake: with no subscriber `send` returns Err, and this panics instead of 0.
        self.sender.send(event).expect("the event is sent")
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
