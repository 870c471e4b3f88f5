//! Checks for exercise `queues1`: `exercises/queues/src/ex1_ack_after.rs`.
//!
//! Each check runs the learner's `handle_next` on the in-process broker with a fake mailer that
//! sends, fails, or never answers (a crash while sending: the check drops the step half-way).
//! Then it drops the consumer, as a dying process would, and looks at what the broker kept.
//! Time is paused: waiting for a message that never comes costs nothing.
#![allow(clippy::unwrap_used)]

// Graded: the solution (`cargo test`), the learner's file (feature `exercises`, `cargo learn`)
// or a known-wrong answer copied to wip/ (feature `wrong`, `cargo learn dev verify-wrong`).
#[cfg_attr(
    feature = "exercises",
    path = "../../exercises/queues/src/ex1_ack_after.rs"
)]
#[cfg_attr(feature = "wrong", path = "wip/ex1_ack_after.rs")]
#[cfg_attr(
    not(any(feature = "exercises", feature = "wrong")),
    path = "../../solutions/queues/src/ex1_ack_after.rs"
)]
#[allow(unused)]
mod exercise;

use std::time::Duration;

use checks::Log;
use exercise::{HandleError, MailError, Mailer, Sent, handle_next};
use queues::memory::{InProcess, MemoryConsumer};
use queues::{Broker, Consumer, Delivery, Message, dead_letters};
use tokio::time::timeout;

const QUEUE: &str = "user-registered";

/// How the fake mail server behaves.
#[derive(Clone, Copy)]
enum Behaviour {
    Sends,
    Fails,
    /// Never answers: the step is dropped half-way, as a crash would.
    Hangs,
}

/// A mail server that logs every address it is asked to mail, then behaves as told.
struct FakeMailer {
    behaviour: Behaviour,
    log: Log,
}

impl FakeMailer {
    fn new(behaviour: Behaviour) -> Self {
        Self {
            behaviour,
            log: Log::new(),
        }
    }
}

impl Mailer for FakeMailer {
    async fn send(&self, to: &str) -> Result<(), MailError> {
        self.log.push(to);
        match self.behaviour {
            Behaviour::Sends => Ok(()),
            Behaviour::Fails => Err(MailError("503 try again later".to_owned())),
            Behaviour::Hangs => std::future::pending().await,
        }
    }
}

fn welcome(email: &str) -> Message {
    Message::new(format!(r#"{{"email":"{email}"}}"#))
}

/// A broker with the queue declared and `messages` published to it.
async fn broker_with(messages: &[Message]) -> InProcess {
    let broker = InProcess::new();
    broker.declare(QUEUE).await.unwrap();
    for message in messages {
        broker.publish(QUEUE, message.clone()).await.unwrap();
    }
    broker
}

async fn consumer(broker: &InProcess) -> MemoryConsumer {
    broker.consume(QUEUE, 1).await.unwrap()
}

/// One step, which must not wait for ever: a step still running after 10 s (of paused time)
/// is `None`, and has been dropped half-way.
async fn step(
    consumer: &mut MemoryConsumer,
    mailer: &FakeMailer,
) -> Option<Result<Sent, HandleError>> {
    timeout(Duration::from_secs(10), handle_next(consumer, mailer))
        .await
        .ok()
}

/// After the consumer died: what a new consumer gets, if anything, within 10 s.
async fn what_comes_back(broker: &InProcess) -> Option<(String, bool)> {
    let mut next = consumer(broker).await;
    let delivery = timeout(Duration::from_secs(10), next.next()).await.ok()?;
    let delivery = delivery.unwrap();
    Some((delivery.message().id.clone(), delivery.redelivered()))
}

#[tokio::test(start_paused = true)]
async fn a_sent_mail_is_acked_and_never_comes_back() {
    let (ada, grace) = (welcome("ada@example.com"), welcome("grace@example.com"));
    let broker = broker_with(&[ada.clone(), grace.clone()]).await;
    let mailer = FakeMailer::new(Behaviour::Sends);
    let mut email_service = consumer(&broker).await;
    let first = step(&mut email_service, &mailer).await.expect(
        "handle_next with one userRegistered ready and a working mailer should return, not wait",
    );
    assert_eq!(
        first.unwrap_or_else(|e| panic!("handle_next should send and ack, got Err({e:?})")),
        Sent {
            message_id: ada.id.clone(),
            to: "ada@example.com".to_owned()
        },
        "handle_next should return Sent with the message's id and the address from its body"
    );
    let second = step(&mut email_service, &mailer).await.expect(
        "a second handle_next (prefetch 1) waited for ever: the first delivery was never acked, \
         so the broker will not hand this consumer another",
    );
    assert!(
        second.is_ok(),
        "the second handle_next should send grace's mail too, got {second:?}"
    );
    assert_eq!(
        mailer.log.lines(),
        ["ada@example.com", "grace@example.com"],
        "each welcome mail should be sent once, to the address in the message's body"
    );
    drop(email_service);
    assert_eq!(
        what_comes_back(&broker).await,
        None,
        "a message whose mail was sent must be acked: after the consumer is gone it came back"
    );
    assert_eq!(
        broker.ready(&dead_letters(QUEUE)),
        0,
        "a message whose mail was sent must be acked, not rejected to {QUEUE}.dead"
    );
}

#[tokio::test(start_paused = true)]
async fn a_crash_while_sending_hands_the_message_back() {
    let ada = welcome("ada@example.com");
    let broker = broker_with(std::slice::from_ref(&ada)).await;
    let mailer = FakeMailer::new(Behaviour::Hangs);
    let mut email_service = consumer(&broker).await;
    let finished = step(&mut email_service, &mailer).await;
    assert!(
        finished.is_none(),
        "with a mail server that never answers, handle_next should still be waiting on send, \
         got {finished:?}"
    );
    assert_eq!(
        mailer.log.lines(),
        ["ada@example.com"],
        "handle_next should have started sending ada's mail"
    );
    drop(email_service); // the process dies while sending
    assert_eq!(
        what_comes_back(&broker).await,
        Some((ada.id, true)),
        "a crash while sending must not lose the message: it should come back to the next \
         consumer, redelivered. Was it acked before the mail was sent?"
    );
}

#[tokio::test(start_paused = true)]
async fn a_failed_mail_comes_back_redelivered() {
    let ada = welcome("ada@example.com");
    let broker = broker_with(std::slice::from_ref(&ada)).await;
    let mailer = FakeMailer::new(Behaviour::Fails);
    let mut email_service = consumer(&broker).await;
    let result = step(&mut email_service, &mailer)
        .await
        .expect("handle_next with a failing mailer should return its error, not wait");
    assert!(
        matches!(&result, Err(HandleError::Mail(MailError(text))) if text == "503 try again later"),
        "when send fails with MailError(\"503 try again later\"), handle_next should return \
         Err(HandleError::Mail(that error)), got {result:?}"
    );
    drop(email_service);
    assert_eq!(
        broker.ready(&dead_letters(QUEUE)),
        0,
        "a mail that failed may work on another try: the message must not be rejected to \
         {QUEUE}.dead"
    );
    assert_eq!(
        what_comes_back(&broker).await,
        Some((ada.id.clone(), true)),
        "a message whose mail failed must be left unsettled (neither acked nor rejected): it \
         should come back, redelivered, once the consumer is gone"
    );
    let mut next_process = consumer(&broker).await;
    let retried = step(&mut next_process, &FakeMailer::new(Behaviour::Sends)).await;
    assert!(
        matches!(&retried, Some(Ok(sent)) if sent.message_id == ada.id),
        "the redelivered message should be sent and acked by the next consumer, got {retried:?}"
    );
}

#[tokio::test(start_paused = true)]
async fn a_body_that_is_not_user_registered_is_dead_lettered() {
    let bad = Message::new("user ada registered");
    let broker = broker_with(std::slice::from_ref(&bad)).await;
    let mailer = FakeMailer::new(Behaviour::Sends);
    let mut email_service = consumer(&broker).await;
    let result = step(&mut email_service, &mailer)
        .await
        .expect("handle_next with a bad body ready should return, not wait");
    assert!(
        matches!(result, Err(HandleError::BadBody(_))),
        "a body \"user ada registered\" is not a JSON userRegistered: handle_next should return \
         Err(HandleError::BadBody(..)), got {result:?}"
    );
    assert_eq!(
        mailer.log.lines(),
        Vec::<String>::new(),
        "no mail should be sent for a body that is not a userRegistered"
    );
    drop(email_service);
    let mut dead = broker.consume(&dead_letters(QUEUE), 1).await.unwrap();
    let buried = timeout(Duration::from_secs(10), dead.next()).await;
    let buried = buried.map(|d| {
        let d = d.unwrap();
        (d.message().id.clone(), d.death())
    });
    assert_eq!(
        buried.ok(),
        Some((bad.id, Some(format!("rejected from {QUEUE}")))),
        "a body that can never work should be rejected: it belongs in {QUEUE}.dead, with the \
         broker's reason, not acked (lost) nor left to come back for ever"
    );
    assert_eq!(
        what_comes_back(&broker).await,
        None,
        "a rejected message must not come back to the queue"
    );
}
