//! Known-wrong answer to `repository4`: the email is normalised for the answer but bound as given.
//! Breaks: "`create` normalises the email (trimmed, lowercase)"
//! Why a learner writes it: the normalised email goes into the returned `User`, which looks right;
//! but the parameter `email` is what got bound, so the row holds the email as typed, and neither
//! lookups nor the UNIQUE constraint see it normalised.
//! Rejected by: create_stores_a_normalised_user_and_find_reads_it_back, a_taken_email_is_a_duplicate_not_a_database_error

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
        let normalised = email.trim().to_lowercase();
        let id: i64 =
            sqlx::query_scalar("INSERT INTO users (email, name) VALUES ($1, $2) RETURNING id")
                // The mistake: the email as given is bound, not the normalised one.
                .bind(email)
                .bind(name)
                .fetch_one(&self.pool)
                .await
                .map_err(|error| match error.as_database_error() {
                    Some(db) if db.is_unique_violation() => {
                        StoreError::Duplicate(normalised.clone())
                    }
                    _ => StoreError::Backend(error.to_string()),
                })?;
        Ok(User {
            id,
            email: normalised,
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
