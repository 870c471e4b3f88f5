//! Reference solutions for the repository exercises, one module per exercise.
//!
//! The checks in `tests/repository/` grade these files when you run `cargo test`, and your own
//! files in `exercises/repository/` when you run `cargo learn`.

pub mod ex1_memory_store;
pub mod ex2_error_mapping;
pub mod ex3_pagination;
pub mod ex4_sqlite_store;
