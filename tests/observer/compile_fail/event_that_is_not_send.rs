// The emitter can be shared between threads, so every event type must be `Send + Sync`.
// An `Rc` inside an event would let two threads touch one reference count: rejected.
use std::rc::Rc;

use observer::Event;

struct UserRegistered {
    email: Rc<String>,
}
impl Event for UserRegistered {
    const NAME: &'static str = "user_registered";
}

fn main() {}
