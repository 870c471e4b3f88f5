//! # Microservices: separate processes, each with its own data, that survive each other
//!
//! The layered pattern split one program into layers; they still shared one process and one
//! database, and a bug in orders could take down sign-up. Here the split goes all the way
//! down: auth, orders and notifications are separate OS processes, each with a database no
//! other service can read, and a gateway in front of them. A service can be deployed,
//! restarted, scaled or killed on its own. That is the source material's promise (scalability,
//! fault isolation, faster deployments), and its price is that every call between two services
//! is now a network call: it can be slow, it can fail, it can arrive twice, and the caller must
//! know who is calling. Each module here is one answer to that price:
//!
//! - [`service`]: what every service has: `/health`, `/ready`, a correlation id followed across
//!   processes, and a graceful stop on SIGTERM;
//! - [`tokens`]: who is calling. Auth signs tokens with a private key and publishes the public
//!   ones (JWKS); every other service checks them alone, without asking auth each time;
//! - [`resilience`]: calls that fail fast instead of hanging: a timeout on every attempt, retries
//!   only when a retry is safe, and a circuit breaker that stops calling a service that is down;
//! - [`bus`]: what does not need an answer goes through a broker (NATS JetStream, or a stand-in
//!   in a SQLite file that several processes share), published with the events pattern's outbox;
//! - the services themselves: [`auth`], [`orders`], [`notifications`] and the [`gateway`].
//!
//! `cargo run -p microservices` starts them all as child processes and tells the story.

pub mod auth;
pub mod bus;
pub mod gateway;
pub mod notifications;
pub mod orders;
pub mod problem;
pub mod resilience;
pub mod service;
pub mod tokens;

pub use problem::Problem;

/// Why a service could not start or could not reach its database.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error(transparent)]
    Connect(#[from] singleton::DbError),
    #[error("the database failed: {0}")]
    Database(#[from] sqlx::Error),
    #[error("the database schema could not be set up: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("the broker: {0}")]
    Bus(#[from] events::TransportError),
    #[error("the setting {name} is not usable: {reason}")]
    Setting { name: &'static str, reason: String },
    #[error("the signing key: {0}")]
    Key(#[from] tokens::TokenError),
    #[error("notifications: {0}")]
    Notifier(#[from] factory::NotifyError),
    #[error("the HTTP client: {0}")]
    Http(#[from] reqwest::Error),
    #[error("the listener: {0}")]
    Listen(#[from] std::io::Error),
}

/// A service's database: SQLite (a file of its own, or in memory) or PostgreSQL (a database or
/// schema of its own), opened with the singleton chapter's `connect`.
pub(crate) async fn open_database(
    url: &str,
) -> Result<(sqlx::AnyPool, events::Backend), StartError> {
    let backend = if url.starts_with("postgres") {
        events::Backend::Postgres
    } else {
        events::Backend::Sqlite
    };
    let pool = singleton::connect(&singleton::Config {
        database_url: url.to_owned(),
        max_connections: if url.contains("mode=memory") { 1 } else { 4 },
    })
    .await?;
    if backend == events::Backend::Sqlite && !url.contains("mode=memory") {
        // Readers do not wait for the writer, and the writer waits (up to sqlx's 5 s) for
        // another instead of failing at once.
        sqlx::query("PRAGMA journal_mode = WAL")
            .execute(&pool)
            .await?;
    }
    Ok((pool, backend))
}

/// A setting from the environment, or `default` when it is unset or empty.
pub fn setting(name: &str, default: &str) -> String {
    std::env::var(name)
        .ok()
        .filter(|value| !value.is_empty())
        .unwrap_or_else(|| default.to_owned())
}

/// A secret from the environment: `NAME`, or the contents of the file `NAME_FILE` names (how
/// Docker and Kubernetes hand secrets over), or `None`.
pub fn secret(name: &str) -> Result<Option<String>, StartError> {
    if let Some(value) = std::env::var(name).ok().filter(|value| !value.is_empty()) {
        return Ok(Some(value));
    }
    let file_variable = format!("{name}_FILE");
    match std::env::var(&file_variable)
        .ok()
        .filter(|path| !path.is_empty())
    {
        Some(path) => std::fs::read_to_string(&path)
            .map(|text| Some(text.trim().to_owned()))
            .map_err(|error| StartError::Setting {
                name: "a secret file",
                reason: format!("{file_variable}={path}: {error}"),
            }),
        None => Ok(None),
    }
}

/// A service's `DATABASE_URL` (or the contents of `DATABASE_URL_FILE`: a URL with a password
/// is a secret), or by default a SQLite file of its own, `{data_dir}/{service}.sqlite`.
pub fn database_url(data_dir: &str, service: &str) -> Result<String, StartError> {
    Ok(secret("DATABASE_URL")?
        .unwrap_or_else(|| format!("sqlite://{data_dir}/{service}.sqlite?mode=rwc")))
}

/// Now, in whole seconds since 1970 (what JWTs count in).
pub(crate) fn now_seconds() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|elapsed| elapsed.as_secs())
        .unwrap_or(0)
}

/// Now, as RFC 3339 text (how the services store times).
pub(crate) fn now_rfc3339() -> String {
    time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}
