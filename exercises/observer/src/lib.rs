//! The observer exercises. Each module is one exercise: its doc comment says what to do.
//!
//! Run `cargo learn` at the root of the repository: it shows the next exercise and re-checks it
//! every time you save. The checks live in `tests/observer/`, outside your files.

// The stubs leave their arguments unused until you write the bodies.
#[allow(unused)]
pub mod ex1_on_emit;
#[allow(unused)]
pub mod ex2_once_off;
#[allow(unused)]
pub mod ex3_typed_events;
#[allow(unused)]
pub mod ex4_failing_listener;
#[allow(unused)]
pub mod ex5_async_shutdown;
