//! The factory exercises. Each module is one exercise: its doc comment says what to do.
//!
//! Run `cargo learn` at the root of the repository: it shows the next exercise and re-checks it
//! every time you save. The checks live in `tests/factory/`, outside your files.

// The stubs leave their arguments unused until you write the bodies.
#[allow(unused)]
pub mod ex1_create;
#[allow(unused)]
pub mod ex2_kinds;
#[allow(unused)]
pub mod ex3_enum_dispatch;
#[allow(unused)]
pub mod ex4_registry;
#[allow(unused)]
pub mod ex5_families;
