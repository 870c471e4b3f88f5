//! Known-wrong answer to `queues1`: a mail that failed to send is rejected, like a bad body.
//! Breaks: "If it fails, do NOT settle the delivery (neither `ack` nor `reject`: drop it) and return `HandleError::Mail(that error)`"
//! Why a learner writes it: every failure is settled the same way, which looks tidy, and
//! "rejected" sounds like "try again later". But `reject` sends it to the dead-letter queue: a
//! mail server down for a minute buries every sign-up of that minute.
//! Rejected by: a_failed_mail_comes_back_redelivered

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
    let delivery = consumer.next().await?;
    let event: UserRegistered = match serde_json::from_slice(&delivery.message().body) {
        Ok(event) => event,
        Err(error) => {
            delivery.reject().await?;
            return Err(HandleError::BadBody(error.to_string()));
        }
    };
    if let Err(error) = mailer.send(&event.email).await {
        delivery.reject().await?;
        return Err(HandleError::Mail(error));
    }
    let message_id = delivery.message().id.clone();
    delivery.ack().await?;
    Ok(Sent {
        message_id,
        to: event.email,
    })
}
