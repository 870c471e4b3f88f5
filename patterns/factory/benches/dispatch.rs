//! What the factory's three forms cost per `send`: `cargo bench -p factory`.
//!
//! One notifier, three ways to call it: a generic function (static dispatch, the call can be
//! inlined), an enum like `AnyNotifier` (a `match`), and `Box<dyn DynNotifier>` (a vtable call
//! and a boxed future per call). The notifier only bumps a counter, so what is measured is the
//! dispatch itself; a real channel's network round trip is a million times longer.

use std::future::Future;
use std::hint::black_box;
use std::pin::pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::task::{Context, Poll, Waker};

use criterion::{Criterion, criterion_group, criterion_main};
use factory::{ConsoleNotifier, DynNotifier, Kind, Message, Notifier, NotifyError, Receipt};

/// A notifier that only counts.
#[derive(Default)]
struct Counting(AtomicU64);

impl Notifier for Counting {
    fn kind(&self) -> Kind {
        Kind::Console
    }

    async fn send(&self, message: &Message) -> Result<Receipt, NotifyError> {
        self.0.fetch_add(message.to.len() as u64, Ordering::Relaxed);
        Ok(Receipt {
            channel: Kind::Console,
            detail: String::new(),
        })
    }
}

/// The enum form, shaped like `factory::AnyNotifier`, with the counting notifier as a variant.
enum Either {
    Counting(Counting),
    #[allow(dead_code)]
    Console(ConsoleNotifier),
}

impl Notifier for Either {
    fn kind(&self) -> Kind {
        Kind::Console
    }

    async fn send(&self, message: &Message) -> Result<Receipt, NotifyError> {
        match self {
            Either::Counting(n) => Notifier::send(n, message).await,
            Either::Console(n) => Notifier::send(n, message).await,
        }
    }
}

/// Runs a future that never waits.
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

// ANCHOR: generic
/// The static form: generic over the notifier. The compiler makes one copy per concrete type,
/// so the call is direct and can be inlined; but the type must be known where this is called.
async fn generic<N: Notifier>(notifier: &N, message: &Message) -> bool {
    Notifier::send(notifier, message).await.is_ok()
}
// ANCHOR_END: generic

fn dispatch(c: &mut Criterion) {
    let message = Message {
        to: "ada@example.com".into(),
        subject: "Welcome!".into(),
        body: "Thanks for signing up.".into(),
    };
    let concrete = Counting::default();
    let as_enum = Either::Counting(Counting::default());
    let as_dyn: Box<dyn DynNotifier> = Box::new(Counting::default());

    let mut group = c.benchmark_group("one send");
    group.bench_function("generic", |b| {
        b.iter(|| ready(generic(black_box(&concrete), black_box(&message))))
    });
    group.bench_function("enum", |b| {
        b.iter(|| ready(generic(black_box(&as_enum), black_box(&message))))
    });
    group.bench_function("dyn", |b| {
        b.iter(|| ready(black_box(&as_dyn).send(black_box(&message))).is_ok())
    });
    group.finish();
}

criterion_group!(benches, dispatch);
criterion_main!(benches);
