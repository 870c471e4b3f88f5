//! The microservices exercises, in the order a call between two services meets them: a client
//! with a timeout and a bounded retry that only repeats what is safe, a circuit breaker's state
//! machine, a token verified by hand (expiry, audience, the algorithm pinned), an event handler
//! that emails once across a service boundary, and a report that asks another service's API
//! instead of reading its tables. All run in memory, with stand-ins for the network and the
//! other services. Each module is one exercise: its doc comment says what to do.
//!
//! Run `cargo learn` at the root of the repository: it shows the next exercise and re-checks it
//! every time you save. The checks live in `tests/microservices/`, outside your files.

// The stubs leave their arguments unused until you write the bodies.
#[allow(unused)]
pub mod ex1_client;
#[allow(unused)]
pub mod ex2_breaker;
#[allow(unused)]
pub mod ex3_verify;
#[allow(unused)]
pub mod ex4_handler;
#[allow(unused)]
pub mod ex5_own_data;
