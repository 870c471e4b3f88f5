//! Known-wrong answer to `repository4`: the lookup is built with `format!`.
//! Breaks: "Parameters, never string formatting."
//! Why a learner writes it: a lookup only reads, so splicing the email into a `WHERE` looks
//! harmless; but `x' OR '1'='1` then finds somebody, and `o'brien@example.com` is a syntax error.
//! Rejected by: a_lookup_binds_the_email_as_a_value, quotes_and_sql_in_an_email_are_stored_as_text

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
        let email = email.trim().to_lowercase();
        // The mistake: the email is formatted into the SQL instead of bound as a parameter.
        let sql = format!("SELECT id, email, name FROM users WHERE email = '{email}'");
        sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .fetch_optional(&self.pool)
            .await
            .map_err(|error| StoreError::Backend(error.to_string()))
    }
}
