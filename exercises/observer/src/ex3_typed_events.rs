//! # Observer 3: many event types, checked by the compiler
//!
//! A Node emitter carries every event under a string name, and any payload under any name:
//! `emitter.on("userRegisterd", ...)` (note the typo) is accepted and simply never called.
//! In Rust an event is a type: a misspelled event type does not compile, and
//! `emitter.on::<UserRegistered>(|order: &OrderPlaced| ...)` does not compile either, because the
//! listener's argument must be the event it is registered for.
//!
//! One emitter holds listeners for many event types, so it needs one collection for all of them.
//! The tool is `std::any`: `TypeId::of::<E>()` is a key per type, and `&dyn Any` is a reference
//! to a value of some type that can be checked and turned back into `&E` with
//! `downcast_ref::<E>()`. Each typed listener is wrapped in a closure that takes `&dyn Any`,
//! downcasts, and calls the listener.
//!
//! TODO: implement `on`, `emit` and `listener_count`:
//! - `on::<E>` stores the listener under `TypeId::of::<E>()`;
//! - `emit(&event)` calls, in registration order, only the listeners registered for the
//!   event's own type, and returns how many it called;
//! - `listener_count::<E>()` counts the listeners of `E` only.
//!
//! Check your work with `cargo learn check observer3`; stuck? `cargo learn hint observer3`.

use std::any::{Any, TypeId};
use std::collections::HashMap;

/// A user has registered.
#[derive(Debug, Clone, PartialEq)]
pub struct UserRegistered {
    pub email: String,
}

/// An order has been placed.
#[derive(Debug, Clone, PartialEq)]
pub struct OrderPlaced {
    pub order_id: u64,
    pub total_cents: u64,
}

/// A listener with its type erased: it takes any event and downcasts it.
type ErasedListener = Box<dyn Fn(&dyn Any)>;

#[derive(Default)]
pub struct TypedEmitter {
    listeners: HashMap<TypeId, Vec<ErasedListener>>,
}

impl TypedEmitter {
    pub fn new() -> Self {
        Self::default()
    }

    /// Registers `listener` for events of type `E`.
    pub fn on<E: 'static>(&mut self, listener: impl Fn(&E) + 'static) {
        todo!()
    }

    /// Calls the listeners registered for `E`, in registration order; returns how many.
    pub fn emit<E: 'static>(&self, event: &E) -> usize {
        todo!()
    }

    /// How many listeners are registered for `E`.
    pub fn listener_count<E: 'static>(&self) -> usize {
        todo!()
    }
}
