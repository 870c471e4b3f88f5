//! # Observer 1: `on` and `emit`
//!
//! Node's whole observer pattern fits in three lines:
//!
//! ```js
//! const emitter = new EventEmitter();
//! emitter.on("userRegistered", (data) => console.log("Email sent to", data.email));
//! emitter.emit("userRegistered", { email: "test@gmail.com" });
//! ```
//!
//! Build its Rust core for one event type, `UserRegistered`. The emitter keeps its listeners as
//! boxed closures, `Box<dyn Fn(&UserRegistered)>` (see `Listener` below).
//!
//! TODO: implement `on`, `emit` and `listener_count`:
//! - `on` keeps the listener; listeners run in the order they were registered;
//! - `emit` calls every listener once with the event and returns how many it called
//!   (0 when nobody listens: that is not an error);
//! - `listener_count` says how many listeners are registered.
//!
//! Check your work with `cargo learn check observer1`; stuck? `cargo learn hint observer1`.

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
        todo!()
    }

    /// Calls every listener with `event`, in registration order; returns how many were called.
    pub fn emit(&self, event: &UserRegistered) -> usize {
        todo!()
    }

    /// How many listeners are registered.
    pub fn listener_count(&self) -> usize {
        todo!()
    }
}
