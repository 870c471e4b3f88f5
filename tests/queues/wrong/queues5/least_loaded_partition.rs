//! Known-wrong answer to `queues5`: each event goes to the partition with the fewest events.
//! Breaks: "appends the event to the partition of its key, which is the event's `user`"
//! Why a learner writes it: balancing the partitions sounds like the point of having several,
//! and it needs no hash at all; but the partition then depends on the load, not on the user,
//! so one user's events scatter and are handled out of order.
//! Rejected by: each_users_events_are_handled_in_order, publish_puts_each_event_in_its_users_partition

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
    fnv1a_32(key.as_bytes()) % partitions
}

/// Appends `event` to the partition of its user; returns that partition.
pub fn publish(topic: &Topic, event: Event) -> Result<u32, TopicError> {
    let partition = (0..topic.partitions())
        .min_by_key(|&p| topic.read(p, 0).map_or(usize::MAX, |log| log.len()))
        .unwrap_or(0);
    topic.append(partition, event)?;
    Ok(partition)
}
