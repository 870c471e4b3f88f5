//! Known-wrong answer to `repository4`: the INSERT is built with `format!`.
//! Breaks: "so a name like `'; DROP TABLE users; --` is stored as text"
//! Why a learner writes it: in Node, a template literal `INSERT ... VALUES ('${email}',
//! '${name}')` is the first SQL many people write; sqlx 0.9 refuses a runtime string, and wrapping
//! it in `AssertSqlSafe` makes the compiler error go away. Every ordinary name works; a name with
//! a quote breaks the SQL.
//! Rejected by: quotes_and_sql_in_a_name_are_stored_as_text

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
        // The mistake: the values are formatted into the SQL instead of bound as parameters.
        let sql =
            format!("INSERT INTO users (email, name) VALUES ('{email}', '{name}') RETURNING id");
        let id: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
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
            .map_err(|error| StoreError::Backend(error.to_string()))
    }
}
