//! Checks for exercise `singleton4`: `exercises/singleton/src/ex4_async_pool.rs`.

// Graded: the solution (`cargo test`), the learner's file (feature `exercises`, `cargo learn`)
// or a known-wrong answer copied to wip/ (feature `wrong`, `cargo learn dev verify-wrong`).
#[cfg_attr(
    feature = "exercises",
    path = "../../exercises/singleton/src/ex4_async_pool.rs"
)]
#[cfg_attr(feature = "wrong", path = "wip/ex4_async_pool.rs")]
#[cfg_attr(
    not(any(feature = "exercises", feature = "wrong")),
    path = "../../solutions/singleton/src/ex4_async_pool.rs"
)]
#[allow(unused)]
mod exercise;

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use exercise::PoolCell;
use tokio::sync::Barrier;

const MEMORY: &str = "sqlite::memory:";
const BROKEN: &str = "sqlite:/nonexistent-directory/users.db";
/// Connecting takes milliseconds; a check gives up on a step after this long, with a message.
const LIMIT: Duration = Duration::from_secs(10);

/// Each round is a fresh cell and a fresh race.
const ROUNDS: usize = 10;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_hundred_tasks_share_one_pool_connected_once() {
    for round in 1..=ROUNDS {
        a_hundred_tasks_race(round).await;
    }
}

async fn a_hundred_tasks_race(round: usize) {
    const TASKS: usize = 100;
    let cell = Arc::new(PoolCell::new());
    // All the tasks call get at the same moment, before any connection can have finished.
    let start = Arc::new(Barrier::new(TASKS));
    let tasks: Vec<_> = (0..TASKS)
        .map(|_| {
            let (cell, start) = (Arc::clone(&cell), Arc::clone(&start));
            tokio::spawn(async move {
                start.wait().await;
                cell.get(MEMORY)
                    .await
                    .map(|pool| std::ptr::from_ref(pool) as usize)
                    .map_err(|error| error.to_string())
            })
        })
        .collect();
    let mut pools = HashSet::new();
    for task in tasks {
        let pool = match tokio::time::timeout(LIMIT, task).await {
            Err(_) => panic!(
                "get({MEMORY:?}) had not returned after {} s",
                LIMIT.as_secs()
            ),
            Ok(Err(failed)) if failed.is_panic() => std::panic::resume_unwind(failed.into_panic()),
            Ok(Err(failed)) => panic!("a task calling get({MEMORY:?}) failed: {failed}"),
            Ok(Ok(Err(error))) => {
                panic!("get({MEMORY:?}) should connect to an in-memory database: {error}")
            }
            Ok(Ok(Ok(pool))) => pool,
        };
        pools.insert(pool);
    }
    assert_eq!(
        cell.connects(),
        1,
        "{TASKS} tasks called get({MEMORY:?}) at once on an empty cell, and {} connection \
         attempts were counted (race {round} of {ROUNDS}): exactly one task should connect; \
         the others wait for its pool",
        cell.connects()
    );
    assert_eq!(
        pools.len(),
        1,
        "{TASKS} tasks called get({MEMORY:?}) at once and got {} different pools (race {round} \
         of {ROUNDS}): all get the same pool",
        pools.len()
    );
}

#[tokio::test]
async fn a_failed_connection_is_not_stored_and_the_next_call_connects() {
    let cell = Arc::new(PoolCell::new());
    let trying = Arc::clone(&cell);
    let failed = tokio::time::timeout(
        LIMIT,
        tokio::spawn(async move { trying.get(BROKEN).await.err().map(|e| e.to_string()) }),
    )
    .await
    .unwrap_or_else(|_| {
        panic!(
            "get({BROKEN:?}) had not returned after {} s",
            LIMIT.as_secs()
        )
    });
    let error = match failed {
        Ok(error) => error,
        Err(panic) if panic.is_panic() => panic!(
            "get({BROKEN:?}) panicked: a database in a missing directory cannot be opened, and \
             a failed connection should be returned as Err, not panic"
        ),
        Err(other) => panic!("the task calling get({BROKEN:?}) failed: {other}"),
    };
    assert!(
        error.is_some(),
        "get({BROKEN:?}) returned Ok: a database in a missing directory cannot be opened, so \
         get should return the error"
    );
    assert_eq!(
        cell.connects(),
        1,
        "after one failed get({BROKEN:?}), connects() should be 1: count every connection \
         attempt, failed ones included"
    );
    let pool = cell.get(MEMORY).await.unwrap_or_else(|error| {
        panic!(
            "after a failed get({BROKEN:?}), get({MEMORY:?}) should try again and connect, but \
             it returned: {error} (a failed connection stores nothing)"
        )
    });
    let two: i32 = sqlx::query_scalar("SELECT 1 + 1")
        .fetch_one(pool)
        .await
        .expect("the pool should answer SELECT 1 + 1");
    assert_eq!(two, 2, "the pool should answer SELECT 1 + 1 with 2");
    assert_eq!(
        cell.connects(),
        2,
        "a failed get({BROKEN:?}), then a successful get({MEMORY:?}): connects() should be 2, \
         one per attempt"
    );
}

#[tokio::test]
async fn once_connected_later_urls_are_ignored() {
    let cell = PoolCell::new();
    let first = std::ptr::from_ref(
        cell.get(MEMORY)
            .await
            .expect("get(\"sqlite::memory:\") should connect"),
    );
    let second = std::ptr::from_ref(cell.get(BROKEN).await.unwrap_or_else(|error| {
        panic!(
            "after get({MEMORY:?}) connected, get({BROKEN:?}) should return the same pool (a \
             later call's url is ignored: there is one pool), but it tried the url: {error}"
        )
    }));
    assert_eq!(
        first, second,
        "get({MEMORY:?}) then get({BROKEN:?}) returned two different pools: there is one pool"
    );
    assert_eq!(
        cell.connects(),
        1,
        "get({MEMORY:?}) then get({BROKEN:?}): connects() should be 1, the second call has a \
         pool already and does not connect"
    );
}
