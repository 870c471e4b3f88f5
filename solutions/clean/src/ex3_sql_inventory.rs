//! # Clean 3: an adapter implements a port, with sqlx
//!
//! The use-case ring asks for stock through a port it owns, `Inventory`, and writes its
//! contract in the port's docs. The adapters ring keeps that promise with a real database: here
//! `SqlInventory`, which holds one sqlx transaction (SQLite or PostgreSQL, through sqlx's `Any`
//! driver). The use case never learns that SQL exists; the SQL never learns what an order is.
//!
//! The one hard part is taking stock safely when two orders want the last items at once. Read
//! then write (`SELECT available`, compare in Rust, `UPDATE ... SET available = ...`) is a race:
//! under PostgreSQL's default isolation (READ COMMITTED) two transactions both read "3 left",
//! both decide there is enough, and both take them; the second `UPDATE` then either sells stock
//! that is gone or trips the table's `CHECK (available >= 0)` and fails as a database error.
//! The fix is to let the database decide, in ONE conditional statement:
//!
//! ```sql
//! UPDATE products SET available = available - $1 WHERE id = $2 AND available >= $1
//! ```
//!
//! The row is locked while the condition is tested and the stock taken, so a second
//! transaction waits, then tests the condition again on the new value. One row changed
//! (`rows_affected() == 1`) means reserved. Zero rows means refused, and only then do you look
//! at the row to say why: no row at all is an unknown product, a row is not enough stock.
//!
//! The table is `products (id TEXT PRIMARY KEY, available BIGINT NOT NULL CHECK (available >=
//! 0))`, created by `create_schema` (given), as are `SqlInventory::begin` and `commit`.
//!
//! TODO: implement `Inventory` for `SqlInventory`, every statement through `self.tx`, every
//! value bound as a parameter (`$1`, `.bind(...)`), never formatted into the SQL (a product id
//! may hold a quote: it is data):
//! - `reserve(product, quantity)` takes `quantity` out of stock with the one conditional
//!   `UPDATE` above. Not enough (fewer than `quantity` left, `0` included) is
//!   `StockError::OutOfStock { product, requested: quantity, available: <what is left> }` and
//!   takes nothing; a product the table does not have is `StockError::UnknownProduct(product)`.
//!   Exactly what is left can be reserved. A refusal is not a database error, and leaves the
//!   transaction usable for the next call;
//! - `release(product, quantity)` puts `quantity` back; a product the table does not have is
//!   `StockError::UnknownProduct(product)`;
//! - `available(product)` is `Ok(Some(n))` with the stock as stored (any `u32`, up to
//!   4 294 967 295), `Ok(None)` for a product the table does not have;
//! - anything the database itself reports (a connection lost, a constraint broken) is
//!   `StoreError::Unavailable(<its message>)` (`StockError::Store` from `reserve` and `release`).
//!
//! Check your work with `cargo learn check clean3`; stuck? `cargo learn hint clean3`.

use std::future::Future;

use sqlx::{Any, AnyPool};

/// A storage failure: the store could not do its job. The details are for the log.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StoreError {
    #[error("storage failed: {0}")]
    Unavailable(String),
}

/// Why stock could not be reserved or released.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StockError {
    #[error("not enough {product} in stock: {requested} wanted, {available} left")]
    OutOfStock {
        product: String,
        requested: u32,
        available: u32,
    },
    #[error("the catalogue has no product {0}")]
    UnknownProduct(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The stock of each product: a port of the use-case ring. Every implementation MUST:
/// - in `reserve`, answer not enough with `StockError::OutOfStock` and take nothing, and a
///   product the catalogue does not have with `StockError::UnknownProduct`;
/// - in `release`, put the stock back, and answer an unknown product with
///   `StockError::UnknownProduct`;
/// - in `available`, answer `None`, not an error, for an unknown product.
pub trait Inventory: Send {
    /// Takes `quantity` of `product` out of stock.
    fn reserve(
        &mut self,
        product: &str,
        quantity: u32,
    ) -> impl Future<Output = Result<(), StockError>> + Send;
    /// Puts `quantity` of `product` back (a cancelled order's).
    fn release(
        &mut self,
        product: &str,
        quantity: u32,
    ) -> impl Future<Output = Result<(), StockError>> + Send;
    /// How many of `product` are in stock; `None` for a product the catalogue does not have.
    fn available(
        &mut self,
        product: &str,
    ) -> impl Future<Output = Result<Option<u32>, StoreError>> + Send;
}

/// Anything sqlx reports is the store failing.
fn unavailable(error: sqlx::Error) -> StoreError {
    StoreError::Unavailable(error.to_string())
}

/// Creates the `products` table, if it is not there yet.
pub async fn create_schema(pool: &AnyPool) -> Result<(), StoreError> {
    sqlx::query(
        "CREATE TABLE IF NOT EXISTS products (
            id        TEXT PRIMARY KEY,
            available BIGINT NOT NULL CHECK (available >= 0)
        )",
    )
    .execute(pool)
    .await
    .map_err(unavailable)?;
    Ok(())
}

/// The stock, inside one database transaction: what is done through it is kept by `commit`,
/// and none of it if it is dropped before (sqlx rolls the transaction back).
pub struct SqlInventory {
    tx: sqlx::Transaction<'static, Any>,
}

impl SqlInventory {
    /// Starts a transaction on `pool`.
    pub async fn begin(pool: &AnyPool) -> Result<Self, StoreError> {
        Ok(Self {
            tx: pool.begin().await.map_err(unavailable)?,
        })
    }

    /// Keeps everything done through this inventory.
    pub async fn commit(self) -> Result<(), StoreError> {
        self.tx.commit().await.map_err(unavailable)
    }
}

impl Inventory for SqlInventory {
    async fn reserve(&mut self, product: &str, quantity: u32) -> Result<(), StockError> {
        let taken = sqlx::query(
            "UPDATE products SET available = available - $1 WHERE id = $2 AND available >= $1",
        )
        .bind(i64::from(quantity))
        .bind(product)
        .execute(&mut *self.tx)
        .await
        .map_err(unavailable)?;
        if taken.rows_affected() == 1 {
            return Ok(());
        }
        // Nothing taken: say why.
        match self.available(product).await? {
            None => Err(StockError::UnknownProduct(product.to_owned())),
            Some(available) => Err(StockError::OutOfStock {
                product: product.to_owned(),
                requested: quantity,
                available,
            }),
        }
    }

    async fn release(&mut self, product: &str, quantity: u32) -> Result<(), StockError> {
        let put_back = sqlx::query("UPDATE products SET available = available + $1 WHERE id = $2")
            .bind(i64::from(quantity))
            .bind(product)
            .execute(&mut *self.tx)
            .await
            .map_err(unavailable)?;
        if put_back.rows_affected() == 0 {
            return Err(StockError::UnknownProduct(product.to_owned()));
        }
        Ok(())
    }

    async fn available(&mut self, product: &str) -> Result<Option<u32>, StoreError> {
        let available: Option<i64> =
            sqlx::query_scalar("SELECT available FROM products WHERE id = $1")
                .bind(product)
                .fetch_optional(&mut *self.tx)
                .await
                .map_err(unavailable)?;
        available
            .map(|n| {
                u32::try_from(n).map_err(|_| {
                    StoreError::Unavailable(format!("{product}: stock {n} in storage"))
                })
            })
            .transpose()
    }
}
