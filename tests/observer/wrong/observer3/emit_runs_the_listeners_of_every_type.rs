//! Known-wrong answer to `observer3`: `emit` offers the event to every listener of every type.
//! Breaks: "`emit(&event)` calls, in registration order, only the listeners registered for the event's own type, and returns how many it called"
//! Why a learner writes it: the wrapper's `downcast_ref` already skips events of another type, so
//! looping over the whole map seems harmless; but `emit` then counts listeners it did not call.
//! Rejected by: each_listener_receives_only_its_own_event_type, emitting_a_type_nobody_listens_to_calls_nobody

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
        // The mistake: every list of the map, not the one under `TypeId::of::<E>()`; the
        // downcast in each wrapper filters the calls, but the count includes every listener.
        let mut called = 0;
        for listeners in self.listeners.values() {
            for listener in listeners {
                listener(event);
                called += 1;
            }
        }
        called
    }

    /// How many listeners are registered for `E`.
    pub fn listener_count<E: 'static>(&self) -> usize {
        self.listeners.get(&TypeId::of::<E>()).map_or(0, Vec::len)
    }
}
