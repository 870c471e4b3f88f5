//! Known-wrong answer to `repository4`: the lookup uses `fetch_one`; nobody becomes an error.
//! Breaks: "`find_by_email` normalises its argument and returns `Ok(None)` for nobody."
//! Why a learner writes it: `fetch_one` is the first fetch in sqlx's examples, and it works for
//! every user that exists; for nobody it fails with `RowNotFound`, which the `map_err` turns into
//! a Backend error.
//! Rejected by: nobody_is_none

use sqlx::SqlitePool;

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct User {
    pub id: i64,
    pub email: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreError {
    Duplicate(String),
    Backend(String),
}

pub struct SqliteUsers {
    pool: SqlitePool,
}

impl SqliteUsers {
    /// Opens `url` and creates the `users` table.
    pub async fn connect(url: &str) -> Result<Self, StoreError> {
        let backend = |e: sqlx::Error| StoreError::Backend(e.to_string());
        let pool = SqlitePool::connect(url).await.map_err(backend)?;
        sqlx::query(
            "CREATE TABLE IF NOT EXISTS users (
                id INTEGER PRIMARY KEY,
                email TEXT NOT NULL UNIQUE,
                name TEXT NOT NULL
            )",
        )
        .execute(&pool)
        .await
        .map_err(backend)?;
        Ok(Self { pool })
    }

    /// The pool, for the checks that look underneath.
    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    /// Stores a new user.
    pub async fn create(&self, email: &str, name: &str) -> Result<User, StoreError> {
        let email = email.trim().to_lowercase();
        let id: i64 =
            sqlx::query_scalar("INSERT INTO users (email, name) VALUES ($1, $2) RETURNING id")
                .bind(&email)
                .bind(name)
                .fetch_one(&self.pool)
                .await
                .map_err(|error| match error.as_database_error() {
                    Some(db) if db.is_unique_violation() => StoreError::Duplicate(email.clone()),
                    _ => StoreError::Backend(error.to_string()),
                })?;
        Ok(User {
            id,
            email,
            name: name.to_owned(),
        })
    }

    /// The user with this email, if any.
    pub async fn find_by_email(&self, email: &str) -> Result<Option<User>, StoreError> {
        sqlx::query_as("SELECT id, email, name FROM users WHERE email = $1")
            .bind(email.trim().to_lowercase())
            // The mistake: fetch_one fails when no row matches; nobody becomes an error.
            .fetch_one(&self.pool)
            .await
            .map(Some)
            .map_err(|error| StoreError::Backend(error.to_string()))
    }
}
