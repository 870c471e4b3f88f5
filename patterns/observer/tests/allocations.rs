//! `emit` allocates nothing: no snapshot `Vec`, no boxed report, no `Arc` clones on the heap.
//!
//! A test binary of its own, because it replaces the global allocator with one that counts
//! (stats_alloc's): every allocation made while a `Region` is open shows in its `change()`,
//! whichever thread made it. So this binary holds one test: a second one running beside it
//! would count its allocations in ours.

use std::alloc::System;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use observer::{Emitter, Event};
use stats_alloc::{INSTRUMENTED_SYSTEM, Region, StatsAlloc};

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

struct UserRegistered {
    email: String,
}

impl Event for UserRegistered {
    const NAME: &'static str = "user_registered";
}

/// The source material's scenario: two listeners on a user registration.
fn emitter_with_two_listeners(counter: &Arc<AtomicU64>) -> Emitter {
    let emitter = Emitter::new();
    for _ in 0..2 {
        let counter = Arc::clone(counter);
        emitter.on(move |user: &UserRegistered| {
            counter.fetch_add(user.email.len() as u64, Ordering::Relaxed);
        });
    }
    emitter
}

#[test]
fn emit_allocates_nothing_with_listeners_or_without() {
    let counter = Arc::new(AtomicU64::new(0));
    let emitter = emitter_with_two_listeners(&counter);
    let mut publisher = emitter.publisher::<UserRegistered>();
    let user = UserRegistered {
        email: "test@gmail.com".to_owned(),
    };
    // The first load through arc-swap on a thread sets up that thread's bookkeeping, once.
    emitter.emit(&user);
    publisher.emit(&user);

    let region = Region::new(GLOBAL);
    for _ in 0..1_000 {
        let report = emitter.emit(&user);
        assert_eq!(report.delivered, 2);
    }
    let through_emitter = region.change();
    let region = Region::new(GLOBAL);
    for _ in 0..1_000 {
        let report = publisher.emit(&user);
        assert_eq!(report.delivered, 2);
    }
    let through_publisher = region.change();

    assert_eq!(
        (through_emitter.allocations, through_emitter.reallocations),
        (0, 0),
        "1,000 calls of Emitter::emit allocated: {through_emitter:?}"
    );
    assert_eq!(
        (
            through_publisher.allocations,
            through_publisher.reallocations
        ),
        (0, 0),
        "1,000 calls of Publisher::emit allocated: {through_publisher:?}"
    );
    // Two listeners, 14 bytes of email, 2,002 emits: every one was delivered.
    assert_eq!(counter.load(Ordering::Relaxed), 2 * 14 * 2_002);

    // An event type nobody listens to.
    let nobody = Emitter::new();
    nobody.emit(&user);
    let region = Region::new(GLOBAL);
    for _ in 0..1_000 {
        assert_eq!(nobody.emit(&user).delivered, 0);
    }
    let change = region.change();
    assert_eq!(
        change.allocations, 0,
        "emit with no listeners allocated: {change:?}"
    );
}
