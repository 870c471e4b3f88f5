//! # Repository 4: the same store on SQLite, with sqlx
//!
//! Now a real database. `SqliteUsers` keeps users in a SQLite table through a sqlx pool. Two
//! things make it a repository rather than SQL sprinkled around:
//!
//! - **Parameters, never string formatting.** `sqlx::query("... WHERE email = $1").bind(email)`
//!   sends the value separately from the SQL, so a name like `'; DROP TABLE users; --` is
//!   stored as text. `format!("... '{email}'")` would run it; in sqlx 0.9 it does not even
//!   compile without wrapping it in `AssertSqlSafe`, a wrapper that says "I checked this string
//!   myself": when you reach for it to pass a value, bind the value instead.
//! - **Translated errors.** A unique violation is `StoreError::Duplicate`:
//!   `error.as_database_error()` gives the database's error, whose `is_unique_violation()`
//!   says whether that is what happened. Anything else is `StoreError::Backend(message)`.
//!
//! `SqliteUsers::connect` (given) creates the table. `users.id` is an `INTEGER PRIMARY KEY`:
//! SQLite numbers rows itself, and `RETURNING id` hands the new number back.
//!
//! TODO: implement `create` and `find_by_email`:
//! - `create` normalises the email (trimmed, lowercase), inserts the user with bound
//!   parameters and `RETURNING id`, and returns the `User`; a taken email is `Duplicate` with
//!   the normalised email;
//! - `find_by_email` normalises its argument and returns `Ok(None)` for nobody.
//!
//! Check your work with `cargo learn check repository4`; stuck? `cargo learn hint repository4`.

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
        todo!()
    }

    /// The user with this email, if any.
    pub async fn find_by_email(&self, email: &str) -> Result<Option<User>, StoreError> {
        todo!()
    }
}
