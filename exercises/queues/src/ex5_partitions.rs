//! # Queues 5: keys and partitions, one user's events in order
//!
//! A queue with competing consumers gives up order: two workers take two messages of the same
//! user, and the second may be done first ("email changed" applied before "account created").
//! Kafka keeps both scale and order by splitting a topic into **partitions**: each partition is
//! an append-only log read in order by one consumer at a time, and the partitions are read in
//! parallel. Order holds within a partition only, so the producer chooses the partition from a
//! **key**: every event with the same key goes to the same partition. Key by user id, and each
//! user's events are read in the order they were published, while different users spread over
//! the partitions and are handled side by side.
//!
//! The key's hash must be *stable*: the same partition for the same key in every process, after
//! every restart, in every language the producers are written in. Rust's `DefaultHasher` and
//! `HashMap`'s `RandomState` are not: `RandomState` is seeded at random (on purpose, against
//! hash flooding), and `DefaultHasher`'s algorithm is not specified and may change between Rust
//! releases. So partitioners name their hash (Kafka's uses murmur2); here it is FNV-1a, 32 bits,
//! short enough to write in a few lines.
//!
//! [`Topic`] (given) is a small partitioned log in the process: Kafka's model without Kafka.
//!
//! TODO: write
//! 1. `fnv1a_32(bytes)`: the 32-bit FNV-1a hash. Start from the offset basis `0x811c9dc5`; for
//!    each byte, first XOR the byte into the hash, then multiply by the prime `0x01000193`,
//!    wrapping (`u32::wrapping_mul`). So `fnv1a_32(b"")` is `0x811c9dc5` and `fnv1a_32(b"a")` is
//!    `0xe40c292c`.
//! 2. `partition_for(key, partitions)`: `fnv1a_32` of the key's UTF-8 bytes, modulo
//!    `partitions`: a number from `0` to `partitions - 1`, the same for the same key every
//!    time. (`partitions` is at least 1.)
//! 3. `publish(topic, event)`: appends the event to the partition of its key, which is the
//!    event's `user` (not its `id`: every event has its own id), with
//!    `partition_for(&event.user, topic.partitions())`, and returns that partition; an error
//!    of `append` is returned.
//!
//! Check your work with `cargo learn check queues5`; stuck? `cargo learn hint queues5`.

use std::sync::{Mutex, PoisonError};

// ---- Given: events, and a topic of partitions. ----

/// Something that happened to a user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// This event's own id: unique.
    pub id: String,
    /// The user it happened to: the key.
    pub user: String,
    pub kind: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TopicError {
    #[error("there is no partition {partition}: the topic has {partitions}, numbered from 0")]
    NoSuchPartition { partition: u32, partitions: u32 },
}

/// A topic: `partitions` logs, each ordered and append-only. A consumer reads one partition
/// from an offset on, in the order the events were appended.
pub struct Topic {
    partitions: Vec<Mutex<Vec<Event>>>,
}

impl Topic {
    /// A topic with `partitions` partitions (at least 1), numbered from 0.
    pub fn new(partitions: u32) -> Self {
        Self {
            partitions: (0..partitions.max(1)).map(|_| Mutex::default()).collect(),
        }
    }

    /// How many partitions the topic has.
    pub fn partitions(&self) -> u32 {
        u32::try_from(self.partitions.len()).unwrap_or(u32::MAX)
    }

    fn log(&self, partition: u32) -> Result<std::sync::MutexGuard<'_, Vec<Event>>, TopicError> {
        let log = usize::try_from(partition)
            .ok()
            .and_then(|p| self.partitions.get(p))
            .ok_or(TopicError::NoSuchPartition {
                partition,
                partitions: self.partitions(),
            })?;
        Ok(log.lock().unwrap_or_else(PoisonError::into_inner))
    }

    /// Appends `event` at the end of `partition`; returns its offset there.
    pub fn append(&self, partition: u32, event: Event) -> Result<u64, TopicError> {
        let mut log = self.log(partition)?;
        log.push(event);
        Ok(u64::try_from(log.len() - 1).unwrap_or(u64::MAX))
    }

    /// The events of `partition` from `offset` on, in order.
    pub fn read(&self, partition: u32, offset: u64) -> Result<Vec<Event>, TopicError> {
        let log = self.log(partition)?;
        let from = usize::try_from(offset).unwrap_or(usize::MAX).min(log.len());
        Ok(log[from..].to_vec())
    }
}

// ---- The producer's side: yours. ----

/// The 32-bit FNV-1a hash of `bytes`.
pub fn fnv1a_32(bytes: &[u8]) -> u32 {
    todo!()
}

/// The partition of `key`, among `partitions`: stable, from `0` to `partitions - 1`.
pub fn partition_for(key: &str, partitions: u32) -> u32 {
    todo!()
}

/// Appends `event` to the partition of its user; returns that partition.
pub fn publish(topic: &Topic, event: Event) -> Result<u32, TopicError> {
    todo!()
}
