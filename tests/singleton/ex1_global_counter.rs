//! Checks for exercise `singleton1`: `exercises/singleton/src/ex1_global_counter.rs`.

#[cfg_attr(
    feature = "exercises",
    path = "../../exercises/singleton/src/ex1_global_counter.rs"
)]
#[cfg_attr(
    not(feature = "exercises"),
    path = "../../solutions/singleton/src/ex1_global_counter.rs"
)]
#[allow(unused)]
mod exercise;

use std::collections::HashSet;

use exercise::{record_signup, signups};

// One test function: the counter is global to this test process, as a singleton is.
#[test]
fn concurrent_signups_are_all_counted_and_each_gets_its_own_total() {
    let before = signups();
    let threads: Vec<_> = (0..8)
        .map(|_| std::thread::spawn(|| (0..1000).map(|_| record_signup()).collect::<Vec<u64>>()))
        .collect();
    let mut totals = HashSet::new();
    for thread in threads {
        totals.extend(thread.join().expect("a thread panicked"));
    }
    let after = signups();
    assert_eq!(
        after - before,
        8000,
        "8 threads recorded 1000 sign-ups each: the counter should have grown by 8000"
    );
    assert_eq!(
        totals.len(),
        8000,
        "record_signup returned the same total twice: each call must get the total that \
         includes its own sign-up (read and add in one indivisible step)"
    );
    assert_eq!(
        totals.iter().max().copied(),
        Some(after),
        "the last total handed out should equal signups()"
    );
    assert_eq!(
        record_signup(),
        after + 1,
        "record_signup returns the total after adding one"
    );
}
