//! # Observer: let the rest of the app react, without the code that acts knowing who reacts
//!
//! When a user registers, several things should follow: a welcome email, a tick in the
//! analytics, perhaps a CRM record. Writing them all into `register_user` ties the
//! registration code to every one of those modules, and each new reaction means editing it
//! again. The observer pattern turns that around: registration *announces* what happened
//! (an event), and whoever cares *subscribes*. Node.js ships this as `EventEmitter`.
//!
//! Rust changes three things about it, and each is a lesson:
//!
//! - **Events are types, not strings.** Node's `emitter.on("userRegistered", ...)` accepts any
//!   payload under any name, and a typo in the name fails silently. Here an event is a type that
//!   implements [`Event`]: a misspelled event is an unknown type, and the event a listener hears
//!   is the type of its argument, so `on::<UserRegistered>` with a listener written for
//!   `OrderPlaced` does not compile.
//! - **Listeners are owned, shared, thread-safe values.** The emitter owns boxed closures. They
//!   must be `Send + Sync` so the emitter can be shared across threads (`Arc<Emitter>`), which
//!   is also why this is not built on `Rc<RefCell<_>>`.
//! - **Failure is reported, not thrown.** In Node, a listener that throws aborts `emit` and the
//!   listeners after it never run. Here every listener runs; [`Emitter::emit`] returns an
//!   [`EmitReport`] naming the ones that returned an error or panicked.
//!
//! This file is the synchronous emitter: listeners run on the caller's thread, inside `emit`,
//! one after the other. [`bus`] is the asynchronous flavour, where each subscriber is a tokio
//! task fed by a broadcast channel, and what that changes (slow subscribers, shutdown).

use std::any::{Any, TypeId};
use std::collections::HashMap;
use std::fmt;
use std::panic::{self, AssertUnwindSafe};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

pub mod bus;

// ANCHOR: event
/// Something that happened, announced by one part of the program to any part that listens.
///
/// An event is a plain type. `NAME` is what logs and reports call it (Node's event name).
///
/// ```
/// use observer::Event;
///
/// #[derive(Debug, Clone)]
/// pub struct UserRegistered {
///     pub email: String,
/// }
///
/// impl Event for UserRegistered {
///     const NAME: &'static str = "user_registered";
/// }
/// ```
pub trait Event: Send + Sync + 'static {
    /// The event's name in logs and reports.
    const NAME: &'static str;
}
// ANCHOR_END: event

/// The error type a fallible listener returns: any error, as long as it can cross threads.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// The handle [`Emitter::on`], [`Emitter::try_on`] and [`Emitter::once`] return. Pass it to
/// [`Emitter::off`] to remove that listener again.
///
/// Node's `emitter.off(name, fn)` finds the listener by comparing function references, which
/// breaks as soon as the listener was an inline arrow function. A handle names exactly one
/// registration: two registrations of the same closure get two different handles.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ListenerId {
    event: TypeId,
    seq: u64,
}

/// Why one listener did not complete. The other listeners of the same `emit` still ran.
#[derive(Debug, thiserror::Error)]
pub enum ListenerError {
    /// The listener returned `Err`.
    #[error("listener returned an error: {0}")]
    Returned(#[source] BoxError),
    /// The listener panicked; the panic was caught so that the others could run.
    #[error("listener panicked: {0}")]
    Panicked(String),
}

/// One failed listener in an [`EmitReport`].
#[derive(Debug)]
pub struct ListenerFailure {
    /// Which listener failed.
    pub listener: ListenerId,
    /// How it failed.
    pub error: ListenerError,
}

/// What one call to [`Emitter::emit`] did.
#[derive(Debug)]
pub struct EmitReport {
    /// The event's [`Event::NAME`].
    pub event: &'static str,
    /// How many listeners ran to completion.
    pub delivered: usize,
    /// The listeners that returned an error or panicked, in the order they ran.
    pub failures: Vec<ListenerFailure>,
}

impl EmitReport {
    /// `true` when every listener completed (also when there were none).
    pub fn is_ok(&self) -> bool {
        self.failures.is_empty()
    }
}

impl fmt::Display for EmitReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: delivered to {}, {} failed",
            self.event,
            self.delivered,
            self.failures.len()
        )?;
        for failure in &self.failures {
            write!(f, "; {}", failure.error)?;
        }
        Ok(())
    }
}

// ANCHOR: storage
/// A listener that stays until removed. `Arc` so that `emit` can take a cheap copy of the
/// list and call it without holding the lock.
type Every<E> = Arc<dyn Fn(&E) -> Result<(), BoxError> + Send + Sync>;
/// A listener that runs at most once: an `FnOnce`, so even the type says it cannot run twice.
type Once<E> = Box<dyn FnOnce(&E) -> Result<(), BoxError> + Send>;

enum Slot<E> {
    Every(Every<E>),
    Once(Once<E>),
}

/// The listeners of one event type, in registration order.
struct Listeners<E> {
    slots: Vec<(u64, Slot<E>)>,
}

/// What the emitter needs to do to a list of listeners without knowing its event type.
/// `Any` as a supertrait lets `emit::<E>` downcast back to the typed `Listeners<E>`.
trait ErasedListeners: Any + Send {
    fn remove(&mut self, seq: u64) -> bool;
    fn len(&self) -> usize;
}

impl<E: Event> ErasedListeners for Listeners<E> {
    fn remove(&mut self, seq: u64) -> bool {
        let before = self.slots.len();
        self.slots.retain(|(s, _)| *s != seq);
        self.slots.len() != before
    }

    fn len(&self) -> usize {
        self.slots.len()
    }
}

#[derive(Default)]
struct Registry {
    next_seq: u64,
    by_event: HashMap<TypeId, Box<dyn ErasedListeners>>,
}
// ANCHOR_END: storage

// ANCHOR: emitter
/// A typed, thread-safe event emitter: Node's `EventEmitter` with types.
///
/// Delivery order, the contract the tests pin down:
/// 1. Listeners of one event type run in the order they were registered, on the thread that
///    called `emit`, before `emit` returns.
/// 2. `emit` works on a snapshot of the listeners taken when it starts: a listener added during
///    an `emit` (by another listener, say) first runs on the next `emit`, and one removed
///    during an `emit` still runs in that `emit`. This is Node's rule too.
/// 3. A `once` listener is removed when the snapshot is taken, so it runs exactly once even
///    when two threads emit at the same moment.
/// 4. A listener that returns an error or panics does not stop the ones after it.
///
/// No lock is held while a listener runs, so listeners may call `on`, `off` and `emit` on the
/// same emitter without deadlocking.
#[derive(Default)]
pub struct Emitter {
    registry: Mutex<Registry>,
}
// ANCHOR_END: emitter

impl Emitter {
    /// An emitter with no listeners.
    pub fn new() -> Self {
        Self::default()
    }

    // ANCHOR: on
    /// Registers `listener` for every future `E` event. Node: `emitter.on(name, fn)`.
    pub fn on<E: Event>(&self, listener: impl Fn(&E) + Send + Sync + 'static) -> ListenerId {
        self.try_on(move |event: &E| {
            listener(event);
            Ok(())
        })
    }

    /// Registers a listener that can fail. Its errors are reported by `emit`, and the other
    /// listeners still run.
    pub fn try_on<E: Event>(
        &self,
        listener: impl Fn(&E) -> Result<(), BoxError> + Send + Sync + 'static,
    ) -> ListenerId {
        self.insert(Slot::Every(Arc::new(listener)))
    }
    // ANCHOR_END: on

    /// Registers `listener` for the next `E` event only. Node: `emitter.once(name, fn)`.
    pub fn once<E: Event>(&self, listener: impl FnOnce(&E) + Send + 'static) -> ListenerId {
        self.insert(Slot::Once(Box::new(move |event: &E| {
            listener(event);
            Ok(())
        })))
    }

    /// Removes the listener that `id` names. Returns `false` if it was already gone (removed
    /// before, or a `once` listener that has run). Node: `emitter.off(name, fn)`.
    pub fn off(&self, id: ListenerId) -> bool {
        let mut registry = self.lock();
        let Some(listeners) = registry.by_event.get_mut(&id.event) else {
            return false;
        };
        listeners.remove(id.seq)
    }

    /// How many listeners are registered for `E`. Node: `emitter.listenerCount(name)`.
    pub fn listener_count<E: Event>(&self) -> usize {
        self.lock()
            .by_event
            .get(&TypeId::of::<E>())
            .map_or(0, |listeners| listeners.len())
    }

    // ANCHOR: emit
    /// Calls every listener of `E` with `event`, in registration order, and reports the ones
    /// that failed. With no listeners it does nothing and reports nothing: announcing an event
    /// nobody listens to is not an error.
    pub fn emit<E: Event>(&self, event: &E) -> EmitReport {
        let calls = self.snapshot::<E>();
        let mut report = EmitReport {
            event: E::NAME,
            delivered: 0,
            failures: Vec::new(),
        };
        for (seq, slot) in calls {
            let listener = ListenerId {
                event: TypeId::of::<E>(),
                seq,
            };
            // AssertUnwindSafe: a listener that panics half-way may leave *its own* state
            // inconsistent, but the emitter's state is not touched while it runs.
            let outcome = panic::catch_unwind(AssertUnwindSafe(|| match slot {
                Slot::Every(listener) => listener(event),
                Slot::Once(listener) => listener(event),
            }));
            let error = match outcome {
                Ok(Ok(())) => {
                    report.delivered += 1;
                    continue;
                }
                Ok(Err(error)) => ListenerError::Returned(error),
                Err(payload) => ListenerError::Panicked(panic_message(payload.as_ref())),
            };
            tracing::warn!(event = E::NAME, ?listener, %error, "listener failed");
            report.failures.push(ListenerFailure { listener, error });
        }
        report
    }
    // ANCHOR_END: emit

    /// Copies the listeners of `E` out of the registry, taking the `once` listeners out for good.
    fn snapshot<E: Event>(&self) -> Vec<(u64, Slot<E>)> {
        let mut registry = self.lock();
        let Some(erased) = registry.by_event.get_mut(&TypeId::of::<E>()) else {
            return Vec::new();
        };
        let Some(listeners) = (erased.as_mut() as &mut dyn Any).downcast_mut::<Listeners<E>>()
        else {
            unreachable!("listeners are stored under the TypeId of their own event type");
        };
        // The `once` listeners leave the registry for good; `extract_if` keeps the rest in place.
        let once: Vec<(u64, Slot<E>)> = listeners
            .slots
            .extract_if(.., |(_, slot)| matches!(slot, Slot::Once(_)))
            .collect();
        let mut calls = Vec::with_capacity(listeners.slots.len() + once.len());
        calls.extend(listeners.slots.iter().filter_map(|(seq, slot)| match slot {
            Slot::Every(listener) => Some((*seq, Slot::Every(Arc::clone(listener)))),
            Slot::Once(_) => None,
        }));
        if !once.is_empty() {
            calls.extend(once);
            // Sequence numbers grow with each registration: this is registration order.
            calls.sort_by_key(|(seq, _)| *seq);
        }
        calls
    }

    fn insert<E: Event>(&self, slot: Slot<E>) -> ListenerId {
        let mut registry = self.lock();
        let seq = registry.next_seq;
        registry.next_seq += 1;
        let erased = registry
            .by_event
            .entry(TypeId::of::<E>())
            .or_insert_with(|| Box::new(Listeners::<E> { slots: Vec::new() }));
        if let Some(listeners) = (erased.as_mut() as &mut dyn Any).downcast_mut::<Listeners<E>>() {
            listeners.slots.push((seq, slot));
        }
        ListenerId {
            event: TypeId::of::<E>(),
            seq,
        }
    }

    /// The lock is only ever held for a few lines of our own code, never while a listener
    /// runs, so it cannot be poisoned by a listener's panic; if it ever were, the registry
    /// is still consistent and we carry on.
    fn lock(&self) -> MutexGuard<'_, Registry> {
        self.registry.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// The text of a caught panic: `panic!("...")` carries a `&str` or a `String`.
pub(crate) fn panic_message(payload: &(dyn Any + Send)) -> String {
    if let Some(message) = payload.downcast_ref::<&str>() {
        (*message).to_owned()
    } else if let Some(message) = payload.downcast_ref::<String>() {
        message.clone()
    } else {
        "a panic with a non-text payload".to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[derive(Debug)]
    struct UserRegistered {
        email: String,
    }
    impl Event for UserRegistered {
        const NAME: &'static str = "user_registered";
    }

    #[derive(Debug)]
    struct OrderPlaced;
    impl Event for OrderPlaced {
        const NAME: &'static str = "order_placed";
    }

    fn user(email: &str) -> UserRegistered {
        UserRegistered {
            email: email.to_owned(),
        }
    }

    /// Records what listeners saw, in order, across threads.
    #[derive(Clone, Default)]
    struct Log(Arc<Mutex<Vec<String>>>);
    impl Log {
        fn push(&self, line: impl Into<String>) {
            self.0.lock().unwrap().push(line.into());
        }
        fn lines(&self) -> Vec<String> {
            self.0.lock().unwrap().clone()
        }
    }

    #[test]
    fn listeners_run_in_registration_order_with_the_event() {
        let emitter = Emitter::new();
        let log = Log::default();
        for name in ["email", "analytics", "crm"] {
            let log = log.clone();
            emitter.on(move |u: &UserRegistered| log.push(format!("{name}:{}", u.email)));
        }
        let report = emitter.emit(&user("ada@example.com"));
        assert_eq!(
            log.lines(),
            [
                "email:ada@example.com",
                "analytics:ada@example.com",
                "crm:ada@example.com"
            ]
        );
        assert_eq!(report.delivered, 3);
        assert!(report.is_ok());
    }

    #[test]
    fn emitting_with_no_listeners_is_not_an_error() {
        let report = Emitter::new().emit(&user("nobody@example.com"));
        assert_eq!(report.delivered, 0);
        assert!(report.is_ok());
    }

    #[test]
    fn a_listener_only_hears_its_own_event_type() {
        let emitter = Emitter::new();
        let orders = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&orders);
        emitter.on(move |_: &OrderPlaced| {
            counter.fetch_add(1, Ordering::SeqCst);
        });
        assert_eq!(emitter.emit(&user("a@example.com")).delivered, 0);
        assert_eq!(emitter.emit(&OrderPlaced).delivered, 1);
        assert_eq!(orders.load(Ordering::SeqCst), 1);
        assert_eq!(emitter.listener_count::<OrderPlaced>(), 1);
        assert_eq!(emitter.listener_count::<UserRegistered>(), 0);
    }

    #[test]
    fn once_runs_exactly_once_and_off_removes_by_handle() {
        let emitter = Emitter::new();
        let log = Log::default();
        let first = {
            let log = log.clone();
            emitter.once(move |u: &UserRegistered| log.push(format!("once:{}", u.email)))
        };
        let every = {
            let log = log.clone();
            emitter.on(move |u: &UserRegistered| log.push(format!("every:{}", u.email)))
        };
        assert_ne!(first, every);
        emitter.emit(&user("1"));
        emitter.emit(&user("2"));
        assert!(
            !emitter.off(first),
            "a once listener that ran is already gone"
        );
        assert!(emitter.off(every));
        assert!(
            !emitter.off(every),
            "a second off of the same handle removes nothing"
        );
        emitter.emit(&user("3"));
        assert_eq!(log.lines(), ["once:1", "every:1", "every:2"]);
    }

    #[test]
    fn a_failing_listener_does_not_stop_the_others_and_is_reported() {
        let emitter = Emitter::new();
        let log = Log::default();
        let ok_before = {
            let log = log.clone();
            emitter.on(move |_: &UserRegistered| log.push("before"))
        };
        let erroring = emitter.try_on(|_: &UserRegistered| Err("CRM is down".into()));
        let panicking = emitter.on(|_: &UserRegistered| panic!("SMTP timeout"));
        {
            let log = log.clone();
            emitter.on(move |_: &UserRegistered| log.push("after"));
        }
        let report = emitter.emit(&user("a@example.com"));
        assert_eq!(log.lines(), ["before", "after"]);
        assert_eq!(report.delivered, 2);
        assert_eq!(report.failures.len(), 2);
        assert_eq!(report.failures[0].listener, erroring);
        assert!(
            matches!(&report.failures[0].error, ListenerError::Returned(e) if e.to_string() == "CRM is down")
        );
        assert_eq!(report.failures[1].listener, panicking);
        assert!(
            matches!(&report.failures[1].error, ListenerError::Panicked(m) if m == "SMTP timeout")
        );
        assert_ne!(ok_before, erroring);
        assert_eq!(
            report.to_string(),
            "user_registered: delivered to 2, 2 failed; listener returned an error: CRM is down; \
             listener panicked: SMTP timeout"
        );
    }

    #[test]
    fn listeners_may_use_the_emitter_while_it_emits() {
        // With Rc<RefCell<Vec<Listener>>> this is a `BorrowMutError` panic; with a lock held
        // during the calls it is a deadlock. The snapshot makes it ordinary.
        let emitter = Arc::new(Emitter::new());
        let log = Log::default();
        {
            let inner = Arc::clone(&emitter);
            let log = log.clone();
            emitter.once(move |u: &UserRegistered| {
                let log = log.clone();
                inner.on(move |later: &UserRegistered| log.push(format!("late:{}", later.email)));
                inner.emit(&OrderPlaced);
                let _ = u;
            });
        }
        emitter.emit(&user("first"));
        assert!(
            log.lines().is_empty(),
            "a listener added during emit waits for the next one"
        );
        emitter.emit(&user("second"));
        assert_eq!(log.lines(), ["late:second"]);
    }

    #[test]
    fn once_runs_once_even_when_threads_race_to_emit() {
        let emitter = Arc::new(Emitter::new());
        let calls = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&calls);
        emitter.once(move |_: &UserRegistered| {
            counter.fetch_add(1, Ordering::SeqCst);
        });
        let threads: Vec<_> = (0..8)
            .map(|i| {
                let emitter = Arc::clone(&emitter);
                std::thread::spawn(move || emitter.emit(&user(&format!("{i}"))).delivered)
            })
            .collect();
        let delivered: usize = threads.into_iter().map(|t| t.join().unwrap()).sum();
        assert_eq!(calls.load(Ordering::SeqCst), 1);
        assert_eq!(delivered, 1);
    }

    #[test]
    fn the_emitter_is_send_and_sync() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Emitter>();
    }
}
