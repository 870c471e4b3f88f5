//! The clean architecture exercises, from the inside out: an entity that keeps its own rules,
//! a use case written against ports (graded where no async runtime, database or web crate
//! exists: the dependency rule), an adapter that implements a port with sqlx, a second way in
//! over the same use case, and a fat handler whose rule moves inward. Each module is one
//! exercise: its doc comment says what to do.
//!
//! Run `cargo learn` at the root of the repository: it shows the next exercise and re-checks it
//! every time you save. The checks live in `tests/clean/`, outside your files.

// The stubs leave their arguments unused until you write the bodies.
#[allow(unused)]
pub mod ex1_order;
#[allow(unused)]
pub mod ex2_place_order;
#[allow(unused)]
pub mod ex3_sql_inventory;
#[allow(unused)]
pub mod ex4_cli;
#[allow(unused)]
pub mod ex5_fat_handler;
