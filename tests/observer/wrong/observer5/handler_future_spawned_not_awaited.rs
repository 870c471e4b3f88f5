//! Known-wrong answer to `observer5`: each handler's future is spawned as a task of its own.
//! Breaks: "calls `handler` for each event and awaits the future it returns"
//! Why a learner writes it: in Node, calling an async function without `await` starts it and moves
//! on; `tokio::spawn` does the same here, so handlers overlap, finish in any order, and may still be
//! running when shutdown returns.
//! Rejected by: each_handler_finishes_before_the_next_event_is_handled, shutdown_waits_for_handlers_that_are_still_awaiting

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
                        // The mistake: fire and forget; nobody waits for this future.
                        tokio::spawn(handler(event));
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
