// An emitter may be shared between threads (`Arc<Emitter>`), and `emit` calls the listeners on
// whichever thread emits, so every listener must be `Send + Sync`. This one holds an `Rc`, a
// reference count that is not thread-safe: rejected where it is registered.
use std::rc::Rc;

use observer::{Emitter, Event};

struct UserRegistered;
impl Event for UserRegistered {
    const NAME: &'static str = "user_registered";
}

fn main() {
    let emitter = Emitter::new();
    let signups = Rc::new(std::cell::Cell::new(0));
    emitter.on(move |_: &UserRegistered| signups.set(signups.get() + 1));
}
