//! # Observer 5: async subscribers and a clean shutdown
//!
//! A listener that talks to an SMTP server should not make registration wait. Here each
//! subscriber is a tokio task that receives events from a `tokio::sync::broadcast` channel:
//! `publish` returns at once, and every subscriber sees every event, in order, at its own pace.
//! A handler is async (it returns a future), so it can await I/O without blocking anyone.
//!
//! Two things to get right:
//! - **A slow subscriber.** The channel keeps the last `capacity` events (tokio rounds the
//!   capacity up to a power of two: ask for 3 and it keeps 4). A receiver that fell
//!   further behind gets `Err(RecvError::Lagged(n))` from `recv()`: it lost its `n` oldest
//!   unread events and continues with the oldest one still held. Count them in `missed`, don't stop.
//! - **Shutdown.** Dropping every `Sender` closes the channel. A receiver still gets every event
//!   that was buffered, and only then `Err(RecvError::Closed)`: that is the moment a subscriber
//!   task should finish. `shutdown` takes `self` by value, so nobody can publish afterwards.
//!
//! TODO: implement `subscribe`, `publish` and `shutdown`:
//! - `subscribe` spawns a task (`tokio::spawn`) that loops on `recv()`, calls `handler` for each
//!   event and awaits the future it returns, counts `received` and `missed`, stops on `Closed`,
//!   and returns its report; keep its `JoinHandle` in `subscribers`. The task outlives this call,
//!   so it cannot borrow `name`: give it an owned `String`;
//! - `publish` sends the event and returns how many subscribers will receive it; with none it
//!   returns 0 (`send` returns an error then, which is not a failure here);
//! - `shutdown` drops the sender, awaits every task, and returns the reports in the order the
//!   subscribers subscribed.
//!
//! Check your work with `cargo learn check observer5`; stuck? `cargo learn hint observer5`.

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
