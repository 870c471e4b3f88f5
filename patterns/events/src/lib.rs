//! # Event-driven architecture: facts, published once, read by whoever needs them
//!
//! In the queues chapter the auth service handed a job to the email service: "send this
//! welcome mail". Here it states a fact instead, `UserCreated`, and does not know or care who
//! reads it. Analytics counts sign-ups from it today; a recommendation service may read the
//! same stream next year, from its first event. The events are kept, in order, and every
//! reader keeps its own place in them. That is the source material's promise (loose coupling,
//! real-time updates, scale), and it brings the questions every team meets the week after:
//!
//! - **schemas change**, and old events must still read: [`envelope`] (versions, upcasters,
//!   and stored fixtures of every version, replayed in CI);
//! - **the database write and the publish must not part**: [`outbox`] (both in one
//!   transaction, and a relay that publishes later, at least once);
//! - **duplicates and disorder**: [`analytics`] (an inbox of event ids, a checkpoint, and state
//!   that does not depend on order), a read model that can be rebuilt by replaying the stream;
//! - **events as the only truth**: [`orders`], event sourcing with optimistic concurrency.
//!
//! The stream itself is a [`transport::Transport`]: a log in this process (the default:
//! nothing to install), NATS JetStream, or, with the `kafka` feature, Kafka.

pub mod analytics;
pub mod envelope;
pub mod orders;
pub mod outbox;
pub mod transport;

pub use analytics::{Analytics, ReadModel, Stats};
pub use envelope::{Envelope, Event, UserCreated, UserDeleted};
pub use outbox::{Auth, NewUser, User};
pub use transport::{Record, Subscription, Transport, TransportError};

/// Why a service's database is not usable.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(transparent)]
    Connect(#[from] singleton::DbError),
    #[error("the database failed: {0}")]
    Database(#[from] sqlx::Error),
    #[error("the database schema could not be set up: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("a stored row does not read back: {0}")]
    Corrupt(serde_json::Error),
}

/// Which database a URL names: the outbox claims its rows differently on each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A private in-memory SQLite database called `name`: the embedded default of each service.
pub fn in_memory(name: &str) -> String {
    singleton::Config::in_memory(name).database_url
}

/// Runs a service's migrations. Each service numbers its own, and in a database shared by
/// several services (one PostgreSQL schema for all, say) the others' are in the same
/// `_sqlx_migrations` table: they are not missing, they are someone else's. (The
/// microservices pattern's services run theirs with it too.)
pub async fn migrate(
    mut migrator: sqlx::migrate::Migrator,
    pool: &sqlx::AnyPool,
) -> Result<(), sqlx::migrate::MigrateError> {
    migrator.set_ignore_missing(true);
    migrator.run(pool).await
}

/// A demo's services on one PostgreSQL database, each in a schema of its own: made when a
/// service asks for its URL, and all dropped when the run ends. (The events and microservices
/// demos use it with `DATABASE_URL`.)
pub struct Schemas {
    admin: sqlx::AnyPool,
    url: String,
    prefix: String,
    made: std::sync::Mutex<Vec<String>>,
}

impl Schemas {
    /// Connects to the database at `url`; schemas will be named `{prefix}_{pid}_{service}`.
    pub async fn connect(url: &str, prefix: &str) -> Result<Self, sqlx::Error> {
        sqlx::any::install_default_drivers();
        Ok(Self {
            admin: sqlx::AnyPool::connect(url).await?,
            url: url.to_owned(),
            prefix: prefix.to_owned(),
            made: std::sync::Mutex::default(),
        })
    }

    /// Makes `service`'s schema and returns the URL that works in it.
    pub async fn url(&self, service: &str) -> Result<String, sqlx::Error> {
        let name = format!("{}_{}_{service}", self.prefix, std::process::id());
        sqlx::query(sqlx::AssertSqlSafe(format!("CREATE SCHEMA \"{name}\"")))
            .execute(&self.admin)
            .await?;
        self.made
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push(name.clone());
        let separator = if self.url.contains('?') { '&' } else { '?' };
        Ok(format!(
            "{}{separator}options[search_path]={name}",
            self.url
        ))
    }

    /// Drops every schema made, and what is in them.
    pub async fn drop_all(self) -> Result<(), sqlx::Error> {
        let made = self
            .made
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        for schema in made {
            sqlx::query(sqlx::AssertSqlSafe(format!(
                "DROP SCHEMA \"{schema}\" CASCADE"
            )))
            .execute(&self.admin)
            .await?;
        }
        Ok(())
    }
}

/// A service's database: its pool, which kind it is, and for an in-memory SQLite database a
/// second pool that only keeps it alive.
#[derive(Clone)]
struct Db {
    pool: sqlx::AnyPool,
    backend: Backend,
    /// An in-memory SQLite database lives while one connection to it is open. sqlx closes a
    /// connection whose query was cancelled (a relay task aborted mid-query), and the pool's
    /// next connection would open a new, empty database. This connection runs no query, so
    /// nothing cancels it.
    _keep_alive: Option<sqlx::AnyPool>,
}

/// Opens a pool on `url`, with the singleton chapter's `connect`. An in-memory SQLite database
/// gets one connection for queries: SQLite's shared cache answers "table is locked" at once,
/// without waiting, when two connections write, and one connection makes them take turns.
async fn connect(url: &str) -> Result<Db, StoreError> {
    let backend = if url.starts_with("postgres") {
        Backend::Postgres
    } else {
        Backend::Sqlite
    };
    let in_memory = url.contains("mode=memory");
    let config = singleton::Config {
        database_url: url.to_owned(),
        max_connections: if in_memory { 1 } else { 8 },
    };
    let keep_alive = if in_memory {
        Some(singleton::connect(&config).await?)
    } else {
        None
    };
    Ok(Db {
        pool: singleton::connect(&config).await?,
        backend,
        _keep_alive: keep_alive,
    })
}
