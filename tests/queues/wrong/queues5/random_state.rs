//! Known-wrong answer to `queues5`: the partition is a hash from the standard library's `RandomState`.
//! Breaks: "`fnv1a_32` of the key's UTF-8 bytes, modulo `partitions`: a number from `0` to `partitions - 1`, the same for the same key every time"
//! Why a learner writes it: it is how a `HashMap` hashes, so it looks like the idiomatic hash;
//! but `RandomState` is seeded at random, on purpose (each `RandomState::new()` differs, and so
//! does every process), so the same user gets a different partition from one call to the next.
//! Rejected by: partition_for_is_fnv1a_modulo_the_partitions, the_same_key_always_gets_the_same_partition, each_users_events_are_handled_in_order

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
    let mut hash: u32 = 0x811c_9dc5;
    for &byte in bytes {
        hash ^= u32::from(byte);
        hash = hash.wrapping_mul(0x0100_0193);
    }
    hash
}

/// The partition of `key`, among `partitions`: stable, from `0` to `partitions - 1`.
pub fn partition_for(key: &str, partitions: u32) -> u32 {
    use std::hash::BuildHasher;
    let hash = std::collections::hash_map::RandomState::new().hash_one(key);
    u32::try_from(hash % u64::from(partitions)).unwrap_or(0)
}

/// Appends `event` to the partition of its user; returns that partition.
pub fn publish(topic: &Topic, event: Event) -> Result<u32, TopicError> {
    let partition = partition_for(&event.user, topic.partitions());
    topic.append(partition, event)?;
    Ok(partition)
}
