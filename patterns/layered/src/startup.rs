//! # Start-up: the infrastructure, built once, in one place
//!
//! Layers describe how a request flows; something still has to build them and plug them
//! together when the process starts. That is this module's only job (zero2prod calls it
//! `startup.rs`): open the database pool, bring the schema up to date, and hand the pool to the
//! service, the service to the routes. No layer opens connections or reads configuration
//! itself, so each can be built differently in a test.

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use sqlx::AnyPool;
use sqlx::any::AnyPoolOptions;

use crate::{routes, service};

/// The embedded default database: SQLite in memory, kept alive by one open connection.
pub const DEFAULT_DATABASE_URL: &str = "sqlite:file:layered?mode=memory&cache=shared";

/// Why the application could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error("cannot connect to the database: {0}")]
    Connect(#[source] sqlx::Error),
    #[error("cannot bring the database schema up to date: {0}")]
    Migrate(#[source] sqlx::migrate::MigrateError),
}

/// Connects to `url` (SQLite or PostgreSQL) and runs the migrations.
pub async fn connect_database(url: &str) -> Result<AnyPool, StartupError> {
    sqlx::any::install_default_drivers();
    let mut options = AnyPoolOptions::new()
        .max_connections(5)
        .acquire_timeout(Duration::from_secs(5));
    if url.contains("mode=memory") {
        // An in-memory database lives as long as one of its connections: keep one open.
        options = options
            .min_connections(1)
            .idle_timeout(None)
            .max_lifetime(None);
    }
    let pool = options.connect(url).await.map_err(StartupError::Connect)?;
    sqlx::migrate!("./migrations")
        .run(&pool)
        .await
        .map_err(StartupError::Migrate)?;
    Ok(pool)
}

// ANCHOR: app
/// The whole application on `pool`: repository, service, controllers, routes.
pub fn app(pool: AnyPool) -> Router {
    routes::router(Arc::new(service::on_database(pool)))
}
// ANCHOR_END: app
