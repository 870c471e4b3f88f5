// In Node, `emitter.on("userRegistered", (order) => ...)` is accepted: nothing links the
// listener to the payload. Here the listener for `UserRegistered` must take a
// `&UserRegistered`; one written for `OrderPlaced` does not compile.
use observer::{Emitter, Event};

struct UserRegistered {
    email: String,
}
impl Event for UserRegistered {
    const NAME: &'static str = "user_registered";
}

struct OrderPlaced {
    total_cents: u64,
}
impl Event for OrderPlaced {
    const NAME: &'static str = "order_placed";
}

fn main() {
    let emitter = Emitter::new();
    emitter.on::<UserRegistered>(|order: &OrderPlaced| println!("{}", order.total_cents));
    emitter.emit(&UserRegistered { email: "test@gmail.com".into() });
}
