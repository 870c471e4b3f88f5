//! Known-wrong answer to `observer1`: `listener_count` returns the vector's capacity.
//! Breaks: "`listener_count` says how many listeners are registered."
//! Why a learner writes it: `capacity()` sits next to `len()` in the completion list and sounds like
//! "how many it holds"; it is how many it has room for.
//! Rejected by: listener_count_follows_on

/// A user has registered.
#[derive(Debug, Clone, PartialEq)]
pub struct UserRegistered {
    pub email: String,
}

/// A listener: some function the emitter owns (`Box`) and can call with a `&UserRegistered`,
/// as many times as it likes (`Fn`). `dyn` because every closure has its own type, and one
/// `Vec` must hold them all.
type Listener = Box<dyn Fn(&UserRegistered)>;

/// An emitter for the one event `UserRegistered`.
#[derive(Default)]
pub struct SignupEmitter {
    listeners: Vec<Listener>,
}

impl SignupEmitter {
    pub fn new() -> Self {
        Self::default()
    }

    /// Registers `listener` to be called on every `emit`.
    pub fn on(&mut self, listener: impl Fn(&UserRegistered) + 'static) {
        self.listeners.push(Box::new(listener));
    }

    /// Calls every listener with `event`, in registration order; returns how many were called.
    pub fn emit(&self, event: &UserRegistered) -> usize {
        for listener in &self.listeners {
            listener(event);
        }
        self.listeners.len()
    }

    /// How many listeners are registered.
    pub fn listener_count(&self) -> usize {
        // The mistake: room reserved, not listeners registered (1 listener, capacity 4).
        self.listeners.capacity()
    }
}
