//! The repository exercises. Each module is one exercise: its doc comment says what to do.
//!
//! Run `cargo learn` at the root of the repository: it shows the next exercise and re-checks it
//! every time you save. The checks live in `tests/repository/`, outside your files.

// The stubs leave their arguments unused until you write the bodies.
#[allow(unused)]
pub mod ex1_memory_store;
#[allow(unused)]
pub mod ex2_error_mapping;
#[allow(unused)]
pub mod ex3_pagination;
#[allow(unused)]
pub mod ex4_sqlite_store;
