//! Reference solutions for the singleton exercises, one module per exercise.
//!
//! The checks in `tests/singleton/` grade these files when you run `cargo test`, and your own
//! files in `exercises/singleton/` when you run `cargo learn`.

pub mod ex1_global_counter;
pub mod ex2_config_once;
pub mod ex3_retry_cell;
pub mod ex4_async_pool;
pub mod ex5_inject;
