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
use std::hash::{BuildHasherDefault, Hasher};
use std::panic::{self, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use arc_swap::ArcSwap;

pub mod bus;

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
// ANCHOR: event
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

/// How logs and reports name a listener: by the order it was registered in, `listener #3`.
impl fmt::Display for ListenerId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "listener #{}", self.seq)
    }
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
    /// The report of an `emit` that called nobody. `Vec::new` does not allocate.
    fn nothing<E: Event>() -> Self {
        Self {
            event: E::NAME,
            delivered: 0,
            failures: Vec::new(),
        }
    }

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
/// A listener that stays until removed.
type Every<E> = Arc<dyn Fn(&E) -> Result<(), BoxError> + Send + Sync>;
/// A listener that runs at most once: an `FnOnce`, so even the type says it cannot run twice.
type Once<E> = Box<dyn FnOnce(&E) -> Result<(), BoxError> + Send>;

/// A listener that runs at most once. Its `FnOnce` can be called only by whoever takes it out;
/// the `fired` flag decides who that is, so two threads emitting at the same moment cannot
/// both run it.
struct OnceListener<E> {
    fired: AtomicBool,
    call: Mutex<Option<Once<E>>>,
}

enum Slot<E> {
    Every(Every<E>),
    Once(Arc<OnceListener<E>>),
}

/// The listeners of one event type, in registration order, with their sequence numbers.
/// Never changed once published: `on` and `off` publish a new registry instead.
struct Listeners<E> {
    slots: Vec<(u64, Slot<E>)>,
}

/// What the emitter needs to do to a list without knowing its event type. `Any` as a
/// supertrait lets `emit::<E>` downcast back to the typed `Listeners<E>`.
trait ErasedListeners: Any + Send + Sync {
    /// The same list without listener `seq`, or `None` if it is not in this list.
    fn without(&self, seq: u64) -> Option<Arc<dyn ErasedListeners>>;
    fn len(&self) -> usize;
}

/// Every event type's listeners: a copy-on-write map, read without a lock.
type Registry = HashMap<TypeId, Arc<dyn ErasedListeners>, BuildHasherDefault<TypeIdHasher>>;

/// A `TypeId` is already a hash of its type, computed by the compiler: hashing it again
/// (std's default SipHash costs more than the rest of an `emit`) adds nothing. This hasher
/// passes the bits it is given through.
#[derive(Default)]
struct TypeIdHasher(u64);

impl Hasher for TypeIdHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for byte in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(*byte);
        }
    }

    fn write_u64(&mut self, bits: u64) {
        self.0 ^= bits;
    }
}

#[derive(Default)]
struct Shared {
    /// What `emit` reads: an immutable registry, replaced whole on every change.
    registry: ArcSwap<Registry>,
    /// Taken by whoever changes the registry (holding the next sequence number); `emit` never
    /// takes it.
    write: Mutex<u64>,
    /// How many times the registry has been replaced: what a [`Publisher`] checks.
    version: AtomicU64,
}
// ANCHOR_END: storage

impl<E> OnceListener<E> {
    /// The listener, for the one caller that gets here first; `None` for everyone else.
    fn take(&self) -> Option<Once<E>> {
        if self.fired.load(Ordering::Acquire) || self.fired.swap(true, Ordering::AcqRel) {
            return None;
        }
        self.call
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take()
    }
}

impl<E> Slot<E> {
    /// A `once` listener that has run is on its way out: it no longer counts.
    fn is_live(&self) -> bool {
        match self {
            Slot::Every(_) => true,
            Slot::Once(once) => !once.fired.load(Ordering::Acquire),
        }
    }
}

impl<E> Clone for Slot<E> {
    fn clone(&self) -> Self {
        match self {
            Slot::Every(listener) => Slot::Every(Arc::clone(listener)),
            Slot::Once(listener) => Slot::Once(Arc::clone(listener)),
        }
    }
}

impl<E: Event> ErasedListeners for Listeners<E> {
    fn without(&self, seq: u64) -> Option<Arc<dyn ErasedListeners>> {
        if !self
            .slots
            .iter()
            .any(|(s, slot)| *s == seq && slot.is_live())
        {
            return None;
        }
        let slots = self
            .slots
            .iter()
            .filter(|(s, _)| *s != seq)
            .cloned()
            .collect();
        Some(Arc::new(Listeners::<E> { slots }))
    }

    fn len(&self) -> usize {
        self.slots.iter().filter(|(_, slot)| slot.is_live()).count()
    }
}

impl Shared {
    /// Publishes a new registry made from the current one by `change`, one writer at a time.
    fn update<R>(&self, change: impl FnOnce(&mut Registry, &mut u64) -> R) -> R {
        let mut next_seq = self.write.lock().unwrap_or_else(PoisonError::into_inner);
        let mut registry = Registry::clone(&self.registry.load());
        let result = change(&mut registry, &mut next_seq);
        self.registry.store(Arc::new(registry));
        self.version.fetch_add(1, Ordering::Release);
        result
    }

    /// Drops the `once` listeners of `E` that have run.
    fn remove_fired<E: Event>(&self) {
        self.update(|registry, _| {
            let Some(listeners) = registry.get(&TypeId::of::<E>()).and_then(downcast::<E>) else {
                return;
            };
            let slots = listeners
                .slots
                .iter()
                .filter(|(_, slot)| slot.is_live())
                .cloned()
                .collect();
            registry.insert(TypeId::of::<E>(), Arc::new(Listeners::<E> { slots }));
        });
    }
}

// ANCHOR: emitter
/// A typed, thread-safe event emitter: Node's `EventEmitter` with types.
///
/// Delivery order, the contract the tests pin down:
/// 1. Listeners of one event type run in the order they were registered, on the thread that
///    called `emit`, before `emit` returns.
/// 2. `emit` works on a snapshot of the listeners taken when it starts: a listener added during
///    an `emit` (by another listener, say) first runs on the next `emit`, and one removed
///    during an `emit` still runs in that `emit`. This is Node's rule too.
/// 3. A `once` listener runs exactly once, even when two threads emit at the same moment.
/// 4. A listener that returns an error or panics does not stop the ones after it.
///
/// `emit` takes no lock and allocates nothing: the listeners live in an immutable registry
/// behind an [`ArcSwap`], which `on` and `off` replace whole (copy-on-write). No lock is held
/// while a listener runs, so listeners may call `on`, `off` and `emit` on the same emitter.
#[derive(Default)]
pub struct Emitter {
    shared: Arc<Shared>,
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
        self.insert(Slot::Once(Arc::new(OnceListener {
            fired: AtomicBool::new(false),
            call: Mutex::new(Some(Box::new(move |event: &E| {
                listener(event);
                Ok(())
            }))),
        })))
    }

    /// Removes the listener that `id` names. Returns `false` if it was already gone (removed
    /// before, or a `once` listener that has run). Node: `emitter.off(name, fn)`.
    pub fn off(&self, id: ListenerId) -> bool {
        self.shared.update(|registry, _| {
            let Some(smaller) = registry.get(&id.event).and_then(|l| l.without(id.seq)) else {
                return false;
            };
            registry.insert(id.event, smaller);
            true
        })
    }

    /// How many listeners are registered for `E`. Node: `emitter.listenerCount(name)`.
    pub fn listener_count<E: Event>(&self) -> usize {
        self.shared
            .registry
            .load()
            .get(&TypeId::of::<E>())
            .map_or(0, |listeners| listeners.len())
    }

    // ANCHOR: emit
    /// Calls every listener of `E` with `event`, in registration order, and reports the ones
    /// that failed. With no listeners it does nothing and reports nothing: announcing an event
    /// nobody listens to is not an error.
    pub fn emit<E: Event>(&self, event: &E) -> EmitReport {
        // The loaded registry is the snapshot: `on` and `off` publish new ones, this one stays
        // as it is until the guard is dropped, after the last listener.
        let registry = self.shared.registry.load();
        match registry.get(&TypeId::of::<E>()).and_then(downcast::<E>) {
            Some(listeners) => deliver(&self.shared, listeners, event),
            None => EmitReport::nothing::<E>(),
        }
    }
    // ANCHOR_END: emit

    /// A [`Publisher`] for `E`: the fast way to emit one event type from one place.
    pub fn publisher<E: Event>(&self) -> Publisher<E> {
        Publisher {
            shared: Arc::clone(&self.shared),
            seen: None,
        }
    }

    fn insert<E: Event>(&self, slot: Slot<E>) -> ListenerId {
        let seq = self.shared.update(|registry, next_seq| {
            let seq = *next_seq;
            *next_seq += 1;
            let mut slots = registry
                .get(&TypeId::of::<E>())
                .and_then(downcast::<E>)
                .map(|listeners| listeners.slots.clone())
                .unwrap_or_default();
            slots.push((seq, slot));
            registry.insert(TypeId::of::<E>(), Arc::new(Listeners::<E> { slots }));
            seq
        });
        ListenerId {
            event: TypeId::of::<E>(),
            seq,
        }
    }
}

fn downcast<E: Event>(listeners: &Arc<dyn ErasedListeners>) -> Option<&Listeners<E>> {
    (listeners.as_ref() as &dyn Any).downcast_ref::<Listeners<E>>()
}

// ANCHOR: publisher
/// The fast way to emit one event type from one place: `emitter.publisher::<E>()`.
///
/// [`Emitter::emit`] loads the registry through [`ArcSwap`] on every call: atomic
/// read-modify-writes that keep the registry alive while the listeners run, and a map lookup.
/// A `Publisher` is owned by one emitting component, so it can keep its event type's list
/// itself and only check, with one plain atomic load of the emitter's version, whether `on` or
/// `off` has changed anything since. Same listeners, same contract, same report.
///
/// The price: the list it keeps holds its listeners alive. A listener removed with `off` is
/// dropped when every publisher that held it has emitted again (and seen the new list) or has
/// been dropped itself.
pub struct Publisher<E: Event> {
    shared: Arc<Shared>,
    /// The emitter's version when this publisher last looked `E` up, and what it found
    /// (`None`: nobody listened to `E`).
    seen: Option<(u64, Option<Arc<Listeners<E>>>)>,
}

impl<E: Event> Publisher<E> {
    /// Calls every listener of `E`, exactly as [`Emitter::emit`] does.
    pub fn emit(&mut self, event: &E) -> EmitReport {
        let version = self.shared.version.load(Ordering::Acquire);
        let listeners = match &self.seen {
            Some((seen, listeners)) if *seen == version => listeners,
            _ => {
                // `on` or `off` published a new registry: look the list up again. It is at
                // least as new as `version`, so the next `emit` sees any change made after.
                let registry = self.shared.registry.load();
                let listeners = registry.get(&TypeId::of::<E>()).and_then(|listeners| {
                    (Arc::clone(listeners) as Arc<dyn Any + Send + Sync>)
                        .downcast::<Listeners<E>>()
                        .ok()
                });
                &self.seen.insert((version, listeners)).1
            }
        };
        match listeners {
            Some(listeners) => deliver(&self.shared, listeners, event),
            None => EmitReport::nothing::<E>(),
        }
    }
}
// ANCHOR_END: publisher

// ANCHOR: deliver
/// Calls the listeners of one snapshot in order. The calls run inside `catch_unwind`, so a
/// listener that panics is reported like one that returned an error, and the next one runs:
/// after a panic, the loop starts again after the listener that panicked. (One `catch_unwind`
/// per `emit` rather than one per listener: entering it is cheap, but not free.)
#[inline]
fn deliver<E: Event>(shared: &Shared, listeners: &Listeners<E>, event: &E) -> EmitReport {
    let mut report = EmitReport::nothing::<E>();
    let mut a_once_ran = false;
    let mut next = 0;
    while next < listeners.slots.len() {
        // AssertUnwindSafe: a listener that panics half-way may leave *its own* state
        // inconsistent, but nothing of the emitter's is touched while it runs.
        let finished = panic::catch_unwind(AssertUnwindSafe(|| {
            for (seq, slot) in &listeners.slots[next..] {
                next += 1;
                let outcome = match slot {
                    Slot::Every(listener) => listener(event),
                    Slot::Once(once) => match once.take() {
                        Some(listener) => {
                            a_once_ran = true;
                            listener(event)
                        }
                        // Another `emit` ran it first: not ours to count.
                        None => continue,
                    },
                };
                match outcome {
                    Ok(()) => report.delivered += 1,
                    Err(error) => failed::<E>(&mut report, *seq, ListenerError::Returned(error)),
                }
            }
        }));
        if let Err(payload) = finished {
            let seq = listeners.slots[next - 1].0;
            let error = ListenerError::Panicked(panic_message(payload.as_ref()));
            failed::<E>(&mut report, seq, error);
        }
    }
    if a_once_ran {
        shared.remove_fired::<E>();
    }
    report
}

/// Records (and logs) one failed listener.
fn failed<E: Event>(report: &mut EmitReport, seq: u64, error: ListenerError) {
    let listener = ListenerId {
        event: TypeId::of::<E>(),
        seq,
    };
    tracing::warn!(event = E::NAME, %error, "{listener} failed");
    report.failures.push(ListenerFailure { listener, error });
}
// ANCHOR_END: deliver

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
    fn a_listener_removed_during_an_emit_still_runs_in_that_emit() {
        let emitter = Arc::new(Emitter::new());
        let log = Log::default();
        let second = Arc::new(Mutex::new(None::<ListenerId>));
        {
            let inner = Arc::clone(&emitter);
            let second = Arc::clone(&second);
            let log = log.clone();
            emitter.on(move |_: &UserRegistered| {
                log.push("first");
                if let Some(id) = *second.lock().unwrap() {
                    inner.off(id);
                }
            });
        }
        let id = {
            let log = log.clone();
            emitter.on(move |_: &UserRegistered| log.push("second"))
        };
        *second.lock().unwrap() = Some(id);
        emitter.emit(&user("a"));
        emitter.emit(&user("b"));
        assert_eq!(log.lines(), ["first", "second", "first"]);
    }

    #[test]
    fn a_publisher_sees_the_listeners_added_and_removed_after_it_was_made() {
        let emitter = Emitter::new();
        let mut publisher = emitter.publisher::<UserRegistered>();
        assert_eq!(publisher.emit(&user("a")).delivered, 0);
        let log = Log::default();
        let id = {
            let log = log.clone();
            emitter.on(move |u: &UserRegistered| log.push(format!("on:{}", u.email)))
        };
        {
            let log = log.clone();
            emitter.once(move |u: &UserRegistered| log.push(format!("once:{}", u.email)));
        }
        assert_eq!(publisher.emit(&user("b")).delivered, 2);
        assert_eq!(publisher.emit(&user("c")).delivered, 1);
        assert!(emitter.off(id));
        assert_eq!(publisher.emit(&user("d")).delivered, 0);
        assert_eq!(log.lines(), ["on:b", "once:b", "on:c"]);
        assert_eq!(emitter.listener_count::<UserRegistered>(), 0);
    }

    #[test]
    fn a_removed_listener_is_dropped_by_off_or_by_the_publisher_that_held_it() {
        let emitter = Emitter::new();
        // What the listener owns (a channel, a connection): here a token we can count.
        let token = Arc::new(());
        let listens = |token: &Arc<()>| {
            let token = Arc::clone(token);
            move |_: &UserRegistered| drop(Arc::clone(&token))
        };
        let id = emitter.on(listens(&token));
        assert!(emitter.off(id));
        assert_eq!(
            Arc::strong_count(&token),
            1,
            "off drops the listener at once"
        );

        let id = emitter.on(listens(&token));
        let mut publisher = emitter.publisher::<UserRegistered>();
        assert_eq!(publisher.emit(&user("a")).delivered, 1);
        assert!(emitter.off(id));
        assert_eq!(
            Arc::strong_count(&token),
            2,
            "the publisher still holds the list it last used"
        );
        assert_eq!(publisher.emit(&user("b")).delivered, 0);
        assert_eq!(Arc::strong_count(&token), 1, "its next emit lets go of it");
    }

    #[test]
    fn once_runs_once_when_publishers_on_many_threads_race() {
        let emitter = Arc::new(Emitter::new());
        let calls = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&calls);
        emitter.once(move |_: &UserRegistered| {
            counter.fetch_add(1, Ordering::SeqCst);
        });
        let start = Arc::new(std::sync::Barrier::new(8));
        let threads: Vec<_> = (0..8)
            .map(|i| {
                let mut publisher = emitter.publisher::<UserRegistered>();
                let start = Arc::clone(&start);
                std::thread::spawn(move || {
                    start.wait();
                    publisher.emit(&user(&format!("{i}"))).delivered
                })
            })
            .collect();
        let delivered: usize = threads.into_iter().map(|t| t.join().unwrap()).sum();
        assert_eq!(calls.load(Ordering::SeqCst), 1);
        assert_eq!(delivered, 1);
        assert_eq!(emitter.listener_count::<UserRegistered>(), 0);
    }

    #[test]
    fn the_emitter_is_send_and_sync() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Emitter>();
    }
}
