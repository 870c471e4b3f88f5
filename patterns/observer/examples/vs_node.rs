//! The source material's scenario, timed the way `node/emit.js` times Node's `EventEmitter`:
//! two listeners on a user registration, 1 M emits to warm up, then 10 M timed, through
//! `Emitter::emit` and through a `Publisher`; and, as the floor no emitter can go under, the same
//! two listeners called directly, as boxed closures in a `Vec`. `node/compare.sh` builds this in
//! release and runs it beside Node, alternating.

use std::hint::black_box;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use observer::{Emitter, Event};

struct UserRegistered {
    email: String,
}

impl Event for UserRegistered {
    const NAME: &'static str = "user_registered";
}

const WARM_UP: u64 = 1_000_000;
const EMITS: u64 = 10_000_000;

fn main() {
    let emitter = Emitter::new();
    let email_bytes = Arc::new(AtomicU64::new(0));
    let signups = Arc::new(AtomicU64::new(0));
    // Only this thread emits, so a plain load and store does the work of Node's `+=` (an
    // atomic read-modify-write would be paying for a race that cannot happen here).
    {
        let email_bytes = Arc::clone(&email_bytes);
        emitter.on(move |user: &UserRegistered| {
            let total = email_bytes.load(Ordering::Relaxed) + user.email.len() as u64;
            email_bytes.store(total, Ordering::Relaxed);
        });
    }
    {
        let signups = Arc::clone(&signups);
        emitter.on(move |_: &UserRegistered| {
            signups.store(signups.load(Ordering::Relaxed) + 1, Ordering::Relaxed);
        });
    }
    let user = UserRegistered {
        email: "test@gmail.com".to_owned(),
    };

    let per_emit = time(|| {
        black_box(emitter.emit(black_box(&user)));
    });
    println!("rust Emitter::emit: {per_emit:.2} ns per emit");

    let mut publisher = emitter.publisher::<UserRegistered>();
    let per_emit = time(|| {
        black_box(publisher.emit(black_box(&user)));
    });
    println!("rust Publisher::emit: {per_emit:.2} ns per emit");

    // The floor: the same work with no emitter, the two listeners called one after the other.
    type Listener = Box<dyn Fn(&UserRegistered)>;
    let direct: Vec<Listener> = vec![
        {
            let email_bytes = Arc::clone(&email_bytes);
            Box::new(move |user: &UserRegistered| {
                let total = email_bytes.load(Ordering::Relaxed) + user.email.len() as u64;
                email_bytes.store(total, Ordering::Relaxed);
            })
        },
        {
            let signups = Arc::clone(&signups);
            Box::new(move |_: &UserRegistered| {
                signups.store(signups.load(Ordering::Relaxed) + 1, Ordering::Relaxed);
            })
        },
    ];
    let per_call = time(|| {
        for listener in black_box(&direct) {
            listener(black_box(&user));
        }
    });
    println!("rust direct calls: {per_call:.2} ns per emit");

    let expected = 3 * (WARM_UP + EMITS);
    assert_eq!(
        signups.load(Ordering::Relaxed),
        expected,
        "a listener missed an event"
    );
    assert_eq!(email_bytes.load(Ordering::Relaxed), 14 * expected);
}

/// Nanoseconds per call of `emit`, over `EMITS` calls after `WARM_UP` untimed ones.
fn time(mut emit: impl FnMut()) -> f64 {
    for _ in 0..WARM_UP {
        emit();
    }
    let start = Instant::now();
    for _ in 0..EMITS {
        emit();
    }
    start.elapsed().as_nanos() as f64 / EMITS as f64
}
