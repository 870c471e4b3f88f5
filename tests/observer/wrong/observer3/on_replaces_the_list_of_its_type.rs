//! Known-wrong answer to `observer3`: `on` inserts a new list of one under the type, replacing the old.
//! Breaks: "`on::<E>` stores the listener under `TypeId::of::<E>()`"
//! Why a learner writes it: `HashMap::insert` is the first method that comes to mind; it replaces
//! the value, so each new listener of a type silently drops those registered before.
//! Rejected by: listeners_of_one_type_run_in_registration_order, listener_count_is_per_event_type

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
        // The mistake: `insert` replaces the list; `entry(...).or_default().push(...)` adds to it.
        self.listeners.insert(TypeId::of::<E>(), vec![erased]);
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
        self.listeners.get(&TypeId::of::<E>()).map_or(0, Vec::len)
    }
}
