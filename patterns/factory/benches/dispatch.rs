//! What the factory's three forms cost per `send`: `cargo bench -p factory`.
//!
//! One notifier, three ways to call it: a generic function (static dispatch, the call can be
//! inlined), the `AnyNotifier` enum (a `match`), and `Box<dyn DynNotifier>` (a vtable call and
//! a boxed future per call). The notifier does almost nothing, so what is measured is the
//! dispatch itself.

use std::future::Future;
use std::hint::black_box;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

use criterion::{Criterion, criterion_group, criterion_main};
use factory::{AnyNotifier, ConsoleNotifier, DynNotifier, Message, Notifier};

/// Runs a future that never waits (the console notifier's `send` with stdout unused).
fn ready<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    match future
        .as_mut()
        .poll(&mut Context::from_waker(Waker::noop()))
    {
        Poll::Ready(output) => output,
        Poll::Pending => panic!("the benchmark's notifier never waits"),
    }
}

async fn generic<N: Notifier>(notifier: &N, message: &Message) -> bool {
    Notifier::send(notifier, message).await.is_ok()
}

fn dispatch(c: &mut Criterion) {
    // The console notifier prints; point stdout elsewhere when running: `> /dev/null`.
    let message = Message {
        to: "ada@example.com".into(),
        subject: "Welcome!".into(),
        body: "Thanks for signing up.".into(),
    };
    let concrete = ConsoleNotifier;
    let as_enum = AnyNotifier::Console(ConsoleNotifier);
    let as_dyn: Box<dyn DynNotifier> = Box::new(ConsoleNotifier);

    let mut group = c.benchmark_group("one send");
    group.bench_function("generic (static)", |b| {
        b.iter(|| ready(generic(black_box(&concrete), black_box(&message))))
    });
    group.bench_function("enum (match)", |b| {
        b.iter(|| ready(generic(black_box(&as_enum), black_box(&message))))
    });
    group.bench_function("Box<dyn> (vtable + boxed future)", |b| {
        b.iter(|| ready(black_box(&as_dyn).send(black_box(&message))).is_ok())
    });
    group.finish();
}

criterion_group!(benches, dispatch);
criterion_main!(benches);
