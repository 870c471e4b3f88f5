//! Known-wrong answer to `repository4`: a failed lookup answers `Ok(None)`.
//! Breaks: "Anything else is `StoreError::Backend(message)`."
//! Why a learner writes it: Mongoose's `findOne` gives `null` when it finds nothing, and treating
//! "could not look" like "nobody" keeps the caller's code short; but a caller then registers a
//! user whose email it could not check.
//! Rejected by: a_failing_database_is_backend_for_create_and_lookup

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
            .fetch_optional(&self.pool)
            .await
            // The mistake: a failing lookup is reported as "nobody".
            .or(Ok(None))
    }
}
