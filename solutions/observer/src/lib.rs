//! Reference solutions for the observer exercises, one module per exercise.
//!
//! The checks in `tests/observer/` grade these files when you run `cargo test`, and your own
//! files in `exercises/observer/` when you run `cargo learn`. Try the exercise before you read
//! its solution: `cargo learn solution <name>` asks for `--force` until you have solved it.

pub mod ex1_on_emit;
pub mod ex2_once_off;
pub mod ex3_typed_events;
pub mod ex4_failing_listener;
pub mod ex5_async_shutdown;
