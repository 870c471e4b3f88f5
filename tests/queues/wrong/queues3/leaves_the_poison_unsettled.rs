//! Known-wrong answer to `queues3`: the poison message is left unsettled, to be redelivered.
//! Breaks: "and not left unsettled, which would bring it back"
//! Why a learner writes it: "let the broker redeliver it" is the right answer to a transient
//! failure (queues1), so it looks right here too; but a poison message comes back for ever, and
//! until then it holds the consumer's prefetch slot: nothing behind it is delivered.
//! Rejected by: a_poison_message_goes_to_the_dead_letters, the_next_message_is_handled_after_the_poison

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
                drop(delivery);
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
