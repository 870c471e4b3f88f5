//! Known-wrong answer to `observer3`: `listener_count::<E>()` adds up the listeners of all types.
//! Breaks: "`listener_count::<E>()` counts the listeners of `E` only."
//! Why a learner writes it: it is `listener_count` from the previous exercises, written over the
//! whole map; with one event type registered the number is right.
//! Rejected by: listener_count_is_per_event_type

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
        let Some(listeners) = self.listeners.get(&TypeId::of::<E>()) else {
            return 0;
        };
        for listener in listeners {
            listener(event);
        }
        listeners.len()
    }

    /// How many listeners are registered for `E`.
    pub fn listener_count<E: 'static>(&self) -> usize {
        // The mistake: `E` is ignored; every type's listeners are counted.
        self.listeners.values().map(Vec::len).sum()
    }
}
