//! Checks for exercise `singleton3`: `exercises/singleton/src/ex3_retry_cell.rs`.

#[cfg_attr(
    feature = "exercises",
    path = "../../exercises/singleton/src/ex3_retry_cell.rs"
)]
#[cfg_attr(
    not(feature = "exercises"),
    path = "../../solutions/singleton/src/ex3_retry_cell.rs"
)]
#[allow(unused)]
mod exercise;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use exercise::RetryCell;

#[test]
fn a_failed_initialisation_stores_nothing_and_the_next_call_retries() {
    let cell: RetryCell<String> = RetryCell::new();
    let first: Result<_, String> = cell.get_or_try_init(|| Err("database is restarting".into()));
    assert_eq!(
        first.err().as_deref(),
        Some("database is restarting"),
        "the error should come back"
    );
    assert!(
        cell.get().is_none(),
        "a failed initialisation should leave the cell empty"
    );

    let second = cell.get_or_try_init(|| Ok::<_, String>("pool #2".to_owned()));
    assert_eq!(
        second.as_deref().map(String::as_str),
        Ok("pool #2"),
        "the retry should succeed"
    );
    assert_eq!(cell.get().as_deref().map(String::as_str), Some("pool #2"));
}

#[test]
fn once_built_the_value_is_shared_and_init_never_runs_again() {
    let cell: RetryCell<Vec<u8>> = RetryCell::new();
    let built = cell.get_or_try_init(|| Ok::<_, ()>(vec![1, 2, 3])).unwrap();
    let again = cell
        .get_or_try_init(|| -> Result<Vec<u8>, ()> {
            panic!("init ran although the cell was full")
        })
        .unwrap();
    assert!(
        Arc::ptr_eq(&built, &again),
        "the second call should return the same Arc"
    );
    assert!(
        Arc::ptr_eq(&built, &cell.get().unwrap()),
        "get should return the same Arc"
    );
}

#[test]
fn racing_threads_build_the_value_once() {
    let cell: Arc<RetryCell<usize>> = Arc::new(RetryCell::new());
    let inits = Arc::new(AtomicUsize::new(0));
    let barrier = Arc::new(std::sync::Barrier::new(16));
    let threads: Vec<_> = (0..16)
        .map(|n| {
            let (cell, inits, barrier) = (cell.clone(), inits.clone(), barrier.clone());
            std::thread::spawn(move || {
                barrier.wait();
                cell.get_or_try_init(|| {
                    inits.fetch_add(1, Ordering::SeqCst);
                    // A slow connect: the other threads must wait, not build their own.
                    std::thread::sleep(Duration::from_millis(20));
                    Ok::<_, ()>(n)
                })
                .unwrap()
            })
        })
        .collect();
    let values: Vec<Arc<usize>> = threads.into_iter().map(|t| t.join().unwrap()).collect();
    assert_eq!(
        inits.load(Ordering::SeqCst),
        1,
        "init ran more than once: hold the lock while initialising so the others wait"
    );
    assert!(
        values.iter().all(|v| Arc::ptr_eq(v, &values[0])),
        "threads got different values"
    );
}
