//! # Repository layer: SQL, and nothing else
//!
//! Runs the queries and turns rows into the service's types. It knows nothing of HTTP and
//! makes no business decisions: it implements the service's [`UserStore`] port, answering in
//! the port's own error type. This module is private to `service`: no other layer can name
//! it, so the controller cannot skip the business rules and write to the database directly.

use sqlx::AnyPool;

use super::{StoreError, StoredUser, UserStore};

pub(super) struct SqlUserStore {
    pool: AnyPool,
}

#[derive(sqlx::FromRow)]
struct Row {
    id: String,
    email: String,
    name: String,
    password_hash: String,
}

impl From<Row> for StoredUser {
    fn from(row: Row) -> Self {
        StoredUser {
            id: row.id,
            email: row.email,
            name: row.name,
            password_hash: row.password_hash,
        }
    }
}

fn backend(error: sqlx::Error) -> StoreError {
    StoreError::Backend(error.to_string())
}

impl SqlUserStore {
    pub(super) fn new(pool: AnyPool) -> Self {
        Self { pool }
    }
}

impl UserStore for SqlUserStore {
    #[tracing::instrument(name = "repository.find_by_email", skip_all)]
    async fn find_by_email(&self, email: &str) -> Result<Option<StoredUser>, StoreError> {
        let row: Option<Row> =
            sqlx::query_as("SELECT id, email, name, password_hash FROM users WHERE email = $1")
                .bind(email)
                .fetch_optional(&self.pool)
                .await
                .map_err(backend)?;
        Ok(row.map(StoredUser::from))
    }

    #[tracing::instrument(name = "repository.find_by_id", skip_all)]
    async fn find_by_id(&self, id: &str) -> Result<Option<StoredUser>, StoreError> {
        let row: Option<Row> =
            sqlx::query_as("SELECT id, email, name, password_hash FROM users WHERE id = $1")
                .bind(id)
                .fetch_optional(&self.pool)
                .await
                .map_err(backend)?;
        Ok(row.map(StoredUser::from))
    }

    // ANCHOR: insert
    #[tracing::instrument(name = "repository.insert", skip_all)]
    async fn insert(&self, user: &StoredUser) -> Result<(), StoreError> {
        sqlx::query("INSERT INTO users (id, email, name, password_hash) VALUES ($1, $2, $3, $4)")
            .bind(&user.id)
            .bind(&user.email)
            .bind(&user.name)
            .bind(&user.password_hash)
            .execute(&self.pool)
            .await
            .map_err(|error| match error.as_database_error() {
                // Two registrations raced past the service's check: the index has the last word.
                Some(db) if db.is_unique_violation() => StoreError::Duplicate,
                _ => backend(error),
            })?;
        Ok(())
    }
    // ANCHOR_END: insert

    #[tracing::instrument(name = "repository.list", skip_all)]
    async fn list(&self, offset: u32, limit: u32) -> Result<Vec<StoredUser>, StoreError> {
        let rows: Vec<Row> = sqlx::query_as(
            "SELECT id, email, name, password_hash FROM users ORDER BY email LIMIT $1 OFFSET $2",
        )
        .bind(i64::from(limit))
        .bind(i64::from(offset))
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        Ok(rows.into_iter().map(StoredUser::from).collect())
    }
}
