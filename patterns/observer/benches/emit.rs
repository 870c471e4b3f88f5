//! What the observer pattern costs per event: `cargo bench -p observer`.
//!
//! The baseline is what the pattern replaces: the emitting code calling each handler itself,
//! through the same kind of boxed closure. The difference is the emitter's bookkeeping: the
//! lock, the snapshot, `catch_unwind`, the report.

use std::hint::black_box;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use observer::{Emitter, Event};

struct UserRegistered {
    email: String,
}

impl Event for UserRegistered {
    const NAME: &'static str = "user_registered";
}

type Handler = Box<dyn Fn(&UserRegistered) + Send + Sync>;

fn handler(counter: &Arc<AtomicU64>) -> impl Fn(&UserRegistered) + Send + Sync + 'static {
    let counter = Arc::clone(counter);
    move |user: &UserRegistered| {
        counter.fetch_add(black_box(user.email.len()) as u64, Ordering::Relaxed);
    }
}

fn dispatch(c: &mut Criterion) {
    let event = UserRegistered {
        email: "test@gmail.com".to_owned(),
    };
    let mut group = c.benchmark_group("one event");
    for listeners in [1usize, 2, 10] {
        let counter = Arc::new(AtomicU64::new(0));

        let direct: Vec<Handler> = (0..listeners)
            .map(|_| Box::new(handler(&counter)) as Handler)
            .collect();
        group.bench_with_input(
            BenchmarkId::new("direct calls", listeners),
            &direct,
            |b, direct| {
                b.iter(|| {
                    for handler in direct {
                        handler(black_box(&event));
                    }
                });
            },
        );

        let emitter = Emitter::new();
        for _ in 0..listeners {
            emitter.on(handler(&counter));
        }
        group.bench_with_input(
            BenchmarkId::new("Emitter::emit", listeners),
            &emitter,
            |b, emitter| b.iter(|| emitter.emit(black_box(&event))),
        );
        let mut publisher = emitter.publisher::<UserRegistered>();
        group.bench_function(BenchmarkId::new("Publisher::emit", listeners), |b| {
            b.iter(|| publisher.emit(black_box(&event)))
        });
    }
    let empty = Emitter::new();
    group.bench_function("Emitter::emit, no listeners", |b| {
        b.iter(|| empty.emit(black_box(&event)))
    });
    group.finish();
}

criterion_group!(benches, dispatch);
criterion_main!(benches);
