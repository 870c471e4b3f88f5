//! Known-wrong answer to `observer1`: `on` puts each new listener first.
//! Breaks: "`on` keeps the listener; listeners run in the order they were registered"
//! Why a learner writes it: "the newest listener first" reads like a stack, and with one listener
//! every check of the happy path passes.
//! Rejected by: listeners_run_in_the_order_they_were_registered

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
        // The mistake: inserting at the front runs the listeners newest first.
        self.listeners.insert(0, Box::new(listener));
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
        self.listeners.len()
    }
}
