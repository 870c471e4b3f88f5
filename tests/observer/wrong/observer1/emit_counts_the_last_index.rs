//! Known-wrong answer to `observer1`: `emit` returns the index of the last listener it called.
//! Breaks: "`emit` calls every listener once with the event and returns how many it called"
//! Why a learner writes it: `enumerate` gives 0, 1, 2 and the last index feels like "how many";
//! it is one short.
//! Rejected by: listeners_run_in_the_order_they_were_registered, listener_count_follows_on

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
        let mut called = 0;
        for (index, listener) in self.listeners.iter().enumerate() {
            listener(event);
            // The mistake: the last index, not the count (3 listeners give 2).
            called = index;
        }
        called
    }

    /// How many listeners are registered.
    pub fn listener_count(&self) -> usize {
        self.listeners.len()
    }
}
