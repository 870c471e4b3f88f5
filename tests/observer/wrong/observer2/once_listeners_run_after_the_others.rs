//! Known-wrong answer to `observer2`: `emit` calls the `on` listeners first, then the `once` ones.
//! Breaks: "listeners run in registration order, `once` listeners included"
//! Why a learner writes it: the `once` listeners must be taken out of the list to be called, so
//! splitting the list in two (keep, then consume) looks natural; the split loses the order.
//! Rejected by: on_and_once_run_together_in_registration_order

/// A user has registered.
#[derive(Debug, Clone, PartialEq)]
pub struct UserRegistered {
    pub email: String,
}

/// Names one registration; `off` takes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ListenerId(u64);

/// A registered listener: for every emit, or for the next one only.
enum Listener {
    Every(Box<dyn Fn(&UserRegistered)>),
    Once(Box<dyn FnOnce(&UserRegistered)>),
}

#[derive(Default)]
pub struct SignupEmitter {
    next_id: u64,
    listeners: Vec<(ListenerId, Listener)>,
}

impl SignupEmitter {
    pub fn new() -> Self {
        Self::default()
    }

    /// Registers `listener` for every future `emit`.
    pub fn on(&mut self, listener: impl Fn(&UserRegistered) + 'static) -> ListenerId {
        self.register(Listener::Every(Box::new(listener)))
    }

    /// Registers `listener` for the next `emit` only.
    pub fn once(&mut self, listener: impl FnOnce(&UserRegistered) + 'static) -> ListenerId {
        self.register(Listener::Once(Box::new(listener)))
    }

    /// Removes the listener `id` names; `false` if it was already gone.
    pub fn off(&mut self, id: ListenerId) -> bool {
        let before = self.listeners.len();
        self.listeners.retain(|(listener_id, _)| *listener_id != id);
        self.listeners.len() != before
    }

    /// Calls the listeners in registration order, removes the `once` ones that ran, and
    /// returns how many were called.
    pub fn emit(&mut self, event: &UserRegistered) -> usize {
        let mut called = 0;
        let mut kept = Vec::with_capacity(self.listeners.len());
        let mut once = Vec::new();
        for (id, listener) in std::mem::take(&mut self.listeners) {
            match listener {
                Listener::Every(listener) => {
                    called += 1;
                    listener(event);
                    kept.push((id, Listener::Every(listener)));
                }
                Listener::Once(listener) => once.push(listener),
            }
        }
        // The mistake: the `once` listeners run after all the `on` ones, whatever their place.
        for listener in once {
            called += 1;
            listener(event);
        }
        self.listeners = kept;
        called
    }

    /// How many listeners are registered.
    pub fn listener_count(&self) -> usize {
        self.listeners.len()
    }

    fn register(&mut self, listener: Listener) -> ListenerId {
        let id = ListenerId(self.next_id);
        self.next_id += 1;
        self.listeners.push((id, listener));
        id
    }
}
