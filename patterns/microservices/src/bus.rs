//! # The broker between processes: NATS JetStream, or a stand-in in a SQLite file
//!
//! "Order placed" does not need an answer, so orders does not call notifications: it publishes
//! an event, and notifications reads it when it can. If notifications is down, the events wait;
//! orders goes on taking orders. The stream is the events pattern's [`Transport`]: NATS
//! JetStream when `NATS_URL` is set (a real broker, and what CI runs), and otherwise a stand-in
//! so that the demo needs nothing installed.
//!
//! The stand-in is a table in a SQLite file that every service opens: orders appends rows, and
//! notifications polls for rows after its checkpoint. It crosses processes for real (the events
//! pattern's in-process log could not), with SQLite's file locking keeping the writers in turn.
//! It is a stand-in and no more: one machine only (a file on a network share is not safe to
//! lock), readers poll (every 50 ms here: latency, and idle queries), and every append takes
//! the file's one write lock, so past a few thousand events a second, or a second machine, it
//! stops being one. That is when a broker earns its keep.

use std::collections::VecDeque;
use std::time::Duration;

use events::transport::nats::{JetStream, JetStreamSubscription};
use events::{Envelope, Record, Subscription, Transport, TransportError};
use sqlx::Row;

/// The event stream the services share.
#[derive(Clone)]
pub enum Bus {
    File(FileLog),
    Nats(Box<JetStream>),
}

impl Bus {
    /// `NATS_URL` set: the JetStream stream `stream` there. Otherwise the stand-in in the SQLite
    /// file at `file`.
    pub async fn connect(
        nats_url: Option<&str>,
        stream: &str,
        file: &str,
    ) -> Result<Self, TransportError> {
        match nats_url {
            Some(url) => Ok(Self::Nats(Box::new(JetStream::connect(url, stream).await?))),
            None => Ok(Self::File(FileLog::open(file).await?)),
        }
    }

    /// What it is, for the logs and the demo.
    pub fn describe(&self) -> &'static str {
        match self {
            Self::File(_) => "a stream table in a shared SQLite file (the stand-in)",
            Self::Nats(_) => "NATS JetStream",
        }
    }
}

impl Transport for Bus {
    type Subscription = BusReader;

    async fn publish(&self, envelope: &Envelope) -> Result<u64, TransportError> {
        match self {
            Self::File(log) => log.publish(envelope).await,
            Self::Nats(stream) => stream.publish(envelope).await,
        }
    }

    async fn publish_all(&self, envelopes: &[Envelope]) -> Result<Option<u64>, TransportError> {
        match self {
            Self::File(log) => log.publish_all(envelopes).await,
            Self::Nats(stream) => stream.publish_all(envelopes).await,
        }
    }

    async fn subscribe(&self, after: Option<u64>) -> Result<BusReader, TransportError> {
        Ok(match self {
            Self::File(log) => BusReader::File(log.subscribe(after).await?),
            Self::Nats(stream) => BusReader::Nats(Box::new(stream.subscribe(after).await?)),
        })
    }
}

/// A reader of the [`Bus`].
pub enum BusReader {
    File(FileReader),
    Nats(Box<JetStreamSubscription>),
}

impl Subscription for BusReader {
    async fn next(&mut self) -> Result<Record, TransportError> {
        match self {
            Self::File(reader) => reader.next().await,
            Self::Nats(reader) => reader.next().await,
        }
    }
}

// ANCHOR: file_log
/// The stand-in: a `stream` table in a SQLite file, appended by one process and polled by
/// others. Positions are the table's row ids.
#[derive(Clone)]
pub struct FileLog {
    pool: sqlx::AnyPool,
}

fn transport_error(error: impl std::fmt::Display) -> TransportError {
    TransportError::Unreachable(error.to_string())
}

impl FileLog {
    /// Opens (or creates) the file at `path`.
    pub async fn open(path: &str) -> Result<Self, TransportError> {
        let url = format!("sqlite://{path}?mode=rwc");
        let (pool, _) = crate::open_database(&url).await.map_err(transport_error)?;
        sqlx::query(
            "CREATE TABLE IF NOT EXISTS stream (
                position INTEGER PRIMARY KEY AUTOINCREMENT,
                bytes BLOB NOT NULL
            )",
        )
        .execute(&pool)
        .await
        .map_err(transport_error)?;
        Ok(Self { pool })
    }
}

impl Transport for FileLog {
    type Subscription = FileReader;

    async fn publish(&self, envelope: &Envelope) -> Result<u64, TransportError> {
        let position: i64 =
            sqlx::query_scalar("INSERT INTO stream (bytes) VALUES ($1) RETURNING position")
                .bind(envelope.to_bytes())
                .fetch_one(&self.pool)
                .await
                .map_err(transport_error)?;
        Ok(u64::try_from(position).unwrap_or(0))
    }

    async fn subscribe(&self, after: Option<u64>) -> Result<FileReader, TransportError> {
        Ok(FileReader {
            pool: self.pool.clone(),
            after: after.unwrap_or(0),
            buffered: VecDeque::new(),
        })
    }
}

/// A reader of the file's stream: it polls for rows after the last one it returned.
pub struct FileReader {
    pool: sqlx::AnyPool,
    after: u64,
    buffered: VecDeque<Record>,
}

impl Subscription for FileReader {
    async fn next(&mut self) -> Result<Record, TransportError> {
        loop {
            if let Some(record) = self.buffered.pop_front() {
                self.after = record.position;
                return Ok(record);
            }
            let rows = sqlx::query(
                "SELECT position, bytes FROM stream WHERE position > $1
                 ORDER BY position LIMIT 500",
            )
            .bind(i64::try_from(self.after).unwrap_or(i64::MAX))
            .fetch_all(&self.pool)
            .await
            .map_err(transport_error)?;
            for row in rows {
                let position: i64 = row.try_get("position").map_err(transport_error)?;
                self.buffered.push_back(Record {
                    position: u64::try_from(position).unwrap_or(0),
                    bytes: row.try_get("bytes").map_err(transport_error)?,
                });
            }
            if self.buffered.is_empty() {
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        }
    }
}
// ANCHOR_END: file_log

/// Where the bus is, for every service alike: `NATS_URL` (and `BUS_STREAM`, the stream's name),
/// or the stand-in's file, `BUS_FILE`.
#[derive(Debug, Clone)]
pub struct Settings {
    pub nats_url: Option<String>,
    pub stream: String,
    pub file: String,
}

impl Settings {
    pub fn from_env(data_dir: &str) -> Self {
        Self {
            nats_url: std::env::var("NATS_URL").ok().filter(|url| !url.is_empty()),
            stream: crate::setting("BUS_STREAM", "microservices"),
            file: crate::setting("BUS_FILE", &format!("{data_dir}/bus.sqlite")),
        }
    }

    pub async fn connect(&self) -> Result<Bus, TransportError> {
        Bus::connect(self.nats_url.as_deref(), &self.stream, &self.file).await
    }
}
