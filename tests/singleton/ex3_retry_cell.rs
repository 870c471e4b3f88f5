//! Checks for exercise `singleton3`: `exercises/singleton/src/ex3_retry_cell.rs`.

// Graded: the solution (`cargo test`), the learner's file (feature `exercises`, `cargo learn`)
// or a known-wrong answer copied to wip/ (feature `wrong`, `cargo learn dev verify-wrong`).
#[cfg_attr(
    feature = "exercises",
    path = "../../exercises/singleton/src/ex3_retry_cell.rs"
)]
#[cfg_attr(feature = "wrong", path = "wip/ex3_retry_cell.rs")]
#[cfg_attr(
    not(any(feature = "exercises", feature = "wrong")),
    path = "../../solutions/singleton/src/ex3_retry_cell.rs"
)]
#[allow(unused)]
mod exercise;

use std::any::Any;
use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Barrier, mpsc};
use std::time::Duration;

use exercise::RetryCell;

/// How long one step may take before the check gives up on it. The steps take milliseconds;
/// only a cell that waits for itself (a thread locking a `Mutex` it already holds) needs more.
const LIMIT: Duration = Duration::from_secs(2);

/// Runs `step` on a thread of its own and waits at most `LIMIT` for it: `Err` holds what it
/// panicked with. A step that never returns fails the check with words instead of hanging it.
fn bounded<T: Send + 'static>(
    what: &str,
    step: impl FnOnce() -> T + Send + 'static,
) -> Result<T, Box<dyn Any + Send>> {
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = sender.send(catch_unwind(AssertUnwindSafe(step)));
    });
    match receiver.recv_timeout(LIMIT) {
        Ok(result) => result,
        Err(_) => panic!(
            "{what} had not returned after {} s: does the cell wait for a lock that the same \
             thread already holds? (a Mutex cannot be locked twice by one thread; calling \
             `self.get()` while holding `self.slot`'s lock does that)",
            LIMIT.as_secs()
        ),
    }
}

/// `bounded`, passing a panic of `step` on to the check.
fn finishes<T: Send + 'static>(what: &str, step: impl FnOnce() -> T + Send + 'static) -> T {
    bounded(what, step).unwrap_or_else(|panic| resume_unwind(panic))
}

/// The `String` in a cell's value, to compare and to send between threads.
fn text<T: std::ops::Deref<Target = String>>(value: Option<T>) -> Option<String> {
    value.map(|v| v.to_string())
}

#[test]
fn a_failed_initialisation_stores_nothing_and_the_next_call_retries() {
    let cell: Arc<RetryCell<String>> = Arc::new(RetryCell::new());
    let first = finishes("get_or_try_init(|| Err(..)) on an empty cell", {
        let cell = Arc::clone(&cell);
        move || cell.get_or_try_init(|| Err::<String, _>("database is restarting".to_owned()))
    });
    assert_eq!(
        first.err().as_deref(),
        Some("database is restarting"),
        "get_or_try_init(|| Err(\"database is restarting\")) should return that error"
    );
    let after_failure = finishes("get() after a failed initialisation", {
        let cell = Arc::clone(&cell);
        move || text(cell.get())
    });
    assert_eq!(
        after_failure, None,
        "after init returned Err, get() should find the cell empty: a failed initialisation \
         stores nothing"
    );

    let second = finishes("get_or_try_init after a failed one", {
        let cell = Arc::clone(&cell);
        move || {
            text(
                cell.get_or_try_init(|| Ok::<_, String>("pool #2".to_owned()))
                    .ok(),
            )
        }
    });
    assert_eq!(
        second.as_deref(),
        Some("pool #2"),
        "after a failed initialisation, the next get_or_try_init(|| Ok(\"pool #2\")) should \
         run its init and return \"pool #2\": the next caller tries again"
    );
    let stored = finishes("get() after a successful retry", move || text(cell.get()));
    assert_eq!(
        stored.as_deref(),
        Some("pool #2"),
        "after the retry succeeded, get() should return \"pool #2\""
    );
}

#[test]
fn a_panicking_initialiser_stores_nothing_and_the_next_call_retries() {
    let cell: Arc<RetryCell<String>> = Arc::new(RetryCell::new());
    // An initialiser that panics (an `unwrap` on a failed connect, say), on purpose: the panic
    // message it prints below is expected.
    let panicked = bounded("get_or_try_init with an initialiser that panics", {
        let cell = Arc::clone(&cell);
        move || {
            cell.get_or_try_init(|| -> Result<String, String> {
                panic!("this initialiser panics on purpose, to test the retry after it")
            })
        }
    });
    assert!(
        panicked.is_err(),
        "the initialiser panicked: get_or_try_init cannot have returned a value"
    );
    let after_panic = bounded("get() after an initialiser panicked", {
        let cell = Arc::clone(&cell);
        move || text(cell.get())
    });
    assert!(
        matches!(after_panic, Ok(None)),
        "after an initialiser panicked, get() should return None (the cell is empty), {}",
        match after_panic {
            Ok(_) => "but it returned a value".to_owned(),
            Err(panic) => format!(
                "but it panicked ({}): the panic left the Mutex poisoned, and a cell that \
                 never recovers from that remembers one failure forever. \
                 `lock().unwrap_or_else(PoisonError::into_inner)` takes the lock anyway",
                panic_message(&*panic)
            ),
        }
    );
    let retried = bounded("get_or_try_init after an initialiser panicked", {
        let cell = Arc::clone(&cell);
        move || {
            text(
                cell.get_or_try_init(|| Ok::<_, String>("pool #2".to_owned()))
                    .ok(),
            )
        }
    });
    assert!(
        matches!(retried.as_ref(), Ok(Some(value)) if value == "pool #2"),
        "after an initialiser panicked, the next get_or_try_init(|| Ok(\"pool #2\")) should \
         return \"pool #2\": a failed initialisation stores nothing, and the next caller tries \
         again; {}",
        match retried {
            Ok(value) => format!("it returned {value:?}"),
            Err(panic) => format!(
                "it panicked ({}): the Mutex is poisoned by the first panic, and the cell \
                 must take the lock anyway (`unwrap_or_else(PoisonError::into_inner)`)",
                panic_message(&*panic)
            ),
        }
    );
    let stored = bounded("get() after the retry", move || text(cell.get()));
    assert!(
        matches!(stored.as_ref(), Ok(Some(value)) if value == "pool #2"),
        "after the retry stored \"pool #2\", get() should return it (even though an earlier \
         initialiser panicked while holding the lock), but it returned {}",
        match stored {
            Ok(value) => format!("{value:?}"),
            Err(panic) => format!("nothing: it panicked ({})", panic_message(&*panic)),
        }
    );
}

fn panic_message(panic: &(dyn Any + Send)) -> String {
    if let Some(text) = panic.downcast_ref::<&str>() {
        (*text).to_owned()
    } else if let Some(text) = panic.downcast_ref::<String>() {
        text.clone()
    } else {
        "a panic without a message".to_owned()
    }
}

#[test]
fn once_built_the_value_is_shared_and_init_never_runs_again() {
    let cell: Arc<RetryCell<Vec<u8>>> = Arc::new(RetryCell::new());
    let (built, again, got) = finishes("get_or_try_init, then again, then get", move || {
        let built = cell.get_or_try_init(|| Ok::<_, ()>(vec![1, 2, 3]));
        let again = cell.get_or_try_init(|| -> Result<Vec<u8>, ()> {
            panic!("init ran although the cell already held a value: it should return that value")
        });
        (built, again, cell.get())
    });
    let built = built.expect("get_or_try_init(|| Ok(vec![1, 2, 3])) should return Ok");
    let again = again.expect("a second get_or_try_init should return Ok with the stored value");
    assert!(
        Arc::ptr_eq(&built, &again),
        "the second get_or_try_init should return the same Arc as the first, not a new value"
    );
    let got = got.expect("get() after a successful get_or_try_init should return the value");
    assert!(
        Arc::ptr_eq(&built, &got),
        "get() should return the same Arc that get_or_try_init built"
    );
}

#[test]
fn get_leaves_the_value_in_the_cell() {
    let cell: Arc<RetryCell<String>> = Arc::new(RetryCell::new());
    let (first, second, third) = finishes("get_or_try_init, then get() twice", move || {
        let built = cell.get_or_try_init(|| Ok::<_, ()>("pool #1".to_owned()));
        (built, text(cell.get()), text(cell.get()))
    });
    assert!(
        first.is_ok(),
        "get_or_try_init(|| Ok(\"pool #1\")) should return Ok"
    );
    assert_eq!(
        (second.as_deref(), third.as_deref()),
        (Some("pool #1"), Some("pool #1")),
        "after get_or_try_init stored \"pool #1\", get() called twice should return it both \
         times: get returns (a clone of the Arc to) the value if there is one, and leaves it \
         in the cell"
    );
}

#[test]
fn get_while_another_thread_initialises_waits_for_the_value() {
    let cell: Arc<RetryCell<String>> = Arc::new(RetryCell::new());
    let (started, init_started) = mpsc::channel();
    let (finished, builder_finished) = mpsc::channel();
    {
        let cell = Arc::clone(&cell);
        std::thread::spawn(move || {
            let built = catch_unwind(AssertUnwindSafe(|| {
                cell.get_or_try_init(|| {
                    let _ = started.send(());
                    // A slow connect: get() is called while it runs.
                    std::thread::sleep(Duration::from_millis(200));
                    Ok::<_, ()>("pool #1".to_owned())
                })
                .is_ok()
            }));
            let _ = finished.send(built);
        });
    }
    if init_started.recv_timeout(LIMIT).is_err() {
        // init never started: what the builder thread did instead says why.
        match builder_finished.recv_timeout(LIMIT) {
            Ok(Err(panic)) => resume_unwind(panic),
            Ok(Ok(_)) => panic!("get_or_try_init on an empty cell returned without calling init"),
            Err(_) => panic!(
                "get_or_try_init on an empty cell had not called init after {} s: does it wait \
                 for a lock that the same thread already holds?",
                2 * LIMIT.as_secs()
            ),
        }
    }
    let got = finishes("get() while another thread initialises", move || {
        text(cell.get())
    });
    assert_eq!(
        got.as_deref(),
        Some("pool #1"),
        "get() was called while another thread's init was building \"pool #1\" (holding the \
         lock): it should wait for that initialisation and return \"pool #1\", as every other \
         thread waits for the lock and then finds the value there"
    );
}

#[test]
fn racing_threads_build_the_value_once() {
    const THREADS: usize = 16;
    let cell: Arc<RetryCell<usize>> = Arc::new(RetryCell::new());
    let inits = Arc::new(AtomicUsize::new(0));
    let values = finishes("16 threads calling get_or_try_init at once", {
        let (cell, inits) = (Arc::clone(&cell), Arc::clone(&inits));
        move || {
            let barrier = Arc::new(Barrier::new(THREADS));
            let threads: Vec<_> = (0..THREADS)
                .map(|n| {
                    let (cell, inits, barrier) =
                        (Arc::clone(&cell), Arc::clone(&inits), Arc::clone(&barrier));
                    std::thread::spawn(move || {
                        barrier.wait();
                        cell.get_or_try_init(|| {
                            inits.fetch_add(1, Ordering::SeqCst);
                            // A slow connect: the other threads must wait, not build their own.
                            std::thread::sleep(Duration::from_millis(50));
                            Ok::<_, ()>(n)
                        })
                    })
                })
                .collect();
            threads
                .into_iter()
                .map(|thread| match thread.join() {
                    Ok(value) => value.ok(),
                    Err(panic) => resume_unwind(panic),
                })
                .collect::<Vec<Option<Arc<usize>>>>()
        }
    });
    let inits = inits.load(Ordering::SeqCst);
    assert_eq!(
        inits, 1,
        "{THREADS} threads called get_or_try_init on an empty cell at once, with a slow init: \
         init ran {inits} times. It should run once: call init while holding the lock, so the \
         other threads wait and then find the value there"
    );
    let values: Vec<Arc<usize>> = values
        .into_iter()
        .map(|value| value.expect("every thread's get_or_try_init should return Ok"))
        .collect();
    assert!(
        values.iter().all(|v| Arc::ptr_eq(v, &values[0])),
        "{THREADS} threads called get_or_try_init at once: they should all get the same Arc"
    );
}
