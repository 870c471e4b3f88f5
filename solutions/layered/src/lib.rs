//! Reference solutions for the layered exercises, one module per exercise, in the order a
//! request meets the layers: route, controller (input, then errors), service.
//!
//! The checks in `tests/layered/` grade these files when you run `cargo test`, and your own
//! files in `exercises/layered/` when you run `cargo learn`.

pub mod ex1_routes;
pub mod ex2_validate;
pub mod ex3_problem;
pub mod ex4_service;
