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
        bus.subscribe(name, move |u| seen.push(format!("{name} {}", u.email)));
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
    bus.subscribe("slow analytics", move |u| seen.push(u.email));
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn subscribers_run_on_their_own_tasks_and_shutdown_waits_for_them() {
    let mut bus = SignupBus::new(256);
    let log = Log::new();
    let seen = log.clone();
    bus.subscribe("email", move |u| {
        std::thread::sleep(std::time::Duration::from_millis(1));
        seen.push(u.email);
    });
    for n in 0..50 {
        bus.publish(user(n));
    }
    let reports = bus.shutdown().await;
    assert_eq!(reports, [report("email", 50, 0)]);
    assert_eq!(
        log.lines().len(),
        50,
        "shutdown returned before the subscriber had handled every event"
    );
}
