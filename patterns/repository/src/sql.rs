//! # SQL: one implementation for SQLite and PostgreSQL, through sqlx
//!
//! The queries are plain, portable SQL with `$1` placeholders (both databases accept them), so
//! one implementation over sqlx's `AnyPool` serves both: the URL decides (`sqlite:...` or
//! `postgres://...`). The schema is a sqlx migration in `migrations/`, embedded in the binary
//! and applied by [`SqlRepository::connect`]. Queries are checked at run time (`query_as` with
//! `FromRow`), not at compile time, so building needs no database.
//!
//! What differs between the two is what this module exists to hide: each database reports a
//! duplicate email its own way (SQLite extended code 2067, PostgreSQL SQLSTATE 23505), and
//! sqlx's `is_unique_violation` turns both into [`RepoError::Duplicate`].

use std::time::Duration;

use sqlx::AnyPool;
use sqlx::any::AnyPoolOptions;

use crate::{NewUser, Page, RepoError, User, UserId, UserRepository, UserUpdate, normalise_email};

/// The migrations in `migrations/`, compiled into the binary.
pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

/// Users in a SQL database.
#[derive(Clone)]
pub struct SqlRepository {
    pool: AnyPool,
}

/// A row as the database returns it; turned into a [`User`] before it leaves this module.
#[derive(sqlx::FromRow)]
struct UserRow {
    id: String,
    email: String,
    name: String,
}

impl From<UserRow> for User {
    fn from(row: UserRow) -> Self {
        User {
            id: UserId::from_stored(row.id),
            email: row.email,
            name: row.name,
        }
    }
}

/// A database error that is not the caller's fault, with its message kept.
fn backend(error: sqlx::Error) -> RepoError {
    RepoError::Backend(error.to_string())
}

// ANCHOR: duplicate
/// A unique-constraint violation is a duplicate email; anything else is the backend's problem.
fn duplicate_or_backend(error: sqlx::Error, email: &str) -> RepoError {
    match error.as_database_error() {
        Some(db) if db.is_unique_violation() => RepoError::Duplicate(email.to_owned()),
        _ => backend(error),
    }
}
// ANCHOR_END: duplicate

impl SqlRepository {
    /// Connects to `url` and brings the schema up to date.
    pub async fn connect(url: &str) -> Result<Self, RepoError> {
        sqlx::any::install_default_drivers();
        let mut options = AnyPoolOptions::new()
            .max_connections(5)
            .acquire_timeout(Duration::from_secs(5));
        if url.contains("mode=memory") {
            // An in-memory SQLite database lives while a connection to it is open.
            options = options
                .min_connections(1)
                .idle_timeout(None)
                .max_lifetime(None);
        }
        let pool = options.connect(url).await.map_err(backend)?;
        MIGRATOR
            .run(&pool)
            .await
            .map_err(|error| RepoError::Backend(error.to_string()))?;
        Ok(Self { pool })
    }

    /// The pool, for tests that look underneath.
    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }
}

impl UserRepository for SqlRepository {
    // ANCHOR: queries
    async fn create(&self, user: NewUser) -> Result<User, RepoError> {
        let user = User {
            id: UserId::new(),
            email: normalise_email(&user.email),
            name: user.name,
        };
        sqlx::query("INSERT INTO users (id, email, name) VALUES ($1, $2, $3)")
            .bind(user.id.as_str())
            .bind(&user.email)
            .bind(&user.name)
            .execute(&self.pool)
            .await
            .map_err(|error| duplicate_or_backend(error, &user.email))?;
        Ok(user)
    }

    async fn find_by_id(&self, id: &UserId) -> Result<Option<User>, RepoError> {
        let row: Option<UserRow> =
            sqlx::query_as("SELECT id, email, name FROM users WHERE id = $1")
                .bind(id.as_str())
                .fetch_optional(&self.pool)
                .await
                .map_err(backend)?;
        Ok(row.map(User::from))
    }
    // ANCHOR_END: queries

    async fn find_by_email(&self, email: &str) -> Result<Option<User>, RepoError> {
        let row: Option<UserRow> =
            sqlx::query_as("SELECT id, email, name FROM users WHERE email = $1")
                .bind(normalise_email(email))
                .fetch_optional(&self.pool)
                .await
                .map_err(backend)?;
        Ok(row.map(User::from))
    }

    async fn list(&self, page: Page) -> Result<Vec<User>, RepoError> {
        let rows: Vec<UserRow> =
            sqlx::query_as("SELECT id, email, name FROM users ORDER BY email LIMIT $1 OFFSET $2")
                .bind(i64::from(page.limit))
                .bind(i64::from(page.offset))
                .fetch_all(&self.pool)
                .await
                .map_err(backend)?;
        Ok(rows.into_iter().map(User::from).collect())
    }

    async fn update(&self, id: &UserId, update: UserUpdate) -> Result<User, RepoError> {
        let Some(current) = self.find_by_id(id).await? else {
            return Err(RepoError::NotFound(id.clone()));
        };
        let updated = current.updated(update);
        let result = sqlx::query("UPDATE users SET email = $1, name = $2 WHERE id = $3")
            .bind(&updated.email)
            .bind(&updated.name)
            .bind(updated.id.as_str())
            .execute(&self.pool)
            .await
            .map_err(|error| duplicate_or_backend(error, &updated.email))?;
        if result.rows_affected() == 0 {
            // Deleted between the read and the write.
            return Err(RepoError::NotFound(id.clone()));
        }
        Ok(updated)
    }

    async fn delete(&self, id: &UserId) -> Result<(), RepoError> {
        let result = sqlx::query("DELETE FROM users WHERE id = $1")
            .bind(id.as_str())
            .execute(&self.pool)
            .await
            .map_err(backend)?;
        if result.rows_affected() == 0 {
            return Err(RepoError::NotFound(id.clone()));
        }
        Ok(())
    }
}
