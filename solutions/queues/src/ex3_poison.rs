//! # Queues 3: a poison message: bounded retries with backoff, then the dead-letter queue
//!
//! Some failures pass: the database restarts, the mail server was busy for a second. Trying
//! again a moment later is then the whole fix, and waiting a little longer each time (an
//! *exponential backoff*) gives a struggling service room to recover instead of hammering it.
//! Other messages never work, however often they are tried: a *poison* message. Retried for ever,
//! one poison message blocks its consumer for good (and with it every message behind it), and
//! burns CPU doing so. So the retries are **bounded**: after the last attempt the message is
//! *rejected*, and the broker moves it to the dead-letter queue `<queue>.dead`, with the reason
//! (`Delivery::death` says `rejected from <queue>`), where a person can look at it. The consumer
//! goes on with the next message.
//!
//! TODO: write `handle_next(consumer, work)`, one step of a consumer:
//! 1. Take the next delivery (`consumer.next().await?`).
//! 2. Call `work.handle(delivery.message())` at most `MAX_ATTEMPTS` (4) times in all. Before
//!    each new attempt, wait with `tokio::time::sleep`: `FIRST_BACKOFF` (100 ms) before the
//!    second attempt, then twice as long each time: 100 ms, 200 ms, 400 ms. So the attempts start
//!    0, 100, 300 and 700 ms after the delivery. The first attempt does not wait, and there is no
//!    wait after the last one.
//! 3. As soon as an attempt succeeds, `ack()` the delivery and return
//!    `Outcome::Acked { attempts }` (how many attempts were made, the successful one included).
//! 4. If all `MAX_ATTEMPTS` fail, `reject()` the delivery (to `<queue>.dead`: not acked, which
//!    would lose it, and not left unsettled, which would bring it back) and return
//!    `Outcome::DeadLettered { attempts: MAX_ATTEMPTS, last_error }`, with the last attempt's
//!    error.
//! 5. A `QueueError` from `next`, `ack` or `reject` is returned as it is (`?`).
//!
//! Check your work with `cargo learn check queues3`; stuck? `cargo learn hint queues3`.

use std::future::Future;
use std::time::Duration;

use queues::{Consumer, Delivery, Message, QueueError};

// ---- Given: the work, the schedule, and what a step can come to. ----

/// How many times a message is tried in all, the first attempt included.
pub const MAX_ATTEMPTS: u32 = 4;

/// The wait before the second attempt; each later wait is twice the one before.
pub const FIRST_BACKOFF: Duration = Duration::from_millis(100);

/// One attempt at the work failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the work failed: {0}")]
pub struct WorkError(pub String);

/// What the consumer does with each message. The checks give work that succeeds, that fails a
/// few times and then succeeds, and that always fails (a poison message).
pub trait Work: Sync {
    fn handle(&self, message: &Message) -> impl Future<Output = Result<(), WorkError>> + Send;
}

/// How a message was settled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// An attempt succeeded, and the message was acked.
    Acked { attempts: u32 },
    /// Every attempt failed, and the message was rejected to the dead-letter queue.
    DeadLettered {
        attempts: u32,
        last_error: WorkError,
    },
}

// ---- Yours. ----

/// Takes the next message from `consumer` and works on it, retrying with backoff, then settles
/// it: acked when an attempt succeeds, dead-lettered when all fail.
pub async fn handle_next<C: Consumer, W: Work>(
    consumer: &mut C,
    work: &W,
) -> Result<Outcome, QueueError> {
    let delivery = consumer.next().await?;
    let mut backoff = FIRST_BACKOFF;
    let mut attempts = 0;
    loop {
        attempts += 1;
        match work.handle(delivery.message()).await {
            Ok(()) => {
                delivery.ack().await?;
                return Ok(Outcome::Acked { attempts });
            }
            Err(last_error) if attempts >= MAX_ATTEMPTS => {
                delivery.reject().await?;
                return Ok(Outcome::DeadLettered {
                    attempts,
                    last_error,
                });
            }
            Err(_) => {
                tokio::time::sleep(backoff).await;
                backoff *= 2;
            }
        }
    }
}
