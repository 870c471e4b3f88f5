//! Reference solutions for the factory exercises, one module per exercise.
//!
//! The checks in `tests/factory/` grade these files when you run `cargo test`, and your own
//! files in `exercises/factory/` when you run `cargo learn`.

pub mod ex1_create;
pub mod ex2_kinds;
pub mod ex3_enum_dispatch;
pub mod ex4_registry;
pub mod ex5_families;
