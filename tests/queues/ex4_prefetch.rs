//! Checks for exercise `queues4`: `exercises/queues/src/ex4_prefetch.rs`.
//!
//! Every check runs on tokio's paused clock: the workers' sleeps take no real time, and the
//! clock moves only when every task waits, so the times measured are the same on every run.

// The helpers unwrap what the broker answers: a panic with the error is the report we want.
#![allow(clippy::unwrap_used)]

// Graded: the solution (`cargo test`), the learner's file (feature `exercises`, `cargo learn`)
// or a known-wrong answer copied to wip/ (feature `wrong`, `cargo learn dev verify-wrong`).
#[cfg_attr(
    feature = "exercises",
    path = "../../exercises/queues/src/ex4_prefetch.rs"
)]
#[cfg_attr(feature = "wrong", path = "wip/ex4_prefetch.rs")]
#[cfg_attr(
    not(any(feature = "exercises", feature = "wrong")),
    path = "../../solutions/queues/src/ex4_prefetch.rs"
)]
#[allow(unused)]
mod exercise;

use std::collections::BTreeMap;
use std::time::Duration;

use exercise::{Done, Worker, spawn_workers};
use queues::memory::InProcess;
use queues::{Broker, Message};
use tokio::time::Instant;

const QUEUE: &str = "thumbnails";

/// A broker with `QUEUE` declared and `count` jobs in it, `job 1` to `job {count}`.
async fn queue_with_jobs(count: usize) -> (InProcess, Vec<String>) {
    let broker = InProcess::new();
    broker.declare(QUEUE).await.unwrap();
    let jobs: Vec<String> = (1..=count).map(|n| format!("job {n}")).collect();
    for job in &jobs {
        broker
            .publish(QUEUE, Message::new(job.as_bytes()))
            .await
            .unwrap();
    }
    (broker, jobs)
}

fn ms(millis: u64) -> Duration {
    Duration::from_millis(millis)
}

/// Waits (on the paused clock) until `done` holds `count` entries; fails after a virtual minute
/// with what was done, rather than hanging.
async fn until_done(done: &Done, count: usize, setup: &str) {
    let waited = tokio::time::timeout(Duration::from_secs(60), async {
        while done.all().len() < count {
            tokio::time::sleep(ms(5)).await;
        }
    })
    .await;
    if waited.is_err() {
        let all = done.all();
        panic!(
            "{setup}: after a minute only {} of the {count} jobs were done: {all:?}. \
             Is every message acked after its work, and does every worker keep taking messages?",
            all.len()
        );
    }
}

/// How often each job was done.
fn times_done(done: &Done) -> BTreeMap<String, usize> {
    let mut times = BTreeMap::new();
    for (_, job) in done.all() {
        *times.entry(job).or_insert(0) += 1;
    }
    times
}

fn assert_each_once(done: &Done, jobs: &[String], setup: &str) {
    let times = times_done(done);
    for job in jobs {
        assert_eq!(
            times.get(job).copied().unwrap_or(0),
            1,
            "{setup}: {job:?} must be done exactly once; what was done: {:?}",
            done.all()
        );
    }
    assert_eq!(
        times.len(),
        jobs.len(),
        "{setup}: only the published jobs may be done; what was done: {:?}",
        done.all()
    );
}

#[tokio::test(start_paused = true)]
async fn every_message_is_done_once() {
    let (broker, jobs) = queue_with_jobs(20).await;
    let done = Done::new();
    let workers = vec![
        Worker::new("ada", ms(100)),
        Worker::new("bob", ms(150)),
        Worker::new("cy", ms(70)),
    ];
    let setup = "20 jobs, workers ada (100 ms a job), bob (150 ms) and cy (70 ms)";
    let handles = spawn_workers(&broker, QUEUE, workers, &done);
    assert_eq!(
        handles.len(),
        3,
        "{setup}: spawn_workers must return one handle per worker"
    );
    until_done(&done, jobs.len(), setup).await;
    tokio::time::sleep(Duration::from_secs(5)).await;
    assert_each_once(&done, &jobs, setup);
    let by_worker: Vec<String> = done.all().into_iter().map(|(w, _)| w).collect();
    for name in ["ada", "bob", "cy"] {
        assert!(
            by_worker.iter().any(|w| w == name),
            "{setup}: every worker should take part, but {name} did no job; what was done: {:?}",
            done.all()
        );
    }
    assert_eq!(
        broker.ready(QUEUE),
        0,
        "{setup}: once every job is done, none may wait in the queue"
    );
}

#[tokio::test(start_paused = true)]
async fn a_worker_holds_one_message_at_a_time() {
    let (broker, _) = queue_with_jobs(5).await;
    let done = Done::new();
    let setup = "5 jobs, one worker, slow (1 s a job)";
    let _handles = spawn_workers(&broker, QUEUE, vec![Worker::new("slow", ms(1000))], &done);
    tokio::time::sleep(ms(500)).await;
    assert_eq!(
        broker.ready(QUEUE),
        4,
        "{setup}: half-way through its first job, the worker should have taken one job and left 4 \
         in the queue for others, but {} are left: subscribe with a prefetch of exactly 1",
        broker.ready(QUEUE)
    );
    tokio::time::sleep(ms(1000)).await;
    assert_eq!(
        broker.ready(QUEUE),
        3,
        "{setup}: during its second job, the worker should have taken two jobs in all (one at a \
         time), leaving 3, but {} are left",
        broker.ready(QUEUE)
    );
}

#[tokio::test(start_paused = true)]
async fn a_slow_worker_does_not_hold_back_the_rest() {
    let (broker, jobs) = queue_with_jobs(20).await;
    let done = Done::new();
    let setup = "20 jobs, workers slow (1 s a job), fast1 and fast2 (100 ms a job)";
    let workers = vec![
        Worker::new("slow", ms(1000)),
        Worker::new("fast1", ms(100)),
        Worker::new("fast2", ms(100)),
    ];
    let start = Instant::now();
    let _handles = spawn_workers(&broker, QUEUE, workers, &done);
    until_done(&done, jobs.len(), setup).await;
    let took = start.elapsed();
    assert!(
        took <= ms(1500),
        "{setup}: all 20 should be done in about 1 s (the fast workers take the jobs the slow one \
         cannot), but it took {took:?}: does a worker hold more than one message at a time \
         (prefetch 1), and does each worker have its own subscription?"
    );
    assert_each_once(&done, &jobs, setup);
}

#[tokio::test(start_paused = true)]
async fn the_slow_worker_does_few_jobs() {
    let (broker, jobs) = queue_with_jobs(30).await;
    let done = Done::new();
    let setup = "30 jobs, workers fast1 (100 ms a job), slow (1 s a job) and fast2 (100 ms)";
    let workers = vec![
        Worker::new("fast1", ms(100)),
        Worker::new("slow", ms(1000)),
        Worker::new("fast2", ms(100)),
    ];
    let _handles = spawn_workers(&broker, QUEUE, workers, &done);
    until_done(&done, jobs.len(), setup).await;
    let slow: Vec<String> = done
        .all()
        .into_iter()
        .filter(|(w, _)| w == "slow")
        .map(|(_, job)| job)
        .collect();
    assert!(
        slow.len() <= 2,
        "{setup}: while the slow worker does one job the fast ones do twenty, so it should do \
         1 or 2 of the 30, but it did {}: {slow:?}. A worker must take its next job only when it \
         has acked the last (prefetch 1)",
        slow.len()
    );
    assert_each_once(&done, &jobs, setup);
}

#[tokio::test(start_paused = true)]
async fn a_worker_that_dies_mid_message_loses_nothing() {
    let (broker, jobs) = queue_with_jobs(5).await;
    let done = Done::new();
    let setup = "5 jobs, workers doomed (10 s a job) and steady (100 ms a job); doomed's task is \
                 aborted 50 ms into its first job";
    let workers = vec![
        Worker::new("doomed", Duration::from_secs(10)),
        Worker::new("steady", ms(100)),
    ];
    let handles = spawn_workers(&broker, QUEUE, workers, &done);
    assert_eq!(
        handles.len(),
        2,
        "{setup}: spawn_workers must return one handle per worker, in the order of the workers"
    );
    tokio::time::sleep(ms(50)).await;
    handles[0].abort();
    until_done(&done, jobs.len(), setup).await;
    // Long past the doomed worker's 10 s: work it started must not finish after its death.
    tokio::time::sleep(Duration::from_secs(30)).await;
    assert_each_once(&done, &jobs, setup);
    assert!(
        done.all().iter().all(|(w, _)| w == "steady"),
        "{setup}: the doomed worker died before finishing anything, so steady should have done \
         all 5, but what was done is {:?}",
        done.all()
    );
}
