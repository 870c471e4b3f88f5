//! Checks for exercise `observer5`: `exercises/observer/src/ex5_async_shutdown.rs`.

// Graded: the solution (`cargo test`), the learner's file (feature `exercises`, `cargo learn`)
// or a known-wrong answer copied to wip/ (feature `wrong`, `cargo learn dev verify-wrong`).
#[cfg_attr(
    feature = "exercises",
    path = "../../exercises/observer/src/ex5_async_shutdown.rs"
)]
#[cfg_attr(feature = "wrong", path = "wip/ex5_async_shutdown.rs")]
#[cfg_attr(
    not(any(feature = "exercises", feature = "wrong")),
    path = "../../solutions/observer/src/ex5_async_shutdown.rs"
)]
#[allow(unused)]
mod exercise;

use std::panic::{self, AssertUnwindSafe};
use std::time::Duration;

use checks::Log;
use exercise::{SignupBus, SubscriberReport, UserRegistered};

fn user(n: u32) -> UserRegistered {
    UserRegistered {
        email: format!("user{n}@example.com"),
    }
}

fn report(name: &str, received: u64, missed: u64) -> SubscriberReport {
    SubscriberReport {
        name: name.to_owned(),
        received,
        missed,
    }
}

/// How long a check waits for what takes milliseconds before it calls it a hang. Not a speed
/// test: it turns a subscriber that never finishes into a failure with words. (The checks run
/// one at a time under `cargo learn`, within its overall limit: keep this short.)
const PATIENCE: Duration = Duration::from_secs(2);

/// Shuts `bus` down, failing with an explanation if that never returns.
async fn shutdown(bus: SignupBus) -> Vec<SubscriberReport> {
    tokio::time::timeout(PATIENCE, bus.shutdown())
        .await
        .unwrap_or_else(|_| {
            panic!(
                "shutdown() did not return within {PATIENCE:?}: its subscriber tasks never \
                 finished. A subscriber stops when recv() returns Err(RecvError::Closed), and \
                 that happens only once every Sender is dropped: shutdown drops the sender \
                 first, then awaits every task"
            )
        })
}

/// Runs `call`, turning a panic into a failure that says which call it was.
fn without_panic<T>(call: &str, should: &str, run: impl FnOnce() -> T) -> T {
    match panic::catch_unwind(AssertUnwindSafe(run)) {
        Ok(value) => value,
        // `todo!()` in the exercise: let the runner say the exercise is not done yet.
        Err(payload) if is_todo(payload.as_ref()) => panic::resume_unwind(payload),
        Err(_) => panic!("{call} panicked: it should {should}"),
    }
}

fn is_todo(payload: &(dyn std::any::Any + Send)) -> bool {
    let message = payload
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| payload.downcast_ref::<String>().map(String::as_str));
    message.is_some_and(|m| m.starts_with("not yet implemented"))
}

// On tokio's single-threaded test runtime, spawned tasks run only when the test awaits. So
// everything published before `shutdown().await` is still buffered when shutdown starts: a
// shutdown that does not drain the channel loses it.
#[tokio::test]
async fn shutdown_delivers_everything_published_before_it() {
    let mut bus = SignupBus::new(64);
    let log = Log::new();
    for name in ["email", "analytics"] {
        let seen = log.clone();
        bus.subscribe(name, move |u| {
            seen.push(format!("{name} {}", u.email));
            async {}
        });
    }
    for n in 1..=20 {
        assert_eq!(
            bus.publish(user(n)),
            2,
            "`email` and `analytics` subscribed: publish(user{n}) should return how many \
             subscribers will receive it, 2"
        );
    }
    let reports = shutdown(bus).await;
    assert_eq!(
        reports,
        [report("email", 20, 0), report("analytics", 20, 0)],
        "`email` then `analytics` subscribed, 20 events published, then shutdown: each \
         subscriber should have received all 20 (shutdown drains what is buffered), and the \
         reports come in subscription order"
    );
    for name in ["email", "analytics"] {
        let mine: Vec<String> = log
            .lines()
            .into_iter()
            .filter(|l| l.starts_with(name))
            .collect();
        let expected: Vec<String> = (1..=20)
            .map(|n| format!("{name} user{n}@example.com"))
            .collect();
        assert_eq!(
            mine, expected,
            "20 events published before shutdown: `{name}` should see every one, in publish \
             order"
        );
    }
}

#[tokio::test]
async fn publishing_with_no_subscribers_returns_zero() {
    let bus = SignupBus::new(4);
    let receivers = without_panic(
        "publish(user1) with no subscriber",
        "return 0 (send's error then is not a failure here)",
        || bus.publish(user(1)),
    );
    assert_eq!(
        receivers, 0,
        "publish(user1) with no subscriber should return 0: nobody will receive it"
    );
    assert!(
        shutdown(bus).await.is_empty(),
        "shutdown of a bus with no subscriber should return no reports"
    );
}

#[tokio::test]
async fn a_subscriber_that_falls_behind_counts_what_it_missed() {
    let mut bus = SignupBus::new(4);
    let log = Log::new();
    let seen = log.clone();
    bus.subscribe("slow analytics", move |u| {
        seen.push(u.email);
        async {}
    });
    // The subscriber task has not run yet: 10 events into a channel that keeps 4.
    for n in 1..=10 {
        bus.publish(user(n));
    }
    let reports = shutdown(bus).await;
    assert_eq!(
        reports,
        [report("slow analytics", 4, 6)],
        "capacity 4, 10 events published before the subscriber ran: the channel keeps the last \
         4, so the subscriber should count the 6 it lost in `missed` (recv() returns \
         Err(RecvError::Lagged(6))), not stop, and receive the 4 left"
    );
    assert_eq!(
        log.lines(),
        (7..=10)
            .map(|n| format!("user{n}@example.com"))
            .collect::<Vec<_>>(),
        "capacity 4, 10 events published: after Lagged(6) the subscriber should continue with \
         the oldest event still held, user7, to user10"
    );
}

#[tokio::test]
async fn subscribers_handle_events_as_they_come_not_only_at_shutdown() {
    let mut bus = SignupBus::new(16);
    let (handled, mut handled_rx) = tokio::sync::mpsc::unbounded_channel();
    bus.subscribe("email", move |u| {
        let _ = handled.send(u.email);
        async {}
    });
    for n in 1..=3 {
        bus.publish(user(n));
        // Not a speed test: the limit only stops a subscriber that never runs from hanging here.
        let email = tokio::time::timeout(PATIENCE, handled_rx.recv())
            .await
            .unwrap_or_else(|_| {
                panic!(
                    "publish(user{n}) was never handled before shutdown: the subscriber task \
                     must receive every event as it is published (subscribe before spawning, or \
                     the events published before the task first runs are lost), not only \
                     during shutdown"
                )
            });
        assert_eq!(
            email,
            Some(format!("user{n}@example.com")),
            "publish(user{n}): the subscriber should handle the events in publish order"
        );
    }
    assert_eq!(
        shutdown(bus).await,
        [report("email", 3, 0)],
        "3 events published and handled, then shutdown: `email` should report 3 received"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shutdown_waits_for_handlers_that_are_still_awaiting() {
    let mut bus = SignupBus::new(256);
    let log = Log::new();
    let seen = log.clone();
    bus.subscribe("email", move |u| {
        let seen = seen.clone();
        // An async handler, like one talking to an SMTP server.
        async move {
            tokio::time::sleep(Duration::from_millis(1)).await;
            seen.push(u.email);
        }
    });
    for n in 0..50 {
        bus.publish(user(n));
    }
    let reports = shutdown(bus).await;
    assert_eq!(
        log.lines().len(),
        50,
        "shutdown returned before the subscriber had handled every event: await each \
         handler's future, and await every task in shutdown"
    );
    assert_eq!(
        reports,
        [report("email", 50, 0)],
        "50 events published, then shutdown: `email` should report 50 received"
    );
}

#[tokio::test]
async fn each_handler_finishes_before_the_next_event_is_handled() {
    let mut bus = SignupBus::new(16);
    let log = Log::new();
    let seen = log.clone();
    bus.subscribe("email", move |u| {
        let seen = seen.clone();
        async move {
            seen.push(format!("start {}", u.email));
            // Awaits in the middle, as an SMTP call has: other tasks may run here.
            for _ in 0..3 {
                tokio::task::yield_now().await;
            }
            seen.push(format!("end {}", u.email));
        }
    });
    for n in 1..=3 {
        bus.publish(user(n));
    }
    let reports = shutdown(bus).await;
    assert_eq!(
        log.lines(),
        [
            "start user1@example.com",
            "end user1@example.com",
            "start user2@example.com",
            "end user2@example.com",
            "start user3@example.com",
            "end user3@example.com",
        ],
        "3 events, a handler that awaits between `start` and `end`: the subscriber calls the \
         handler for each event and awaits the future it returns before taking the next event, \
         so each handler finishes before the next starts, and all before shutdown returns"
    );
    assert_eq!(
        reports,
        [report("email", 3, 0)],
        "3 events published: `email` should report 3 received"
    );
}

#[tokio::test]
async fn reports_come_in_subscription_order_even_when_the_first_finishes_last() {
    let mut bus = SignupBus::new(16);
    bus.subscribe("slow email", |_| async {
        for _ in 0..10 {
            tokio::task::yield_now().await;
        }
    });
    bus.subscribe("fast analytics", |_| async {});
    for n in 1..=5 {
        bus.publish(user(n));
    }
    assert_eq!(
        shutdown(bus).await,
        [report("slow email", 5, 0), report("fast analytics", 5, 0)],
        "`slow email` subscribed first and finishes last, `fast analytics` second: shutdown \
         returns the reports in the order the subscribers subscribed, not the order they \
         finished"
    );
}
