//! Checks for exercise `observer5`: `exercises/observer/src/ex5_async_shutdown.rs`.

#[cfg_attr(
    feature = "exercises",
    path = "../../exercises/observer/src/ex5_async_shutdown.rs"
)]
#[cfg_attr(
    not(feature = "exercises"),
    path = "../../solutions/observer/src/ex5_async_shutdown.rs"
)]
#[allow(unused)]
mod exercise;

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
            "publish should return the number of subscribers (2)"
        );
    }
    let reports = bus.shutdown().await;
    assert_eq!(
        reports,
        [report("email", 20, 0), report("analytics", 20, 0)],
        "after shutdown each subscriber should have received all 20 events, reports in \
         subscription order"
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
            "{name} should see every event, in publish order"
        );
    }
}

#[tokio::test]
async fn publishing_with_no_subscribers_returns_zero() {
    let bus = SignupBus::new(4);
    assert_eq!(
        bus.publish(user(1)),
        0,
        "with no subscribers publish should return 0, not panic"
    );
    assert!(
        bus.shutdown().await.is_empty(),
        "no subscribers, no reports"
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
    let reports = bus.shutdown().await;
    assert_eq!(
        reports,
        [report("slow analytics", 4, 6)],
        "the channel keeps the last 4 of 10 events: the subscriber should receive 4 and count \
         6 missed (RecvError::Lagged(6)), then carry on"
    );
    assert_eq!(
        log.lines(),
        (7..=10)
            .map(|n| format!("user{n}@example.com"))
            .collect::<Vec<_>>(),
        "a lagging subscriber continues with the oldest event still in the channel"
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
        let email = tokio::time::timeout(Duration::from_secs(10), handled_rx.recv())
            .await
            .unwrap_or_else(|_| {
                panic!(
                    "an event published before shutdown was never handled: the subscriber task \
                     must receive events as they are published, not only during shutdown"
                )
            });
        assert_eq!(email, Some(format!("user{n}@example.com")));
    }
    assert_eq!(bus.shutdown().await, [report("email", 3, 0)]);
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
    let reports = bus.shutdown().await;
    assert_eq!(
        log.lines().len(),
        50,
        "shutdown returned before the subscriber had handled every event: await each \
         handler's future, and await every task in shutdown"
    );
    assert_eq!(reports, [report("email", 50, 0)]);
}
