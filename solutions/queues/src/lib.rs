//! The message-queue exercises, in the order a message meets them: a consumer that acks after
//! the work, one that applies a message once however often it comes, a poison message retried
//! with backoff and then dead-lettered, competing consumers that share fairly, and keys that
//! keep one user's events in order across partitions. All run on the in-process broker: no
//! broker to install. Each module is one exercise: its doc comment says what to do.
//!
//! Run `cargo learn` at the root of the repository: it shows the next exercise and re-checks it
//! every time you save. The checks live in `tests/queues/`, outside your files.

// The stubs leave their arguments unused until you write the bodies.
#[allow(unused)]
pub mod ex1_ack_after;
#[allow(unused)]
pub mod ex2_idempotent;
#[allow(unused)]
pub mod ex3_poison;
#[allow(unused)]
pub mod ex4_prefetch;
#[allow(unused)]
pub mod ex5_partitions;
