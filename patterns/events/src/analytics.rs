//! # The analytics service: a read model built from events
//!
//! Analytics never asks the auth service anything. It reads the stream of events and keeps
//! what it needs in its own database: one row per user, and from those rows the sign-up
//! statistics. That is a *projection* (or read model): a view of the facts, shaped for one
//! reader, that can be thrown away and rebuilt from the stream at any time. Replaying the
//! stream from the start into an empty database gives the same figures; that is the test of a
//! projection, and `tests/projection.rs` runs it.
//!
//! Three things make the figures right however the events arrive:
//!
//! - **the inbox**: the ids of the events applied, written in the same transaction as their
//!   effect. An event published twice (a relay that died before marking it sent) is applied
//!   once;
//! - **the checkpoint**: the last stream position applied, also in that transaction. A restart
//!   resumes after it instead of replaying everything, and a record at or below it is skipped;
//! - **state, not counters**: the statistics are counted from a row per user, and the rows are
//!   written so that order does not matter: a `UserDeleted` that arrives before its
//!   `UserCreated` (two relays, two paths) leaves a tombstone, and the user is never counted.
//!
//! The read model is *eventually* consistent: a user registered a moment ago may not be counted
//! yet. [`Analytics::watch`] tells when the figures change; [`router`] serves them, and streams
//! every change as Server-Sent Events.

use std::collections::BTreeMap;
use std::convert::Infallible;
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::State;
use axum::response::sse::{Event as SseEvent, KeepAlive, Sse};
use axum::routing::get;
use futures_util::Stream;
use sqlx::Row;
use tokio::sync::watch;

use crate::StoreError;
use crate::envelope::{Envelope, Event};
use crate::transport::{Record, Subscription, Transport, TransportError};

/// The sign-up statistics.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Stats {
    /// Users signed up and not deleted.
    pub users: u64,
    /// Those users, by plan.
    pub by_plan: BTreeMap<String, u64>,
    /// Users who signed up and then deleted their account.
    pub deleted: u64,
    /// Events parked: not understood by this reader.
    pub parked: u64,
}

/// The statistics, and how far into the stream they are.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReadModel {
    pub stats: Stats,
    /// The last stream position applied.
    pub checkpoint: Option<u64>,
    /// Records the inbox skipped: events published more than once, applied once.
    pub duplicates: u64,
}

/// What applying one record came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Applied {
    /// Its effect is in the read model now.
    Applied,
    /// Its event id was applied before (it was published twice): nothing changed but the
    /// checkpoint.
    Duplicate,
    /// At or below the checkpoint: read before, skipped.
    AlreadySeen,
    /// Not readable by this code: kept in `parked_events`, with the reason.
    Parked(String),
}

/// Why analytics stopped.
#[derive(Debug, thiserror::Error)]
pub enum AnalyticsError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Transport(#[from] TransportError),
    /// The reader's task ended (it panicked, or was stopped).
    #[error("the read model's reader stopped: {0}")]
    Stopped(String),
}

impl From<sqlx::Error> for AnalyticsError {
    fn from(error: sqlx::Error) -> Self {
        Self::Store(StoreError::Database(error))
    }
}

/// The projection's name in `checkpoints`.
const PROJECTION: &str = "signups";

/// The analytics service's read model. Clones share the database and the watch.
#[derive(Clone)]
pub struct Analytics {
    db: crate::Db,
    model: watch::Sender<ReadModel>,
}

impl Analytics {
    /// Connects to `url` (SQLite or PostgreSQL) and brings the schema up to date.
    pub async fn connect(url: &str) -> Result<Self, StoreError> {
        let db = crate::connect(url).await?;
        crate::migrate(sqlx::migrate!("./migrations/analytics"), &db.pool).await?;
        let analytics = Self {
            db,
            model: watch::Sender::new(ReadModel::default()),
        };
        analytics.refresh().await?;
        Ok(analytics)
    }

    /// The last position applied, `None` before the first.
    pub async fn checkpoint(&self) -> Result<Option<u64>, StoreError> {
        let position: Option<i64> =
            sqlx::query_scalar("SELECT position FROM checkpoints WHERE projection = $1")
                .bind(PROJECTION)
                .fetch_optional(&self.db.pool)
                .await?;
        Ok(position.and_then(|p| u64::try_from(p).ok()))
    }

    // ANCHOR: apply
    /// Applies one record: its effect, its event id and the checkpoint, in one transaction.
    pub async fn apply(&self, record: &Record) -> Result<Applied, StoreError> {
        let position = i64::try_from(record.position).unwrap_or(i64::MAX);
        let mut tx = self.db.pool.begin().await?;
        let checkpoint: Option<i64> =
            sqlx::query_scalar("SELECT position FROM checkpoints WHERE projection = $1")
                .bind(PROJECTION)
                .fetch_optional(&mut *tx)
                .await?;
        if checkpoint.is_some_and(|checkpoint| position <= checkpoint) {
            return Ok(Applied::AlreadySeen);
        }
        let envelope = Envelope::from_bytes(&record.bytes);
        let id = envelope
            .as_ref()
            .ok()
            .map(|envelope| envelope.id.to_string());
        let outcome = match envelope.and_then(|envelope| envelope.decode()) {
            // Not in the inbox: a newer reader that can read it applies it on a replay.
            Err(unreadable) => park(&mut tx, position, id.as_deref(), record, &unreadable).await?,
            Ok(event) => {
                let first_time = sqlx::query(
                    "INSERT INTO processed_events (event_id) VALUES ($1)
                     ON CONFLICT (event_id) DO NOTHING",
                )
                .bind(&id)
                .execute(&mut *tx)
                .await?
                .rows_affected()
                    == 1;
                if first_time {
                    project(&mut tx, &event).await?;
                    Applied::Applied
                } else {
                    Applied::Duplicate
                }
            }
        };
        let duplicate = i64::from(outcome == Applied::Duplicate);
        // Only forward: a second applier on the same database, behind this one, cannot move
        // the checkpoint back.
        sqlx::query(
            "INSERT INTO checkpoints (projection, position, duplicates) VALUES ($1, $2, $3)
             ON CONFLICT (projection) DO UPDATE
             SET position = excluded.position,
                 duplicates = checkpoints.duplicates + excluded.duplicates
             WHERE checkpoints.position < excluded.position",
        )
        .bind(PROJECTION)
        .bind(position)
        .bind(duplicate)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(outcome)
    }
    // ANCHOR_END: apply

    // ANCHOR: follow
    /// Reads `transport` after the checkpoint and applies every record, for as long as the
    /// stream lasts (stop it by aborting its task). The figures in [`Analytics::watch`] are
    /// refreshed at least every 100 ms while records flow, and whenever the reader catches up.
    pub async fn follow<T: Transport>(&self, transport: &T) -> Result<(), AnalyticsError> {
        let mut records = transport.subscribe(self.checkpoint().await?).await?;
        let mut refreshed = Instant::now();
        loop {
            let record = match tokio::time::timeout(Duration::from_millis(20), records.next()).await
            {
                Ok(record) => record?,
                Err(_) => {
                    // Caught up, for now: show the figures, then wait.
                    self.refresh().await?;
                    refreshed = Instant::now();
                    records.next().await?
                }
            };
            self.apply(&record).await?;
            if refreshed.elapsed() > Duration::from_millis(100) {
                self.refresh().await?;
                refreshed = Instant::now();
            }
        }
    }
    // ANCHOR_END: follow

    /// The figures as the database has them now.
    pub async fn stats(&self) -> Result<Stats, StoreError> {
        let rows = sqlx::query(
            "SELECT plan, COUNT(*) AS users FROM signups WHERE created = 1 AND deleted = 0
             GROUP BY plan ORDER BY plan",
        )
        .fetch_all(&self.db.pool)
        .await?;
        let mut stats = Stats::default();
        for row in rows {
            let plan: String = row.try_get("plan")?;
            let users: i64 = row.try_get("users")?;
            let users = u64::try_from(users).unwrap_or(0);
            stats.users += users;
            stats.by_plan.insert(plan, users);
        }
        let deleted: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM signups WHERE created = 1 AND deleted = 1")
                .fetch_one(&self.db.pool)
                .await?;
        let parked: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM parked_events")
            .fetch_one(&self.db.pool)
            .await?;
        stats.deleted = u64::try_from(deleted).unwrap_or(0);
        stats.parked = u64::try_from(parked).unwrap_or(0);
        Ok(stats)
    }

    /// The reasons events were parked, in stream order.
    pub async fn parked(&self) -> Result<Vec<String>, StoreError> {
        Ok(
            sqlx::query_scalar("SELECT reason FROM parked_events ORDER BY position")
                .fetch_all(&self.db.pool)
                .await?,
        )
    }

    /// Reads the figures and the checkpoint, and tells the watchers if they changed.
    pub async fn refresh(&self) -> Result<ReadModel, StoreError> {
        let duplicates: Option<i64> =
            sqlx::query_scalar("SELECT duplicates FROM checkpoints WHERE projection = $1")
                .bind(PROJECTION)
                .fetch_optional(&self.db.pool)
                .await?;
        let model = ReadModel {
            stats: self.stats().await?,
            checkpoint: self.checkpoint().await?,
            duplicates: duplicates.and_then(|d| u64::try_from(d).ok()).unwrap_or(0),
        };
        self.model.send_if_modified(|current| {
            let changed = *current != model;
            *current = model.clone();
            changed
        });
        Ok(model)
    }

    /// The figures, as they change.
    pub fn watch(&self) -> watch::Receiver<ReadModel> {
        self.model.subscribe()
    }

    /// Starts [`Analytics::follow`] on a task of its own.
    pub fn spawn_follower<T: Transport + Clone + 'static>(&self, transport: &T) -> Follower {
        let (analytics, transport) = (self.clone(), transport.clone());
        Follower {
            analytics: self.clone(),
            task: Some(tokio::spawn(
                async move { analytics.follow(&transport).await },
            )),
        }
    }

    pub async fn close(&self) {
        self.db.pool.close().await;
    }
}

/// A read model following a stream on a task of its own. Dropping it stops the task.
pub struct Follower {
    analytics: Analytics,
    /// `None` once the task has ended and said why.
    task: Option<tokio::task::JoinHandle<Result<(), AnalyticsError>>>,
}

impl Follower {
    /// Waits until the read model has applied `position`. If the reader stops first (its
    /// transport or its database failed), this says why instead of waiting for ever.
    pub async fn caught_up_to(&mut self, position: u64) -> Result<ReadModel, AnalyticsError> {
        let Some(task) = self.task.as_mut() else {
            return Err(AnalyticsError::Stopped("it had stopped before".into()));
        };
        let mut model = self.analytics.watch();
        let caught_up = model.wait_for(|model| model.checkpoint.is_some_and(|c| c >= position));
        tokio::select! {
            // The sender lives in `self.analytics`: the watch cannot end while we wait.
            model = caught_up => Ok(model.map(|model| model.clone()).unwrap_or_default()),
            stopped = task => {
                self.task = None;
                Err(match stopped {
                    Ok(Ok(())) => AnalyticsError::Stopped("the stream ended".into()),
                    Ok(Err(error)) => error,
                    Err(join) => AnalyticsError::Stopped(join.to_string()),
                })
            }
        }
    }

    /// Stops the reader, and returns once it has stopped (not a moment later, as a drop does).
    pub async fn stop(mut self) {
        if let Some(task) = self.task.take() {
            task.abort();
            let _ = task.await;
        }
    }
}

impl Drop for Follower {
    fn drop(&mut self) {
        if let Some(task) = &self.task {
            task.abort();
        }
    }
}

// ANCHOR: project
/// Writes the event's effect on the `signups` rows: the same rows whatever the order.
async fn project(tx: &mut sqlx::AnyConnection, event: &Event) -> Result<(), sqlx::Error> {
    match event {
        Event::UserCreated(created) => {
            // Created: counted, unless a deletion got here first (its tombstone keeps
            // `deleted = 1`).
            sqlx::query(
                "INSERT INTO signups (user_id, plan, created, deleted) VALUES ($1, $2, 1, 0)
                 ON CONFLICT (user_id) DO UPDATE SET plan = excluded.plan, created = 1",
            )
            .bind(&created.user_id)
            .bind(&created.plan)
            .execute(tx)
            .await?;
        }
        Event::UserDeleted(deleted) => {
            sqlx::query(
                "INSERT INTO signups (user_id, plan, created, deleted) VALUES ($1, NULL, 0, 1)
                 ON CONFLICT (user_id) DO UPDATE SET deleted = 1",
            )
            .bind(&deleted.user_id)
            .execute(tx)
            .await?;
        }
    }
    Ok(())
}
// ANCHOR_END: project

async fn park(
    tx: &mut sqlx::AnyConnection,
    position: i64,
    event_id: Option<&str>,
    record: &Record,
    unreadable: &crate::envelope::Unreadable,
) -> Result<Applied, sqlx::Error> {
    let reason = unreadable.to_string();
    tracing::warn!(position, %reason, "analytics: parked an event it cannot read");
    sqlx::query(
        "INSERT INTO parked_events (position, event_id, reason, body) VALUES ($1, $2, $3, $4)
         ON CONFLICT (position) DO NOTHING",
    )
    .bind(position)
    .bind(event_id)
    .bind(&reason)
    .bind(String::from_utf8_lossy(&record.bytes).into_owned())
    .execute(tx)
    .await?;
    Ok(Applied::Parked(reason))
}

// ANCHOR: sse
/// `GET /stats`: the figures now, as JSON. `GET /stats/stream`: the figures now, then again
/// each time they change, as Server-Sent Events (`curl -N` shows them arrive).
pub fn router(analytics: Analytics) -> Router {
    Router::new()
        .route("/stats", get(stats_now))
        .route("/stats/stream", get(stats_stream))
        .with_state(analytics)
}

async fn stats_now(State(analytics): State<Analytics>) -> axum::Json<ReadModel> {
    axum::Json(analytics.watch().borrow().clone())
}

async fn stats_stream(
    State(analytics): State<Analytics>,
) -> Sse<impl Stream<Item = Result<SseEvent, Infallible>>> {
    let changes =
        futures_util::stream::unfold((analytics.watch(), true), |(mut model, first)| async move {
            // The first event is the figures as they are; every later one waits for a change.
            if !first && model.changed().await.is_err() {
                return None;
            }
            let data = serde_json::to_string(&*model.borrow_and_update()).unwrap_or_default();
            Some((
                Ok(SseEvent::default().event("stats").data(data)),
                (model, false),
            ))
        });
    Sse::new(changes).keep_alive(KeepAlive::default())
}
// ANCHOR_END: sse
