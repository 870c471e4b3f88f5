//! # The idempotent consumer: an inbox keyed by message id
//!
//! A broker delivers *at least once*: a consumer that did the work and died before acking gets
//! the message again. The work must then not happen twice. The inbox makes it so: the message id
//! is inserted into a table with a primary key **in the same transaction as the work**, so
//! either both are kept or neither is. A second delivery of the same message finds its id
//! already there and is acked without doing the work again.

use std::time::Duration;

use sqlx::AnyPool;
use sqlx::any::AnyPoolOptions;

use crate::{Message, UserRegistered};

/// Why the inbox could not record or do the work.
#[derive(Debug, thiserror::Error)]
pub enum InboxError {
    #[error("the message body is not a {what}: {detail}")]
    Poison { what: &'static str, detail: String },
    #[error("the database failed: {0}")]
    Database(#[from] sqlx::Error),
    #[error("the database schema could not be set up: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

/// What handling one message came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Handled {
    /// The work was done, now.
    Done,
    /// This message id was handled before: nothing was done again.
    AlreadyDone,
}

/// The email service's database: the inbox, and the welcome mails it sent.
#[derive(Clone, Debug)]
pub struct Inbox {
    pool: AnyPool,
}

impl Inbox {
    /// Connects to `url` (SQLite or PostgreSQL) and brings the schema up to date.
    pub async fn connect(url: &str) -> Result<Self, InboxError> {
        sqlx::any::install_default_drivers();
        let mut options = AnyPoolOptions::new()
            .max_connections(5)
            .acquire_timeout(Duration::from_secs(5));
        if url.contains("mode=memory") {
            options = options
                .max_connections(1)
                .min_connections(1)
                .idle_timeout(None)
                .max_lifetime(None);
        }
        let pool = options.connect(url).await?;
        sqlx::migrate!("./migrations").run(&pool).await?;
        Ok(Self { pool })
    }

    // ANCHOR: once
    /// Sends the welcome mail for `message` (a [`UserRegistered`]) unless this message id was
    /// handled before. The mail is a row here; the inbox row and the mail row are kept together
    /// or not at all.
    pub async fn welcome(&self, message: &Message) -> Result<Handled, InboxError> {
        let event: UserRegistered =
            serde_json::from_slice(&message.body).map_err(|error| InboxError::Poison {
                what: "userRegistered",
                detail: error.to_string(),
            })?;
        let mut tx = self.pool.begin().await?;
        let first_time = sqlx::query(
            "INSERT INTO inbox (message_id) VALUES ($1) ON CONFLICT (message_id) DO NOTHING",
        )
        .bind(&message.id)
        .execute(&mut *tx)
        .await?
        .rows_affected()
            == 1;
        if !first_time {
            return Ok(Handled::AlreadyDone);
        }
        sqlx::query("INSERT INTO welcome_mails (message_id, email) VALUES ($1, $2)")
            .bind(&message.id)
            .bind(&event.email)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(Handled::Done)
    }
    // ANCHOR_END: once

    /// How many welcome mails went to `email`.
    pub async fn mails_to(&self, email: &str) -> Result<i64, InboxError> {
        Ok(
            sqlx::query_scalar("SELECT COUNT(*) FROM welcome_mails WHERE email = $1")
                .bind(email)
                .fetch_one(&self.pool)
                .await?,
        )
    }

    /// How many messages were applied: one welcome mail row per message id, never two (the
    /// message id is the table's primary key).
    pub async fn applied(&self) -> Result<i64, InboxError> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM welcome_mails")
            .fetch_one(&self.pool)
            .await?)
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}
