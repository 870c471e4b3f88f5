//! The singleton's promises, checked: one pool however many ask at once, a failed start that
//! is not remembered, and the injected alternative's isolation.

use std::collections::HashSet;

use singleton::{Config, DatabaseCell, UserStore, connect, database, database_cell};

/// Asks `cell` for the database from `tasks` tasks at once; returns the distinct addresses.
async fn ask_concurrently(cell: &'static DatabaseCell, config: Config, tasks: usize) -> usize {
    let config: &'static Config = Box::leak(Box::new(config));
    let handles: Vec<_> = (0..tasks)
        .map(|_| {
            tokio::spawn(async move { cell.get(config).await.map(|db| db as *const _ as usize) })
        })
        .collect();
    let mut addresses = HashSet::new();
    for handle in handles {
        addresses.insert(handle.await.expect("the task ran").expect("connected"));
    }
    addresses.len()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_hundred_concurrent_tasks_get_one_pool_built_once() {
    let cell: &'static DatabaseCell = Box::leak(Box::new(DatabaseCell::new()));
    let distinct = ask_concurrently(cell, Config::in_memory("hundred-tasks"), 100).await;
    assert_eq!(distinct, 1, "every task should get the same Database");
    assert_eq!(
        cell.attempts(),
        1,
        "the initialiser should run exactly once"
    );
    assert_eq!(cell.pools_built(), 1, "exactly one pool should be built");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_process_wide_database_is_one_pool_and_it_answers() {
    let handles: Vec<_> = (0..100)
        .map(|_| tokio::spawn(async { database().await.map(|db| db as *const _ as usize) }))
        .collect();
    let mut addresses = HashSet::new();
    for handle in handles {
        addresses.insert(handle.await.expect("the task ran").expect("connected"));
    }
    assert_eq!(addresses.len(), 1);
    assert_eq!(database_cell().pools_built(), 1);
    let one: i32 = sqlx::query_scalar("SELECT 1")
        .fetch_one(database().await.unwrap().pool())
        .await
        .unwrap();
    assert_eq!(one, 1);
}

#[tokio::test]
async fn a_failed_first_initialisation_is_not_remembered() {
    let cell = DatabaseCell::new();
    let broken = Config {
        database_url: "sqlite:/nonexistent-directory/users.db".to_owned(),
        max_connections: 1,
    };
    let error = cell.get(&broken).await.unwrap_err();
    assert!(
        error
            .to_string()
            .contains("cannot connect to sqlite:/nonexistent-directory"),
        "{error}"
    );
    assert_eq!(cell.pools_built(), 0);

    cell.get(&Config::in_memory("after-failure"))
        .await
        .expect("the second attempt connects");
    cell.get(&broken)
        .await
        .expect("once connected, the config is not used again");
    assert_eq!((cell.attempts(), cell.pools_built()), (2, 1));
}

#[tokio::test]
async fn injected_pools_keep_tests_apart() {
    let a = UserStore::new(connect(&Config::in_memory("isolation-a")).await.unwrap());
    let b = UserStore::new(connect(&Config::in_memory("isolation-b")).await.unwrap());
    for store in [&a, &b] {
        store.create_table().await.unwrap();
    }
    a.add("ada@example.com").await.unwrap();
    a.add("grace@example.com").await.unwrap();
    assert_eq!((a.count().await.unwrap(), b.count().await.unwrap()), (2, 0));
    // A clone of the store shares its pool: the same database, not a copy.
    let a_again = a.clone();
    a_again.add("linus@example.com").await.unwrap();
    assert_eq!(a.count().await.unwrap(), 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn postgres_one_pool_for_a_hundred_tasks() {
    let Some(url) = checks::service_url("DATABASE_URL", "PostgreSQL") else {
        return;
    };
    let cell: &'static DatabaseCell = Box::leak(Box::new(DatabaseCell::new()));
    let config = Config {
        database_url: url,
        max_connections: 5,
    };
    assert_eq!(ask_concurrently(cell, config.clone(), 100).await, 1);
    assert_eq!((cell.attempts(), cell.pools_built()), (1, 1));
    let backend: String = sqlx::query_scalar("SELECT version()")
        .fetch_one(cell.get(&config).await.unwrap().pool())
        .await
        .unwrap();
    assert!(backend.starts_with("PostgreSQL"), "{backend}");
}
