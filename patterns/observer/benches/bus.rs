//! What the `EventBus` adds to the channel it is built on: `cargo bench -p observer --bench bus`.
//!
//! The same work done twice on one tokio runtime: two subscribers, each handling 1,000 events
//! with an async handler that bumps a counter, then a shutdown that waits for both. Once through
//! `EventBus` (subscribe, publish, shutdown with reports), once by hand with the raw
//! `tokio::sync::broadcast` channel (subscribe, spawn, send, drop the sender, await the tasks).
//! The difference is the bus's bookkeeping: a count per event and the reports.

use std::hint::black_box;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use criterion::{Criterion, criterion_group, criterion_main};
use observer::bus::EventBus;
use tokio::sync::broadcast::{self, error::RecvError};

const EVENTS: u64 = 1_000;
const SUBSCRIBERS: usize = 2;
/// Room for every event: nobody lags, so both sides do exactly the same work.
const CAPACITY: usize = 1_024;

#[derive(Clone)]
struct UserRegistered {
    id: u64,
}

/// The subscribers' handler, the same on both sides: an async function of the event that
/// owns what it needs (a handler's future cannot borrow from the handler), here a counter.
fn handler(total: &Arc<AtomicU64>) -> impl FnMut(UserRegistered) -> Handled + Send + 'static {
    let total = Arc::clone(total);
    move |user| Handled {
        total: Arc::clone(&total),
        user,
    }
}

/// The handler's future: ready at once, like a handler whose I/O is already done.
struct Handled {
    total: Arc<AtomicU64>,
    user: UserRegistered,
}

impl std::future::Future for Handled {
    type Output = ();

    fn poll(self: std::pin::Pin<&mut Self>, _: &mut std::task::Context<'_>) -> std::task::Poll<()> {
        self.total
            .fetch_add(black_box(self.user.id), Ordering::Relaxed);
        std::task::Poll::Ready(())
    }
}

async fn through_the_bus(total: Arc<AtomicU64>) {
    let mut bus = EventBus::new(CAPACITY);
    for name in ["email", "analytics"] {
        bus.subscribe(name, handler(&total));
    }
    for id in 0..EVENTS {
        bus.publish(UserRegistered { id });
    }
    black_box(bus.shutdown().await);
}

async fn through_the_channel(total: Arc<AtomicU64>) {
    let (sender, _) = broadcast::channel::<UserRegistered>(CAPACITY);
    let tasks: Vec<_> = (0..SUBSCRIBERS)
        .map(|_| {
            let mut events = sender.subscribe();
            let mut handler = handler(&total);
            tokio::spawn(async move {
                loop {
                    match events.recv().await {
                        Ok(user) => handler(user).await,
                        Err(RecvError::Lagged(_)) => {}
                        Err(RecvError::Closed) => break,
                    }
                }
            })
        })
        .collect();
    for id in 0..EVENTS {
        let _ = sender.send(UserRegistered { id });
    }
    drop(sender);
    for task in tasks {
        let _ = task.await;
    }
}

fn bus_against_channel(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("a tokio runtime");
    let total = Arc::new(AtomicU64::new(0));
    let mut group = c.benchmark_group("2 subscribers, 1000 events");
    group.bench_function("EventBus", |b| {
        b.iter(|| runtime.block_on(through_the_bus(Arc::clone(&total))))
    });
    group.bench_function("raw broadcast channel", |b| {
        b.iter(|| runtime.block_on(through_the_channel(Arc::clone(&total))))
    });
    group.finish();
}

criterion_group!(benches, bus_against_channel);
criterion_main!(benches);
