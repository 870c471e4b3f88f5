//! Known-wrong answer to `observer3`: `emit` looks the type up with `map[&key]`, which panics when absent.
//! Breaks: "`emit(&event)` calls, in registration order, only the listeners registered for the event's own type, and returns how many it called"
//! Why a learner writes it: `listeners[key]` is how JavaScript reads an object; in Rust, indexing a
//! `HashMap` with a key that is not there panics, and a type nobody listens to is not there.
//! Rejected by: emitting_a_type_nobody_listens_to_calls_nobody

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
        let erased: ErasedListener = Box::new(move |event: &dyn Any| {
            if let Some(event) = event.downcast_ref::<E>() {
                listener(event);
            }
        });
        self.listeners
            .entry(TypeId::of::<E>())
            .or_default()
            .push(erased);
    }

    /// Calls the listeners registered for `E`, in registration order; returns how many.
    pub fn emit<E: 'static>(&self, event: &E) -> usize {
        // The mistake: indexing panics for a type with no listeners; `get` returns `None`.
        let listeners = &self.listeners[&TypeId::of::<E>()];
        for listener in listeners {
            listener(event);
        }
        listeners.len()
    }

    /// How many listeners are registered for `E`.
    pub fn listener_count<E: 'static>(&self) -> usize {
        self.listeners.get(&TypeId::of::<E>()).map_or(0, Vec::len)
    }
}
