//! # The auth service, and its transactional outbox
//!
//! Registering a user is two things: the row in `users`, and the `UserCreated` event for
//! everyone else. Doing them one after the other fails in both orders. Write the user, then
//! publish: the process dies in between (or the broker is down), and the user exists but
//! analytics never hears of it. Publish, then write: the insert fails (the email is taken), and
//! everyone hears of a user who does not exist. There is no transaction that spans a database
//! and a broker.
//!
//! The outbox makes it one transaction again. The event is written to an `outbox` table **in
//! the same database transaction as the user**: both are kept, or neither. A *relay* then reads
//! the outbox and publishes what is pending, and marks each row published once the broker has
//! stored it. If the broker is down, events wait in the table; if the relay dies between
//! publishing and marking, it publishes the event again when it restarts, which is why every
//! consumer keeps an inbox: at least once from the relay, exactly once in effect.
//!
//! On PostgreSQL several relays can run at once: each claims a batch of pending rows with
//! `FOR UPDATE SKIP LOCKED`, which locks the rows it takes and skips those another relay holds,
//! so they share the work without waiting for each other. SQLite has one writer at a time:
//! one relay.

use std::sync::Arc;

use sqlx::{AnyPool, Row};
use tokio::sync::Notify;
use uuid::Uuid;

use crate::envelope::{Envelope, Event, UserCreated, UserDeleted};
use crate::transport::{Transport, TransportError};
use crate::{Backend, StoreError};

/// A user as the auth service keeps them.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct User {
    pub id: String,
    pub email: String,
    pub display_name: String,
    pub plan: String,
}

/// What a sign-up form sends.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NewUser {
    pub email: String,
    pub display_name: String,
    pub plan: String,
}

/// Why a registration was refused (nothing was written, and no event will be published).
#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    #[error("the email {0:?} is already registered")]
    EmailTaken(String),
    #[error("invalid {field}: {reason}")]
    Invalid {
        field: &'static str,
        reason: &'static str,
    },
    #[error("no user {0:?}")]
    NoSuchUser(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sqlx::Error> for AuthError {
    fn from(error: sqlx::Error) -> Self {
        Self::Store(StoreError::Database(error))
    }
}

/// The auth service: its users and its outbox, in one database.
#[derive(Clone)]
pub struct Auth {
    db: crate::Db,
    outbox: Outbox,
}

impl Auth {
    /// Connects to `url` (SQLite or PostgreSQL) and brings the schema up to date.
    pub async fn connect(url: &str) -> Result<Self, StoreError> {
        let db = crate::connect(url).await?;
        match db.backend {
            Backend::Sqlite => {
                crate::migrate(sqlx::migrate!("./migrations/auth-sqlite"), &db.pool).await?
            }
            Backend::Postgres => {
                crate::migrate(sqlx::migrate!("./migrations/auth-postgres"), &db.pool).await?
            }
        }
        Ok(Self {
            outbox: Outbox {
                db: db.clone(),
                written: Arc::default(),
            },
            db,
        })
    }

    /// Its outbox, for the relay.
    pub fn outbox(&self) -> &Outbox {
        &self.outbox
    }

    /// The pool, for tests that look underneath (or open a transaction of their own).
    pub fn pool(&self) -> &AnyPool {
        &self.db.pool
    }

    // ANCHOR: register
    /// Registers a user: the user and its `UserCreated` event are written in one transaction.
    pub async fn register(&self, new: NewUser, correlation_id: Uuid) -> Result<User, AuthError> {
        let user = validate(new)?;
        let event = Event::UserCreated(UserCreated {
            user_id: user.id.clone(),
            email: user.email.clone(),
            display_name: user.display_name.clone(),
            plan: user.plan.clone(),
        });
        let mut tx = self.db.pool.begin().await?;
        let inserted = sqlx::query(
            "INSERT INTO users (id, email, display_name, plan) VALUES ($1, $2, $3, $4)
             ON CONFLICT (email) DO NOTHING",
        )
        .bind(&user.id)
        .bind(&user.email)
        .bind(&user.display_name)
        .bind(&user.plan)
        .execute(&mut *tx)
        .await?;
        if inserted.rows_affected() == 0 {
            // Dropping `tx` rolls it back: nothing was written, and no event goes out.
            return Err(AuthError::EmailTaken(user.email));
        }
        append(&mut tx, &Envelope::new(&event, "auth", correlation_id)).await?;
        tx.commit().await?;
        self.outbox.committed();
        Ok(user)
    }
    // ANCHOR_END: register

    /// Deletes a user, and writes `UserDeleted` in the same transaction.
    pub async fn delete(&self, user_id: &str, correlation_id: Uuid) -> Result<(), AuthError> {
        let mut tx = self.db.pool.begin().await?;
        let deleted = sqlx::query("DELETE FROM users WHERE id = $1")
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        if deleted.rows_affected() == 0 {
            return Err(AuthError::NoSuchUser(user_id.to_owned()));
        }
        let event = Event::UserDeleted(UserDeleted {
            user_id: user_id.to_owned(),
        });
        append(&mut tx, &Envelope::new(&event, "auth", correlation_id)).await?;
        tx.commit().await?;
        self.outbox.committed();
        Ok(())
    }
}

/// A service's outbox table, in that service's own database: [`append`] writes to it inside the
/// service's transactions, and the relay claims and publishes what is pending. The auth service
/// here has one; so does any service that publishes (the orders service of the microservices
/// chapter makes its own with [`Outbox::new`]).
#[derive(Clone)]
pub struct Outbox {
    db: crate::Db,
    /// Wakes a relay in this process as soon as something is committed to the outbox (a relay
    /// elsewhere polls).
    written: Arc<Notify>,
}

impl Outbox {
    /// The outbox in the database behind `pool`, whose migrations made the `outbox` table
    /// (the shape of `migrations/auth-sqlite` or `migrations/auth-postgres`).
    pub fn new(pool: AnyPool, backend: Backend) -> Self {
        Self {
            db: crate::Db {
                pool,
                backend,
                _keep_alive: None,
            },
            written: Arc::default(),
        }
    }

    /// Tells a relay in this process that a transaction with an [`append`] has committed.
    pub fn committed(&self) {
        self.written.notify_one();
    }

    /// How many events wait in the outbox, not yet published.
    pub async fn pending(&self) -> Result<i64, StoreError> {
        Ok(
            sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE published_at IS NULL")
                .fetch_one(&self.db.pool)
                .await?,
        )
    }

    // ANCHOR: claim
    /// Takes up to `limit` pending events, oldest first, for this relay alone: on PostgreSQL
    /// the rows stay locked (other relays skip them) until the claim is marked published or
    /// dropped. Dropping it without [`Claim::mark_published`] is a relay that died: the rows
    /// stay pending, and are published again.
    pub async fn claim(&self, limit: i64) -> Result<Claim, StoreError> {
        let (rows, tx) = match self.db.backend {
            Backend::Postgres => {
                let mut tx = self.db.pool.begin().await?;
                let rows = sqlx::query(
                    "SELECT seq, envelope FROM outbox WHERE published_at IS NULL
                     ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED",
                )
                .bind(limit)
                .fetch_all(&mut *tx)
                .await?;
                (rows, Some(tx))
            }
            // No lock to hold (the relay is alone), and an open transaction would hold
            // SQLite's only writer while the broker is slow: a plain read.
            Backend::Sqlite => {
                let rows = sqlx::query(
                    "SELECT seq, envelope FROM outbox WHERE published_at IS NULL
                     ORDER BY seq LIMIT $1",
                )
                .bind(limit)
                .fetch_all(&self.db.pool)
                .await?;
                (rows, None)
            }
        };
        let mut seqs = Vec::with_capacity(rows.len());
        let mut envelopes = Vec::with_capacity(rows.len());
        for row in rows {
            seqs.push(row.try_get::<i64, _>("seq")?);
            let json: String = row.try_get("envelope")?;
            envelopes.push(serde_json::from_str(&json).map_err(StoreError::Corrupt)?);
        }
        Ok(Claim {
            pool: self.db.pool.clone(),
            tx,
            seqs,
            envelopes,
        })
    }
    // ANCHOR_END: claim

    /// Waits until something new is committed to the outbox in this process, or `timeout`.
    pub async fn written(&self, timeout: std::time::Duration) {
        let _ = tokio::time::timeout(timeout, self.written.notified()).await;
    }
}

/// Appends `envelope` to the outbox, inside the caller's transaction: the only way in.
pub async fn append(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    envelope: &Envelope,
) -> Result<(), sqlx::Error> {
    let json = String::from_utf8(envelope.to_bytes()).unwrap_or_default();
    sqlx::query("INSERT INTO outbox (event_id, envelope) VALUES ($1, $2)")
        .bind(envelope.id.to_string())
        .bind(json)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

fn validate(new: NewUser) -> Result<User, AuthError> {
    let email = new.email.trim().to_lowercase();
    if !email.contains('@') || email.len() > 254 {
        return Err(AuthError::Invalid {
            field: "email",
            reason: "an address with an @, at most 254 characters",
        });
    }
    let display_name = new.display_name.trim().to_owned();
    if display_name.is_empty() || display_name.chars().count() > 100 {
        return Err(AuthError::Invalid {
            field: "displayName",
            reason: "1 to 100 characters",
        });
    }
    if !["free", "pro"].contains(&new.plan.as_str()) {
        return Err(AuthError::Invalid {
            field: "plan",
            reason: "free or pro",
        });
    }
    Ok(User {
        id: Uuid::now_v7().to_string(),
        email,
        display_name,
        plan: new.plan,
    })
}

/// Pending events one relay has taken, to publish and then mark.
pub struct Claim {
    pool: AnyPool,
    tx: Option<sqlx::Transaction<'static, sqlx::Any>>,
    seqs: Vec<i64>,
    envelopes: Vec<Envelope>,
}

impl Claim {
    pub fn envelopes(&self) -> &[Envelope] {
        &self.envelopes
    }

    /// Marks the claimed rows published (and lets other relays see them again).
    pub async fn mark_published(self) -> Result<(), StoreError> {
        if self.seqs.is_empty() {
            return Ok(());
        }
        let now = time::OffsetDateTime::now_utc()
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap_or_default();
        // Whole numbers from our own table: safe to write into the statement.
        let list = self
            .seqs
            .iter()
            .map(i64::to_string)
            .collect::<Vec<_>>()
            .join(",");
        let sql = format!("UPDATE outbox SET published_at = $1 WHERE seq IN ({list})");
        match self.tx {
            Some(mut tx) => {
                sqlx::query(sqlx::AssertSqlSafe(sql))
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await?;
            }
            None => {
                sqlx::query(sqlx::AssertSqlSafe(sql))
                    .bind(now)
                    .execute(&self.pool)
                    .await?;
            }
        }
        Ok(())
    }
}

/// Why a relay round did not finish.
#[derive(Debug, thiserror::Error)]
pub enum RelayError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Transport(#[from] TransportError),
}

/// What one relay round published.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Relayed {
    pub events: usize,
    /// The stream position of the last one.
    pub last_position: Option<u64>,
}

// ANCHOR: relay
/// One round of the relay: claim a batch, publish it, mark it published. A publish that fails
/// leaves the whole batch pending (some of it may have reached the broker: those go out again,
/// and the consumers' inbox absorbs them).
pub async fn relay_once<T: Transport>(
    outbox: &Outbox,
    transport: &T,
    batch: i64,
) -> Result<Relayed, RelayError> {
    let claim = outbox.claim(batch).await?;
    if claim.envelopes().is_empty() {
        return Ok(Relayed::default());
    }
    let last_position = transport.publish_all(claim.envelopes()).await?;
    let events = claim.envelopes().len();
    claim.mark_published().await?;
    Ok(Relayed {
        events,
        last_position,
    })
}

/// The relay, for as long as it runs: publishes what is pending, then waits for more (woken
/// by a registration in this process, or every 100 ms). Failures are logged and retried with a
/// growing pause (at most 2 s): a broker that is down makes events wait, it loses none. Stop it
/// by aborting its task.
pub async fn run_relay<T: Transport>(outbox: Outbox, transport: T, batch: i64) {
    let mut pause = std::time::Duration::from_millis(50);
    loop {
        match relay_once(&outbox, &transport, batch).await {
            Ok(Relayed { events: 0, .. }) => {
                outbox.written(std::time::Duration::from_millis(100)).await;
            }
            Ok(_) => pause = std::time::Duration::from_millis(50),
            Err(error) => {
                tracing::warn!(%error, ?pause, "relay: publishing failed; the events wait in the outbox");
                tokio::time::sleep(pause).await;
                pause = (pause * 2).min(std::time::Duration::from_secs(2));
            }
        }
    }
}
// ANCHOR_END: relay

/// `POST /users` with `{"email", "displayName", "plan"}`: 201 and the user; a body that is not
/// such JSON is 400, an invalid field 422, a taken email 409, each with `{"error": ...}`.
pub fn signup_router(auth: Auth) -> axum::Router {
    axum::Router::new()
        .route("/users", axum::routing::post(signup))
        .with_state(auth)
}

async fn signup(
    axum::extract::State(auth): axum::extract::State<Auth>,
    body: axum::body::Bytes,
) -> (axum::http::StatusCode, axum::Json<serde_json::Value>) {
    use axum::http::StatusCode;
    let error =
        |status, message: String| (status, axum::Json(serde_json::json!({ "error": message })));
    let new: NewUser = match serde_json::from_slice(&body) {
        Ok(new) => new,
        Err(parse) => {
            return error(
                StatusCode::BAD_REQUEST,
                format!("the body is not a sign-up: {parse}"),
            );
        }
    };
    match auth.register(new, Uuid::now_v7()).await {
        Ok(user) => (
            StatusCode::CREATED,
            axum::Json(serde_json::to_value(user).unwrap_or_default()),
        ),
        Err(taken @ AuthError::EmailTaken(_)) => error(StatusCode::CONFLICT, taken.to_string()),
        Err(invalid @ AuthError::Invalid { .. }) => {
            error(StatusCode::UNPROCESSABLE_ENTITY, invalid.to_string())
        }
        Err(other) => {
            tracing::error!(error = %other, "sign-up failed");
            error(
                StatusCode::SERVICE_UNAVAILABLE,
                "the database is unavailable; try again".into(),
            )
        }
    }
}
