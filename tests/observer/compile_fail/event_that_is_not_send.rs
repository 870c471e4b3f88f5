// Every event type must be `Send + Sync`: listeners hand events on to other threads and tasks
// (the async `EventBus`, a background job), so an event that cannot cross threads is refused
// where it is declared an event, not later, deep inside some listener. An `Rc` is a reference
// count that is not thread-safe: rejected.
use std::rc::Rc;

use observer::Event;

struct UserRegistered {
    email: Rc<String>,
}
impl Event for UserRegistered {
    const NAME: &'static str = "user_registered";
}

fn main() {}
