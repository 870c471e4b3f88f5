//! Known-wrong answer to `observer1`: `emit` calls the listeners inside `.map(...)`, which never runs.
//! Breaks: "`emit` calls every listener once with the event and returns how many it called"
//! Why a learner writes it: in JavaScript `listeners.map(l => l(event))` calls every function at once;
//! a Rust iterator is lazy, and a `map` that nobody consumes calls nothing.
//! Rejected by: a_listener_receives_the_emitted_event, listeners_run_in_the_order_they_were_registered

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
        // The mistake: an iterator adapter that is never consumed; no listener is called.
        let _calls = self.listeners.iter().map(|listener| listener(event));
        self.listeners.len()
    }

    /// How many listeners are registered.
    pub fn listener_count(&self) -> usize {
        self.listeners.len()
    }
}
