//! Known-wrong answer to `observer1`: `on` keeps only the last listener, like `button.onclick = f`.
//! Breaks: "`on` keeps the listener; listeners run in the order they were registered"
//! Why a learner writes it: a DOM-style callback property holds one function; assigning a new one
//! replaces the old, and with a single listener nothing looks wrong.
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
        // The mistake: a fresh list of one forgets every listener registered before.
        self.listeners = vec![Box::new(listener)];
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
