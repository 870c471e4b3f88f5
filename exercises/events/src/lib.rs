//! The event-driven exercises, in the order an event meets them: a reader that upcasts old
//! schema versions and parks what it cannot read, a transactional outbox that writes the user and
//! its event together, a consumer whose inbox and checkpoint make redelivery harmless, a
//! projection that gives the same figures whatever the order and however many duplicates, and an
//! event-sourced order appended with optimistic concurrency. All run in memory: no broker or
//! database to install. Each module is one exercise: its doc comment says what to do.
//!
//! Run `cargo learn` at the root of the repository: it shows the next exercise and re-checks it
//! every time you save. The checks live in `tests/events/`, outside your files.

// The stubs leave their arguments unused until you write the bodies.
#[allow(unused)]
pub mod ex1_upcast;
#[allow(unused)]
pub mod ex2_outbox;
#[allow(unused)]
pub mod ex3_inbox;
#[allow(unused)]
pub mod ex4_projection;
#[allow(unused)]
pub mod ex5_aggregate;
