//! # Observer 2: `once`, and `off` with a handle
//!
//! Node removes a listener by passing the same function again:
//! `emitter.off("userRegistered", sendEmail)`. That fails silently when the listener was an
//! inline arrow function (nothing else refers to it), and when the same function was added
//! twice it removes the most recently added one, which need not be the registration you meant.
//! Here `on` and `once` return a `ListenerId`, a handle that names exactly one registration,
//! and `off` takes that handle.
//!
//! A `once` listener is stored as a `Box<dyn FnOnce(&UserRegistered)>`: calling an `FnOnce`
//! consumes it, so the type itself says it cannot run twice. To call it you must take it out of
//! the list (this is why `emit` takes `&mut self` here).
//!
//! TODO: implement `on`, `once`, `off`, `emit` and `listener_count`:
//! - every registration gets a new `ListenerId`, never reused, even after `off`;
//! - listeners run in registration order, `once` listeners included;
//! - a `once` listener runs on the next `emit` only, then is gone;
//! - `off(id)` removes that listener and returns `true`, or returns `false` if it is already
//!   gone (removed before, or a `once` listener that has run);
//! - `emit` returns how many listeners it called.
//!
//! Check your work with `cargo learn check observer2`; stuck? `cargo learn hint observer2`.

/// A user has registered.
#[derive(Debug, Clone, PartialEq)]
pub struct UserRegistered {
    pub email: String,
}

/// Names one registration; `off` takes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ListenerId(u64);

/// A registered listener: for every emit, or for the next one only.
enum Listener {
    Every(Box<dyn Fn(&UserRegistered)>),
    Once(Box<dyn FnOnce(&UserRegistered)>),
}

#[derive(Default)]
pub struct SignupEmitter {
    next_id: u64,
    listeners: Vec<(ListenerId, Listener)>,
}

impl SignupEmitter {
    pub fn new() -> Self {
        Self::default()
    }

    /// Registers `listener` for every future `emit`.
    pub fn on(&mut self, listener: impl Fn(&UserRegistered) + 'static) -> ListenerId {
        self.register(Listener::Every(Box::new(listener)))
    }

    /// Registers `listener` for the next `emit` only.
    pub fn once(&mut self, listener: impl FnOnce(&UserRegistered) + 'static) -> ListenerId {
        self.register(Listener::Once(Box::new(listener)))
    }

    /// Removes the listener `id` names; `false` if it was already gone.
    pub fn off(&mut self, id: ListenerId) -> bool {
        let before = self.listeners.len();
        self.listeners.retain(|(listener_id, _)| *listener_id != id);
        self.listeners.len() != before
    }

    /// Calls the listeners in registration order, removes the `once` ones that ran, and
    /// returns how many were called.
    pub fn emit(&mut self, event: &UserRegistered) -> usize {
        let mut called = 0;
        let mut kept = Vec::with_capacity(self.listeners.len());
        for (id, listener) in std::mem::take(&mut self.listeners) {
            called += 1;
            match listener {
                Listener::Every(listener) => {
                    listener(event);
                    kept.push((id, Listener::Every(listener)));
                }
                Listener::Once(listener) => listener(event),
            }
        }
        self.listeners = kept;
        called
    }

    /// How many listeners are registered.
    pub fn listener_count(&self) -> usize {
        self.listeners.len()
    }

    fn register(&mut self, listener: Listener) -> ListenerId {
        let id = ListenerId(self.next_id);
        self.next_id += 1;
        self.listeners.push((id, listener));
        id
    }
}
