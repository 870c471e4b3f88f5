//! # Queues 1: ack after the work, not before
//!
//! The email service consumes `userRegistered` and sends the welcome mail. The broker keeps a
//! delivered message until the consumer *acks* it: a consumer that dies before acking has its
//! messages handed back, `redelivered`, to the next consumer. That promise holds only if the ack
//! comes **after** the work. Ack first and crash while sending, and the broker has already
//! forgotten a mail nobody sent: lost, with no error anywhere. Ack a failed send, and the same.
//! A failure that may pass (the mail server is down for a minute) is not a reason to throw the
//! message away either: leave it to come back. Only a message that can never work (a body that is
//! not a `userRegistered` at all) is rejected, to the dead-letter queue, where a person can look.
//!
//! TODO: write `handle_next(consumer, mailer)`, one step of the email service:
//! 1. Take the next delivery: `consumer.next().await`; a `QueueError` is returned as
//!    `HandleError::Queue` (the `From` is written: `?` does it).
//! 2. Read its body as a JSON `UserRegistered` (`serde_json::from_slice`). A body that is not one
//!    is never going to work: `reject()` the delivery (it goes to `<queue>.dead`), do not send
//!    anything, and return `HandleError::BadBody(the serde error's text)`.
//! 3. Send the welcome mail: `mailer.send(&event.email).await`. If it fails, do NOT settle the
//!    delivery (neither `ack` nor `reject`: drop it) and return `HandleError::Mail(that error)`:
//!    the message stays the broker's and is delivered again, `redelivered`, once this consumer
//!    is gone. A crash while sending (this future dropped half-way) must leave it the same way.
//! 4. Only after the mail was sent, `ack()` the delivery (an ack that fails is
//!    `HandleError::Queue`), and return `Sent { message_id, to }`: the message's id and the
//!    address the mail went to.
//!
//! Check your work with `cargo learn check queues1`; stuck? `cargo learn hint queues1`.

use std::future::Future;

use queues::{Consumer, Delivery, QueueError, UserRegistered};

// ---- Given: the mail server, and what a step can come to. ----

/// The mail server said no (down, timed out, refused): it may work on another try.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the mail server failed: {0}")]
pub struct MailError(pub String);

/// Sends mails. The checks give one that works, one that fails, and one that never answers (the
/// process crashes while sending).
pub trait Mailer: Sync {
    /// Sends the welcome mail to `to`.
    fn send(&self, to: &str) -> impl Future<Output = Result<(), MailError>> + Send;
}

/// A welcome mail sent, and its message acked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sent {
    pub message_id: String,
    pub to: String,
}

/// Why a step did not send and ack.
#[derive(Debug, thiserror::Error)]
pub enum HandleError {
    /// The body is not a `userRegistered`: the message was rejected to the dead-letter queue.
    #[error("the message body is not a userRegistered: {0}")]
    BadBody(String),
    /// The mail was not sent: the message was left unacked, to be delivered again.
    #[error(transparent)]
    Mail(#[from] MailError),
    #[error(transparent)]
    Queue(#[from] QueueError),
}

// ---- Yours. ----

/// Takes the next message from `consumer`, sends its welcome mail, and acks it after.
pub async fn handle_next<C: Consumer, M: Mailer>(
    consumer: &mut C,
    mailer: &M,
) -> Result<Sent, HandleError> {
    todo!()
}
