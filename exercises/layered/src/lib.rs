//! The layered exercises, in the order a request meets the layers: route, controller (input,
//! then errors), service. Each module is one exercise: its doc comment says what to do.
//!
//! Run `cargo learn` at the root of the repository: it shows the next exercise and re-checks it
//! every time you save. The checks live in `tests/layered/`, outside your files.

// The stubs leave their arguments unused until you write the bodies.
#[allow(unused)]
pub mod ex1_routes;
#[allow(unused)]
pub mod ex2_validate;
#[allow(unused)]
pub mod ex3_problem;
#[allow(unused)]
pub mod ex4_service;
