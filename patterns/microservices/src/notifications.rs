//! # The notifications service: an event handler on the other side of a process boundary
//!
//! Notifications reads `OrderPlaced` from the bus and emails the user, through the factory
//! pattern's email notifier. Two things make that harder than in one process:
//!
//! - **It does not have the email address.** Orders knows the user's id; only auth knows their
//!   email, and no service reads another's tables. Notifications asks auth's API, with a token
//!   of its own, and that call can fail like any other: then the event is not handled *yet*.
//!   Nothing moves forward, and the same event is tried again later.
//! - **Events come at least once.** A relay that died before marking publishes again; a reader
//!   that restarts reads again from its checkpoint. The inbox (the ids of the events handled,
//!   written in the same transaction as the notification and the checkpoint) turns "at least
//!   once" into "once" for everything inside this database. The email itself is outside it: a
//!   crash between sending and committing sends it again. That window is small and can be
//!   closed further only by the mail server (a `Message-ID` it deduplicates); the chapter says
//!   so rather than pretending.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use axum::extract::{FromRef, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use events::{Envelope, Record, Subscription, Transport};
use factory::{EmailNotifier, Message, Notifier};
use serde::Serialize;
use sqlx::Row;

use crate::StartError;
use crate::orders::{ORDER_PLACED, OrderPlaced};
use crate::problem::Problem;
use crate::resilience::{self, Call, CallError, Policy};
use crate::tokens::{ServiceToken, User, Verifier};

/// How notifications is set up.
#[derive(Clone)]
pub struct Config {
    pub database_url: String,
    pub auth_url: String,
    pub bus: crate::bus::Settings,
    /// Where emails are written (`OUTBOX_DIR`): the factory's `.eml` outbox.
    pub email_dir: String,
    /// This service's client secret, to get tokens from auth (`CLIENT_SECRET`).
    pub client_secret: String,
}

impl Config {
    /// From the environment; `CLIENT_SECRET` may also come from the file `CLIENT_SECRET_FILE`
    /// names.
    pub fn from_env(data_dir: &str) -> Result<Self, StartError> {
        Ok(Self {
            database_url: crate::database_url(data_dir, "notifications")?,
            auth_url: crate::setting("AUTH_URL", "http://127.0.0.1:4001"),
            bus: crate::bus::Settings::from_env(data_dir),
            email_dir: crate::setting("OUTBOX_DIR", &format!("{data_dir}/emails")),
            client_secret: crate::secret("CLIENT_SECRET")?
                .unwrap_or_else(|| crate::auth::development_secret("notifications")),
        })
    }
}

/// An email notifications sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Sent {
    pub event_id: String,
    pub user_id: String,
    pub email: String,
    pub subject: String,
}

/// What handling one record came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Handled {
    /// The email was sent, now.
    Sent,
    /// This event was handled before: nothing was sent again.
    Duplicate,
    /// Not an event for notifications (another type, or one it cannot read): passed over.
    Skipped(String),
}

/// Why a record could not be handled now (it will be tried again).
#[derive(Debug, thiserror::Error)]
pub enum HandleError {
    #[error("asking auth for the user's email: {0}")]
    Auth(String),
    #[error("sending the email: {0}")]
    Email(#[from] factory::NotifyError),
    #[error("the database: {0}")]
    Database(#[from] sqlx::Error),
    #[error("the bus: {0}")]
    Bus(#[from] events::TransportError),
}

/// What notifications' handlers and its reader share.
#[derive(Clone)]
pub struct Notifications {
    pool: sqlx::AnyPool,
    verifier: Arc<Verifier>,
    auth: AuthClient,
    email: Arc<EmailNotifier>,
    /// True while the reader follows the bus: `/ready` says so.
    following: Arc<AtomicBool>,
}

impl FromRef<Notifications> for Arc<Verifier> {
    fn from_ref(notifications: &Notifications) -> Self {
        notifications.verifier.clone()
    }
}

/// Auth's API, as notifications calls it: a timeout, safe retries and a breaker, and a service
/// token of its own.
#[derive(Clone)]
struct AuthClient {
    base: String,
    call: Call,
    http: reqwest::Client,
    token: Arc<ServiceToken>,
}

impl AuthClient {
    // ANCHOR: email_of
    /// The user's email, from auth: `None` if auth says there is no such user.
    async fn email_of(
        &self,
        user_id: &str,
        correlation_id: uuid::Uuid,
    ) -> Result<Option<String>, HandleError> {
        let auth_error = |error: &dyn std::fmt::Display| HandleError::Auth(error.to_string());
        let mut response = None;
        // Twice at most: a token auth no longer accepts (it restarted with a new key) is
        // dropped, and a new one asked for.
        for _ in 0..2 {
            let token = self.token.get().await.map_err(|e| auth_error(&e))?;
            let request = self
                .http
                .get(format!("{}/users/{user_id}", self.base))
                .bearer_auth(token)
                .header(crate::service::CORRELATION_ID, correlation_id.to_string())
                .build()
                .map_err(|e| auth_error(&e))?;
            let answer = resilience::send(&self.call, request)
                .await
                .map_err(|e: CallError| auth_error(&e))?;
            if answer.status() != reqwest::StatusCode::UNAUTHORIZED {
                response = Some(answer);
                break;
            }
            self.token.forget().await;
        }
        let Some(response) = response else {
            return Err(HandleError::Auth("auth refused a fresh token too".into()));
        };
        match response.status().as_u16() {
            200 => {
                let user: serde_json::Value = response.json().await.map_err(|e| auth_error(&e))?;
                Ok(user["email"].as_str().map(str::to_owned))
            }
            404 => Ok(None),
            status => Err(HandleError::Auth(format!("auth answered {status}"))),
        }
    }
    // ANCHOR_END: email_of
}

impl Notifications {
    pub async fn start(config: &Config, http: reqwest::Client) -> Result<Self, StartError> {
        let (pool, _) = crate::open_database(&config.database_url).await?;
        events::migrate(sqlx::migrate!("./migrations/notifications"), &pool).await?;
        let base = config.auth_url.trim_end_matches('/').to_owned();
        let (call, _) = resilience::stack(
            "auth",
            &Policy::default(),
            resilience::budget(),
            http.clone(),
        );
        Ok(Self {
            pool,
            verifier: Arc::new(Verifier::remote(
                "notifications",
                &format!("{base}/.well-known/jwks.json"),
                http.clone(),
            )),
            auth: AuthClient {
                token: Arc::new(ServiceToken::new(
                    "notifications",
                    &config.client_secret,
                    "auth",
                    &base,
                    http.clone(),
                )),
                base,
                call,
                http,
            },
            email: Arc::new(EmailNotifier::outbox(
                &config.email_dir,
                "Backend Patterns <orders@example.com>",
            )?),
            following: Arc::default(),
        })
    }

    /// Where the reader is in the stream.
    pub async fn checkpoint(&self) -> Result<Option<u64>, sqlx::Error> {
        let position: Option<i64> =
            sqlx::query_scalar("SELECT position FROM checkpoint WHERE id = 1")
                .fetch_optional(&self.pool)
                .await?;
        Ok(position.and_then(|p| u64::try_from(p).ok()))
    }

    // ANCHOR: handle
    /// Handles one record of the stream: an `OrderPlaced` is emailed once, however often it
    /// comes; anything else moves the checkpoint on. An error leaves the checkpoint where it
    /// was: the record is handled again later.
    pub async fn handle(&self, record: &Record) -> Result<Handled, HandleError> {
        let envelope = match Envelope::from_bytes(&record.bytes) {
            Ok(envelope) => envelope,
            Err(unreadable) => {
                self.advance(record.position).await?;
                return Ok(Handled::Skipped(unreadable.to_string()));
            }
        };
        if envelope.event_type != ORDER_PLACED || envelope.version != 1 {
            self.advance(record.position).await?;
            return Ok(Handled::Skipped(format!(
                "{} v{} is not for notifications",
                envelope.event_type, envelope.version
            )));
        }
        let event_id = envelope.id.to_string();
        if self.seen(&event_id).await? {
            self.advance(record.position).await?;
            return Ok(Handled::Duplicate);
        }
        let placed: OrderPlaced = match serde_json::from_value(envelope.payload.clone()) {
            Ok(placed) => placed,
            Err(error) => {
                self.advance(record.position).await?;
                return Ok(Handled::Skipped(format!(
                    "OrderPlaced does not read: {error}"
                )));
            }
        };
        let Some(email) = self
            .auth
            .email_of(&placed.user_id, envelope.correlation_id)
            .await?
        else {
            self.advance(record.position).await?;
            return Ok(Handled::Skipped(format!("no user {}", placed.user_id)));
        };
        let subject = format!("Your order of {} × {}", placed.quantity, placed.item);
        self.email
            .send(&Message {
                to: email.clone(),
                subject: subject.clone(),
                body: format!(
                    "Thank you! Order {} is placed: {} × {}.",
                    placed.order_id, placed.quantity, placed.item
                ),
            })
            .await?;
        // The inbox, the record of what was sent and the checkpoint: all or nothing.
        let mut tx = self.pool.begin().await?;
        let fresh = sqlx::query("INSERT INTO inbox (event_id) VALUES ($1) ON CONFLICT DO NOTHING")
            .bind(&event_id)
            .execute(&mut *tx)
            .await?;
        if fresh.rows_affected() == 1 {
            sqlx::query(
                "INSERT INTO notifications (event_id, user_id, email, subject, sent_at)
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(&event_id)
            .bind(&placed.user_id)
            .bind(&email)
            .bind(&subject)
            .bind(crate::now_rfc3339())
            .execute(&mut *tx)
            .await?;
        }
        save_checkpoint(&mut tx, record.position).await?;
        tx.commit().await?;
        tracing::info!(
            correlation_id = %envelope.correlation_id,
            order_id = %placed.order_id,
            "email sent"
        );
        Ok(Handled::Sent)
    }
    // ANCHOR_END: handle

    async fn seen(&self, event_id: &str) -> Result<bool, sqlx::Error> {
        let found: Option<String> =
            sqlx::query_scalar("SELECT event_id FROM inbox WHERE event_id = $1")
                .bind(event_id)
                .fetch_optional(&self.pool)
                .await?;
        Ok(found.is_some())
    }

    async fn advance(&self, position: u64) -> Result<(), sqlx::Error> {
        let mut tx = self.pool.begin().await?;
        save_checkpoint(&mut tx, position).await?;
        tx.commit().await
    }

    /// Reads the bus from the checkpoint and handles every record, until `stop` says so. A
    /// record that fails (auth unreachable, say) is tried again after a pause that grows to
    /// 2 s, from the checkpoint: nothing is skipped and nothing is lost. `stop` is looked at
    /// only between records: a record being handled (mailed, not yet recorded) is finished
    /// first, so that stopping does not send its email twice.
    pub async fn follow<T: Transport>(
        &self,
        bus: &T,
        mut stop: tokio::sync::watch::Receiver<bool>,
    ) {
        let mut pause = Duration::from_millis(100);
        while !*stop.borrow() {
            match self.follow_once(bus, &mut stop, &mut pause).await {
                Ok(()) => return,
                Err(error) => {
                    self.following.store(false, Ordering::Relaxed);
                    tracing::warn!(%error, ?pause, "the event waits: trying again");
                    tokio::select! {
                        _ = tokio::time::sleep(pause) => {}
                        _ = stop.changed() => return,
                    }
                    pause = (pause * 2).min(Duration::from_secs(2));
                }
            }
        }
    }

    /// Follows until stopped (`Ok`) or until a record fails (`Err`).
    async fn follow_once<T: Transport>(
        &self,
        bus: &T,
        stop: &mut tokio::sync::watch::Receiver<bool>,
        pause: &mut Duration,
    ) -> Result<(), HandleError> {
        let mut reader = bus.subscribe(self.checkpoint().await?).await?;
        self.following.store(true, Ordering::Relaxed);
        loop {
            let record = tokio::select! {
                record = reader.next() => record?,
                _ = stop.changed() => return Ok(()),
            };
            if let Handled::Skipped(why) = self.handle(&record).await? {
                tracing::warn!(position = record.position, %why, "a record passed over");
            }
            // Progress: the next failure starts with a short pause again.
            *pause = Duration::from_millis(100);
        }
    }

    /// The emails sent to `user_id`, oldest first.
    pub async fn sent_to(&self, user_id: &str) -> Result<Vec<Sent>, sqlx::Error> {
        let rows = sqlx::query(
            "SELECT event_id, user_id, email, subject FROM notifications
             WHERE user_id = $1 ORDER BY sent_at, event_id",
        )
        .bind(user_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(Sent {
                    event_id: row.try_get("event_id")?,
                    user_id: row.try_get("user_id")?,
                    email: row.try_get("email")?,
                    subject: row.try_get("subject")?,
                })
            })
            .collect()
    }
}

async fn save_checkpoint(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    position: u64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO checkpoint (id, position) VALUES (1, $1)
         ON CONFLICT (id) DO UPDATE SET position = excluded.position",
    )
    .bind(i64::try_from(position).unwrap_or(i64::MAX))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Notifications' routes.
pub fn router(notifications: Notifications) -> axum::Router {
    axum::Router::new()
        .route("/notifications", get(list))
        .with_state(notifications)
}

/// `GET /notifications`: the emails sent to the caller.
async fn list(
    State(notifications): State<Notifications>,
    User(user): User,
) -> Result<Response, Problem> {
    let sent = notifications
        .sent_to(&user.sub)
        .await
        .map_err(Problem::internal)?;
    Ok(axum::Json(serde_json::json!({ "notifications": sent })).into_response())
}

/// Runs notifications on `listener`, and its reader, until SIGTERM.
pub async fn run(config: Config, listener: tokio::net::TcpListener) -> Result<(), StartError> {
    let notifications = Notifications::start(&config, crate::service::http_client()?).await?;
    let bus = config.bus.connect().await?;
    tracing::info!(bus = bus.describe(), "reading the bus");
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let reader = {
        let notifications = notifications.clone();
        tokio::spawn(async move { notifications.follow(&bus, stopped).await })
    };
    let following = notifications.following.clone();
    let served = crate::service::serve(
        "notifications",
        listener,
        router(notifications),
        Arc::new(move || {
            if following.load(Ordering::Relaxed) {
                Ok(())
            } else {
                Err("not following the bus (yet)".to_owned())
            }
        }),
    )
    .await;
    // The reader finishes the record it is handling, then stops.
    let _ = stop.send(true);
    if tokio::time::timeout(Duration::from_secs(10), reader)
        .await
        .is_err()
    {
        tracing::warn!("the reader did not stop within 10 s");
    }
    served?;
    Ok(())
}
