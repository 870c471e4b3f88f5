//! # Singleton: one connection pool for the whole process, built once, on first use
//!
//! Opening a database connection costs a network round trip, a TLS handshake and an
//! authentication; a pool keeps a few open and lends them out. A process wants exactly one
//! pool: two would double the connections the database has to hold, and a pool per request
//! would pay the connection cost on every request. The source material's JavaScript gets there
//! with a constructor that returns the first instance it made (`Database.instance`).
//!
//! Rust has no constructor that can hand back another object, and it forbids the unsynchronised
//! global that makes the JavaScript version work (a `static` must be safe to share between
//! threads, and `static mut` needs `unsafe`). What it has instead:
//!
//! - [`LazyLock`] for a value computed once, on first use, from synchronous code: here the
//!   configuration read from the environment ([`CONFIG`]);
//! - [`tokio::sync::OnceCell`] for a value whose construction is `async` and may fail: here the
//!   pool ([`database`]). Exactly one caller runs the initialiser while the others wait for
//!   its result; if it fails, nothing is stored, and the next caller tries again.
//!
//! And it has a better answer for most code: don't reach for a global at all; take the pool as
//! an argument ([`UserStore`]). The global then lives in one place, `main`, and everything it
//! hands the pool to can be tested with a pool of its own.

use std::sync::LazyLock;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use sqlx::AnyPool;
use sqlx::any::AnyPoolOptions;
use tokio::sync::OnceCell;

// ANCHOR: config
/// Settings read once from the environment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// `DATABASE_URL`, or an in-memory SQLite database when it is not set.
    pub database_url: String,
    /// `DATABASE_MAX_CONNECTIONS`, or 5.
    pub max_connections: u32,
}

impl Config {
    /// The embedded default: SQLite in memory, nothing to install. Named and with a shared
    /// cache, so that every connection of the pool sees the same database (a plain
    /// `sqlite::memory:` would give each connection an empty database of its own).
    pub const DEFAULT_DATABASE_URL: &str = "sqlite:file:backend-patterns?mode=memory&cache=shared";

    /// A private in-memory SQLite database called `name`, for a test or a demo.
    pub fn in_memory(name: &str) -> Self {
        Self {
            database_url: format!("sqlite:file:{name}?mode=memory&cache=shared"),
            max_connections: 5,
        }
    }

    /// Reads the settings from the environment variables.
    pub fn from_env() -> Self {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        Self {
            database_url: var("DATABASE_URL")
                .unwrap_or_else(|| Self::DEFAULT_DATABASE_URL.to_owned()),
            max_connections: match var("DATABASE_MAX_CONNECTIONS").map(|v| v.parse::<u32>()) {
                None => 5,
                Some(Ok(n)) if n > 0 => n,
                Some(_) => {
                    tracing::warn!(
                        "DATABASE_MAX_CONNECTIONS must be a whole number above 0; using 5"
                    );
                    5
                }
            },
        }
    }
}

/// The process's configuration: read from the environment on first use, by whichever thread
/// gets there first, and never again. It is immutable: a `LazyLock` gives out `&Config` only.
pub static CONFIG: LazyLock<Config> = LazyLock::new(Config::from_env);
// ANCHOR_END: config

/// Why the database is not available.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    /// The pool could not make its first connection. (The cause is the error's `source()`;
    /// print the chain, e.g. with anyhow's `{:#}`, to see it.)
    #[error("cannot connect to {url}")]
    Connect {
        /// The URL, with any password hidden.
        url: String,
        #[source]
        source: sqlx::Error,
    },
    /// A query failed.
    #[error("database query failed")]
    Query(#[from] sqlx::Error),
}

// ANCHOR: database
/// The process's connection pool.
///
/// Its field is private and so is its constructor: outside this module a `Database` comes only
/// out of a [`DatabaseCell`]: the process's own, behind [`database()`], or one a test makes for
/// itself. It is not `Clone`: a cell holds one, and everyone borrows it (`&'static Database`).
#[derive(Debug)]
pub struct Database {
    pool: AnyPool,
}

impl Database {
    /// Private: only this module makes a `Database`.
    async fn connect(config: &Config) -> Result<Self, DbError> {
        Ok(Self {
            pool: connect(config).await?,
        })
    }

    /// The pool, to run queries on. `AnyPool` is a cheap handle: clone it to hand it on.
    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }
}

/// A lazily connected database: the first `get` connects, every later one returns the same
/// `Database`. It counts what it does, so that "exactly once" can be checked, not just claimed.
#[derive(Debug, Default)]
pub struct DatabaseCell {
    cell: OnceCell<Database>,
    attempts: AtomicUsize,
    built: AtomicUsize,
}

impl DatabaseCell {
    /// An empty cell. `const`, so it can initialise a `static`.
    pub const fn new() -> Self {
        Self {
            cell: OnceCell::const_new(),
            attempts: AtomicUsize::new(0),
            built: AtomicUsize::new(0),
        }
    }

    /// The database, connecting with `config` if this is the first successful call.
    ///
    /// Concurrent callers wait for the one that is connecting. If connecting fails, the error
    /// is returned to that caller, nothing is stored, and the next caller tries again: a failed
    /// start is not remembered forever.
    pub async fn get(&self, config: &Config) -> Result<&Database, DbError> {
        self.cell
            .get_or_try_init(|| async {
                self.attempts.fetch_add(1, Ordering::SeqCst);
                let database = Database::connect(config).await?;
                self.built.fetch_add(1, Ordering::SeqCst);
                tracing::info!(url = %redact(&config.database_url), "database pool created");
                Ok(database)
            })
            .await
    }

    /// How many times the initialiser ran (failed attempts included).
    pub fn attempts(&self) -> usize {
        self.attempts.load(Ordering::SeqCst)
    }

    /// How many pools were built: 0 or 1.
    pub fn pools_built(&self) -> usize {
        self.built.load(Ordering::SeqCst)
    }
}

static DATABASE: DatabaseCell = DatabaseCell::new();

/// The process's database, connected on first use with [`CONFIG`].
pub async fn database() -> Result<&'static Database, DbError> {
    DATABASE.get(&CONFIG).await
}

/// The cell behind [`database()`], to inspect its counts.
pub fn database_cell() -> &'static DatabaseCell {
    &DATABASE
}
// ANCHOR_END: database

/// Opens a pool and checks that it can reach the database. Every call makes a new pool: this
/// is what the singleton calls once, and what `main` or a test calls to hand a pool in.
pub async fn connect(config: &Config) -> Result<AnyPool, DbError> {
    sqlx::any::install_default_drivers();
    let mut options = AnyPoolOptions::new()
        .max_connections(config.max_connections.max(1))
        .acquire_timeout(Duration::from_secs(5));
    if config.database_url.contains("mode=memory") {
        // An in-memory SQLite database lives as long as one connection to it is open: keep
        // one open for good, or an idle pool would quietly drop every table.
        options = options
            .min_connections(1)
            .idle_timeout(None)
            .max_lifetime(None);
    }
    options
        .connect(&config.database_url)
        .await
        .map_err(|source| DbError::Connect {
            url: redact(&config.database_url),
            source,
        })
}

// ANCHOR: injected
/// The recommended alternative: a type that is *given* its pool instead of fetching a global.
///
/// `main` gets the pool once (from [`database()`], or by connecting) and hands a clone to each
/// component. A test gives it a pool of its own: a fresh in-memory SQLite database, isolated
/// from every other test, which a process-wide global can never be.
#[derive(Debug, Clone)]
pub struct UserStore {
    pool: AnyPool,
}

impl UserStore {
    pub fn new(pool: AnyPool) -> Self {
        Self { pool }
    }

    /// Creates the `users` table if it does not exist.
    pub async fn create_table(&self) -> Result<(), DbError> {
        sqlx::query("CREATE TABLE IF NOT EXISTS users (email TEXT PRIMARY KEY)")
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Adds a user.
    pub async fn add(&self, email: &str) -> Result<(), DbError> {
        sqlx::query("INSERT INTO users (email) VALUES ($1)")
            .bind(email)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// How many users there are.
    pub async fn count(&self) -> Result<i64, DbError> {
        let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users")
            .fetch_one(&self.pool)
            .await?;
        Ok(count)
    }
}
// ANCHOR_END: injected

/// `postgres://app:secret@db/x` → `postgres://***@db/x`, and `?password=secret` →
/// `?password=***`: URLs end up in logs and errors, passwords must not.
pub fn redact(url: &str) -> String {
    let (base, query) = url
        .split_once('?')
        .map_or((url, None), |(b, q)| (b, Some(q)));
    let base = match base.find("://") {
        Some(scheme) => {
            let authority_end = base[scheme + 3..]
                .find('/')
                .map_or(base.len(), |i| scheme + 3 + i);
            match base[..authority_end].rfind('@') {
                Some(at) if at > scheme => format!("{}***{}", &base[..scheme + 3], &base[at..]),
                _ => base.to_owned(),
            }
        }
        None => base.to_owned(),
    };
    let Some(query) = query else { return base };
    let query: Vec<String> = query
        .split('&')
        .map(|pair| match pair.split_once('=') {
            Some((key, _)) if key.eq_ignore_ascii_case("password") => format!("{key}=***"),
            _ => pair.to_owned(),
        })
        .collect();
    format!("{base}?{}", query.join("&"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_never_reach_logs_or_errors() {
        assert_eq!(
            redact("postgres://app:s3cret@db.internal:5432/users"),
            "postgres://***@db.internal:5432/users"
        );
        assert_eq!(redact("sqlite::memory:"), "sqlite::memory:");
        assert_eq!(
            redact("postgres://db/users?user=app&password=s3cret@x&sslmode=require"),
            "postgres://db/users?user=app&password=***&sslmode=require"
        );
        assert_eq!(
            redact("sqlite:file:users?mode=memory&cache=shared"),
            "sqlite:file:users?mode=memory&cache=shared"
        );
    }
}
