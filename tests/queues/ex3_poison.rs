//! Checks for exercise `queues3`: `exercises/queues/src/ex3_poison.rs`.
//!
//! Each check runs the learner's `handle_next` on the in-process broker with scripted work: it
//! fails a set number of times for each message, then succeeds (or never does: a poison
//! message), and logs when each attempt started. Time is paused, so the backoff is measured
//! exactly and costs nothing; a step that has not returned after 60 s (of paused time) fails.
#![allow(clippy::unwrap_used)]

// Graded: the solution (`cargo test`), the learner's file (feature `exercises`, `cargo learn`)
// or a known-wrong answer copied to wip/ (feature `wrong`, `cargo learn dev verify-wrong`).
#[cfg_attr(
    feature = "exercises",
    path = "../../exercises/queues/src/ex3_poison.rs"
)]
#[cfg_attr(feature = "wrong", path = "wip/ex3_poison.rs")]
#[cfg_attr(
    not(any(feature = "exercises", feature = "wrong")),
    path = "../../solutions/queues/src/ex3_poison.rs"
)]
#[allow(unused)]
mod exercise;

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use exercise::{Outcome, Work, WorkError, handle_next};
use queues::memory::{InProcess, MemoryConsumer};
use queues::{Broker, Consumer, Delivery, Message, QueueError, dead_letters};
use tokio::time::{Instant, timeout};

const QUEUE: &str = "user-registered";

/// More attempts than this at one message, and the retries are not bounded: the check stops.
const TOO_MANY: usize = 20;

/// Work that fails the first `failures` attempts at each message (by body), then succeeds, and
/// logs each attempt: which message, and how many ms after `start` it began.
struct Scripted {
    failures: HashMap<&'static str, usize>,
    start: Instant,
    attempts: Mutex<Vec<(String, u64)>>,
}

impl Scripted {
    fn new(failures: &[(&'static str, usize)]) -> Self {
        Self {
            failures: failures.iter().copied().collect(),
            start: Instant::now(),
            attempts: Mutex::new(Vec::new()),
        }
    }

    fn attempts(&self) -> std::sync::MutexGuard<'_, Vec<(String, u64)>> {
        self.attempts.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// When each attempt at `body` began, in ms after the start.
    fn times(&self, body: &str) -> Vec<u64> {
        self.attempts()
            .iter()
            .filter(|(b, _)| b == body)
            .map(|(_, t)| *t)
            .collect()
    }

    fn now_ms(&self) -> u64 {
        u64::try_from(self.start.elapsed().as_millis()).unwrap()
    }
}

impl Work for Scripted {
    async fn handle(&self, message: &Message) -> Result<(), WorkError> {
        let body = String::from_utf8_lossy(&message.body).into_owned();
        let now = self.now_ms();
        let nth = {
            let mut attempts = self.attempts();
            attempts.push((body.clone(), now));
            attempts.iter().filter(|(b, _)| *b == body).count()
        };
        assert!(
            nth <= TOO_MANY,
            "the work was called {nth} times for the message {body:?}: the retries must stop \
             after MAX_ATTEMPTS (4)"
        );
        if nth <= self.failures.get(body.as_str()).copied().unwrap_or(0) {
            return Err(WorkError(format!("attempt {nth} at {body} failed")));
        }
        Ok(())
    }
}

async fn broker_with(bodies: &[&str]) -> InProcess {
    let broker = InProcess::new();
    broker.declare(QUEUE).await.unwrap();
    for body in bodies {
        broker.publish(QUEUE, Message::new(*body)).await.unwrap();
    }
    broker
}

async fn consumer(broker: &InProcess) -> MemoryConsumer {
    broker.consume(QUEUE, 1).await.unwrap()
}

/// One step, which must return within 60 s of (paused) time.
async fn step(consumer: &mut MemoryConsumer, work: &Scripted, what: &str) -> Outcome {
    timeout(Duration::from_secs(60), handle_next(consumer, work))
        .await
        .unwrap_or_else(|_| {
            panic!(
                "handle_next on {what} did not return within 60 s: the retries must be bounded \
                 (4 attempts, 700 ms of backoff in all), and a message left unsettled holds the \
                 consumer's only prefetch slot"
            )
        })
        .unwrap_or_else(|e: QueueError| panic!("handle_next on {what} failed: {e}"))
}

/// After the consumer died: the body of what a new consumer gets from `queue`, if anything.
async fn what_is_in(broker: &InProcess, queue: &str) -> Option<(String, Option<String>)> {
    let mut next = broker.consume(queue, 1).await.unwrap();
    let delivery = timeout(Duration::from_secs(10), next.next()).await.ok()?;
    let delivery = delivery.unwrap();
    Some((
        String::from_utf8_lossy(&delivery.message().body).into_owned(),
        delivery.death(),
    ))
}

#[tokio::test(start_paused = true)]
async fn a_message_that_works_is_acked_at_once() {
    let broker = broker_with(&["ada"]).await;
    let work = Scripted::new(&[]);
    let mut worker = consumer(&broker).await;
    assert_eq!(
        step(&mut worker, &work, "a message that works").await,
        Outcome::Acked { attempts: 1 },
        "a message whose first attempt succeeds should be Outcome::Acked {{ attempts: 1 }}"
    );
    assert_eq!(
        work.times("ada"),
        [0],
        "a message that works should be tried once, at once (no wait before the first attempt)"
    );
    drop(worker);
    assert_eq!(
        what_is_in(&broker, QUEUE).await,
        None,
        "a message that worked must be acked: it came back after the consumer was gone"
    );
    assert_eq!(
        broker.ready(&dead_letters(QUEUE)),
        0,
        "a message that worked must not be dead-lettered"
    );
}

#[tokio::test(start_paused = true)]
async fn a_failure_that_passes_is_retried_then_acked() {
    let broker = broker_with(&["ada"]).await;
    let work = Scripted::new(&[("ada", 2)]);
    let mut worker = consumer(&broker).await;
    assert_eq!(
        step(&mut worker, &work, "a message that fails twice").await,
        Outcome::Acked { attempts: 3 },
        "a message that fails twice then succeeds should be Outcome::Acked {{ attempts: 3 }}"
    );
    assert_eq!(
        work.times("ada"),
        [0, 100, 300],
        "the attempts (in ms after the delivery) should wait 100 ms, then 200 ms, before \
         trying again"
    );
    drop(worker);
    assert_eq!(
        broker.ready(&dead_letters(QUEUE)),
        0,
        "a message that succeeded on its third attempt must not be dead-lettered"
    );
    assert_eq!(
        what_is_in(&broker, QUEUE).await,
        None,
        "a message that succeeded on a retry must be acked: it came back after the consumer \
         was gone"
    );
}

#[tokio::test(start_paused = true)]
async fn a_poison_message_is_tried_four_times_with_backoff() {
    let broker = broker_with(&["poison"]).await;
    let work = Scripted::new(&[("poison", usize::MAX)]);
    let mut worker = consumer(&broker).await;
    let outcome = step(&mut worker, &work, "a poison message").await;
    let returned_at = work.now_ms();
    assert_eq!(
        work.times("poison"),
        [0, 100, 300, 700],
        "a message that always fails should be tried MAX_ATTEMPTS (4) times, starting 0, 100, \
         300 and 700 ms after the delivery (waits of 100, 200, 400 ms)"
    );
    assert_eq!(
        outcome,
        Outcome::DeadLettered {
            attempts: 4,
            last_error: WorkError("attempt 4 at poison failed".to_owned())
        },
        "a message that always fails should be Outcome::DeadLettered with attempts: 4 and the \
         last attempt's error"
    );
    assert_eq!(
        returned_at, 700,
        "handle_next should give up right after the 4th attempt (700 ms): no wait after the \
         last one"
    );
}

#[tokio::test(start_paused = true)]
async fn a_poison_message_goes_to_the_dead_letters() {
    let broker = broker_with(&["poison"]).await;
    let work = Scripted::new(&[("poison", usize::MAX)]);
    let mut worker = consumer(&broker).await;
    step(&mut worker, &work, "a poison message").await;
    drop(worker);
    assert_eq!(
        what_is_in(&broker, &dead_letters(QUEUE)).await,
        Some(("poison".to_owned(), Some(format!("rejected from {QUEUE}")))),
        "a message that failed every attempt should be rejected into {QUEUE}.dead, with the \
         broker's reason: an ack would lose it without a trace"
    );
    assert_eq!(
        what_is_in(&broker, QUEUE).await,
        None,
        "a dead-lettered message must not come back to {QUEUE}: reject it, do not leave it \
         unsettled"
    );
}

#[tokio::test(start_paused = true)]
async fn the_next_message_is_handled_after_the_poison() {
    let broker = broker_with(&["poison", "grace"]).await;
    let work = Scripted::new(&[("poison", usize::MAX)]);
    let mut worker = consumer(&broker).await;
    step(&mut worker, &work, "a poison message").await;
    assert_eq!(
        step(
            &mut worker,
            &work,
            "the message after a poison message (prefetch 1)"
        )
        .await,
        Outcome::Acked { attempts: 1 },
        "after giving up on the poison message, the same consumer should take the next message \
         and ack it"
    );
    assert_eq!(
        work.times("grace"),
        [700],
        "the message after the poison one should be tried once, right after the poison message \
         was given up (700 ms)"
    );
}
