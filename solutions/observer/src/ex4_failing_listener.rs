//! # Observer 4: a failing listener must not break the others
//!
//! In Node, when one listener throws, `emit` throws too and the listeners after it never run:
//! a broken analytics module can stop welcome emails. A robust emitter runs every listener
//! whatever the others do, and tells the caller what failed.
//!
//! A listener here returns `Result<(), String>`. It can fail in two ways:
//! - it returns `Err(reason)`;
//! - it panics. `std::panic::catch_unwind(AssertUnwindSafe(|| ...))` runs a closure and turns
//!   a panic into an `Err(payload)`; the payload of `panic!("some text")` downcasts to `&str`,
//!   and that of `panic!("{}", x)` to `String`.
//!
//! TODO: implement `emit`:
//! - call every listener, in registration order, even after one has failed;
//! - `delivered` counts the listeners that returned `Ok(())`;
//! - each failure goes into `failures`, in order, with the listener's index (its position in
//!   registration order, from 0) and a reason: the `Err` text as it is, or for a panic
//!   `"panicked: "` followed by the panic message.
//!
//! Check your work with `cargo learn check observer4`; stuck? `cargo learn hint observer4`.

use std::any::Any;
use std::panic::{self, AssertUnwindSafe};

/// A user has registered.
#[derive(Debug, Clone, PartialEq)]
pub struct UserRegistered {
    pub email: String,
}

/// What a listener returns.
pub type ListenerResult = Result<(), String>;

/// One listener that did not complete.
#[derive(Debug, Clone, PartialEq)]
pub struct Failure {
    /// The listener's position in registration order, from 0.
    pub listener: usize,
    /// The `Err` text, or `"panicked: <message>"`.
    pub reason: String,
}

/// What one `emit` did.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct EmitReport {
    pub delivered: usize,
    pub failures: Vec<Failure>,
}

/// A listener, boxed so that listeners of different closure types fit in one `Vec`.
type Listener = Box<dyn Fn(&UserRegistered) -> ListenerResult>;

#[derive(Default)]
pub struct SignupEmitter {
    listeners: Vec<Listener>,
}

impl SignupEmitter {
    pub fn new() -> Self {
        Self::default()
    }

    /// Registers a listener that may fail.
    pub fn on(&mut self, listener: impl Fn(&UserRegistered) -> ListenerResult + 'static) {
        self.listeners.push(Box::new(listener));
    }

    /// Runs every listener, whatever the others do, and reports the failures.
    pub fn emit(&self, event: &UserRegistered) -> EmitReport {
        let mut report = EmitReport::default();
        for (index, listener) in self.listeners.iter().enumerate() {
            let reason = match panic::catch_unwind(AssertUnwindSafe(|| listener(event))) {
                Ok(Ok(())) => {
                    report.delivered += 1;
                    continue;
                }
                Ok(Err(reason)) => reason,
                Err(payload) => format!("panicked: {}", panic_message(payload.as_ref())),
            };
            report.failures.push(Failure {
                listener: index,
                reason,
            });
        }
        report
    }
}

fn panic_message(payload: &(dyn Any + Send)) -> &str {
    if let Some(message) = payload.downcast_ref::<&str>() {
        message
    } else if let Some(message) = payload.downcast_ref::<String>() {
        message
    } else {
        "unknown panic"
    }
}
