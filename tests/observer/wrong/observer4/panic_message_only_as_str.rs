//! Known-wrong answer to `observer4`: the panic message is read as `&str` only.
//! Breaks: "or for a panic `"panicked: "` followed by the panic message."
//! Why a learner writes it: `panic!("text")` gives a `&str` payload and that is the case one tries
//! first; `panic!("{}", x)` gives a `String`, which this answer reports as "unknown panic".
//! Rejected by: a_panicking_listener_is_caught_and_reported_and_the_others_run

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
    } else {
        // The mistake: a `String` payload (`panic!("{}", x)`) is never tried.
        "unknown panic"
    }
}
