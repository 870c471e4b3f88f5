//! Checks for exercise `singleton4`: `exercises/singleton/src/ex4_async_pool.rs`.

#[cfg_attr(
    feature = "exercises",
    path = "../../exercises/singleton/src/ex4_async_pool.rs"
)]
#[cfg_attr(
    not(feature = "exercises"),
    path = "../../solutions/singleton/src/ex4_async_pool.rs"
)]
#[allow(unused)]
mod exercise;

use std::collections::HashSet;

use exercise::PoolCell;

const MEMORY: &str = "sqlite::memory:";
const BROKEN: &str = "sqlite:/nonexistent-directory/users.db";

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_hundred_tasks_share_one_pool_connected_once() {
    let cell: &'static PoolCell = Box::leak(Box::new(PoolCell::new()));
    let tasks: Vec<_> = (0..100)
        .map(|_| {
            tokio::spawn(async move { cell.get(MEMORY).await.map(|p| p as *const _ as usize) })
        })
        .collect();
    let mut pools = HashSet::new();
    for task in tasks {
        pools.insert(
            task.await
                .expect("a task panicked")
                .expect("connecting failed"),
        );
    }
    assert_eq!(
        cell.connects(),
        1,
        "100 tasks asked at once: exactly one should connect"
    );
    assert_eq!(pools.len(), 1, "every task should get the same pool");
}

#[tokio::test]
async fn a_failed_connection_is_not_stored_and_the_next_call_connects() {
    let cell = PoolCell::new();
    assert!(
        cell.get(BROKEN).await.is_err(),
        "a database in a missing directory cannot be opened: get should return the error"
    );
    assert_eq!(
        cell.connects(),
        1,
        "the failed attempt counts as an attempt"
    );
    let pool = cell
        .get(MEMORY)
        .await
        .expect("after a failure, the next call should try again and connect");
    let two: i32 = sqlx::query_scalar("SELECT 1 + 1")
        .fetch_one(pool)
        .await
        .unwrap();
    assert_eq!(two, 2, "the pool should answer queries");
    assert_eq!(cell.connects(), 2);
}

#[tokio::test]
async fn once_connected_later_urls_are_ignored() {
    let cell = PoolCell::new();
    let first = cell.get(MEMORY).await.unwrap() as *const _;
    let second = cell
        .get(BROKEN)
        .await
        .expect("the pool exists: the url is not used again") as *const _;
    assert_eq!(first, second, "there is one pool");
    assert_eq!(
        cell.connects(),
        1,
        "get connected again although it had a pool"
    );
}
