//! The singleton exercises. Each module is one exercise: its doc comment says what to do.
//!
//! Run `cargo learn` at the root of the repository: it shows the next exercise and re-checks it
//! every time you save. The checks live in `tests/singleton/`, outside your files.

// The stubs leave their arguments unused until you write the bodies.
#[allow(unused)]
pub mod ex1_global_counter;
#[allow(unused)]
pub mod ex2_config_once;
#[allow(unused)]
pub mod ex3_retry_cell;
#[allow(unused)]
pub mod ex4_async_pool;
#[allow(unused)]
pub mod ex5_inject;
