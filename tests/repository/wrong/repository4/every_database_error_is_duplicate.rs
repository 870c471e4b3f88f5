//! Known-wrong answer to `repository4`: any error the database returns on insert is a duplicate.
//! Breaks: "Anything else is `StoreError::Backend(message)`."
//! Why a learner writes it: the only way an insert fails in a quick test is a taken email, so
//! `sqlx::Error::Database(_)` looks like it means exactly that; a trigger, a NOT NULL, a missing
//! table are database errors too.
//! Rejected by: other_database_errors_are_backend_not_duplicate, a_failing_database_is_backend_for_create_and_lookup

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
                .map_err(|error| match error {
                    // The mistake: every error from the database is taken for a duplicate.
                    sqlx::Error::Database(_) => StoreError::Duplicate(email.clone()),
                    other => StoreError::Backend(other.to_string()),
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
            .map_err(|error| StoreError::Backend(error.to_string()))
    }
}
