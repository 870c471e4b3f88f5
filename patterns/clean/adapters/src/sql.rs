//! # The store in SQL: the ports, on SQLite or PostgreSQL through sqlx
//!
//! The unit of work is a database transaction, and it stays in this module: the use case
//! holds a [`SqlTransaction`] only as "some `Transaction`", so `sqlx` is never named in the
//! inner rings, and yet placing an order writes the order and takes the stock in one
//! transaction. That is the answer to the question every clean or hexagonal codebase gets
//! asked: a unit-of-work port, implemented here by wrapping `sqlx::Transaction`.
//!
//! Stock is taken with one conditional `UPDATE` (`... WHERE available >= $1`), so two
//! orders for the last keyboard cannot both get it, whatever the isolation level.

use std::time::Duration;

use clean_app::{Inventory, OrderRepository, StockError, StoreError, Transaction, UnitOfWork};
use clean_domain::{Email, Order, OrderId, OrderLine, OrderStatus, ProductId, Quantity, Timestamp};
use sqlx::any::AnyPoolOptions;
use sqlx::{Acquire, Any, AnyPool, Row};

/// The embedded default: SQLite in memory, kept alive by one open connection.
pub const DEFAULT_DATABASE_URL: &str = "sqlite:file:clean?mode=memory&cache=shared";

/// Orders and stock in a SQL database.
#[derive(Debug, Clone)]
pub struct SqlStore {
    pool: AnyPool,
}

/// Anything sqlx reports is the store failing, unless a caller maps it to something better.
fn unavailable(error: sqlx::Error) -> StoreError {
    StoreError::Unavailable(error.to_string())
}

impl SqlStore {
    /// Connects to `url` (SQLite or PostgreSQL) and brings the schema up to date.
    pub async fn connect(url: &str) -> Result<Self, StoreError> {
        sqlx::any::install_default_drivers();
        let mut options = AnyPoolOptions::new()
            .max_connections(5)
            .acquire_timeout(Duration::from_secs(5));
        if url.contains("mode=memory") {
            // An in-memory database lives as long as one of its connections, and its shared
            // cache answers a second writer with "locked" rather than waiting: one connection.
            options = options
                .max_connections(1)
                .min_connections(1)
                .idle_timeout(None)
                .max_lifetime(None);
        }
        let pool = options.connect(url).await.map_err(unavailable)?;
        sqlx::migrate!("./migrations")
            .run(&pool)
            .await
            .map_err(|error| StoreError::Unavailable(error.to_string()))?;
        Ok(Self { pool })
    }

    /// Adds `product` to the catalogue with `available` in stock; a product the catalogue
    /// already has keeps the stock it has.
    pub async fn add_product(&self, product: &ProductId, available: u32) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO products (id, available) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING",
        )
        .bind(product.as_str())
        .bind(i64::from(available))
        .execute(&self.pool)
        .await
        .map_err(unavailable)?;
        Ok(())
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// A database transaction, seen by the use cases only as a [`Transaction`]. Dropped without
/// `commit`, sqlx rolls it back.
pub struct SqlTransaction {
    tx: sqlx::Transaction<'static, Any>,
}

// ANCHOR: unit_of_work
impl UnitOfWork for SqlStore {
    type Transaction = SqlTransaction;

    async fn begin(&self) -> Result<SqlTransaction, StoreError> {
        Ok(SqlTransaction {
            tx: self.pool.begin().await.map_err(unavailable)?,
        })
    }
}

impl Transaction for SqlTransaction {
    async fn commit(self) -> Result<(), StoreError> {
        self.tx.commit().await.map_err(unavailable)
    }
}
// ANCHOR_END: unit_of_work

impl OrderRepository for SqlTransaction {
    async fn insert(&mut self, order: &Order) -> Result<(), StoreError> {
        // Inside a savepoint: on PostgreSQL a failed statement spoils the whole transaction,
        // and a `Conflict` must leave the caller's transaction usable.
        let mut savepoint = Acquire::begin(&mut self.tx).await.map_err(unavailable)?;
        let inserted = sqlx::query(
            "INSERT INTO orders (id, customer, status, placed_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(order.id().as_str())
        .bind(order.customer().as_str())
        .bind(order.status().as_str())
        .bind(millis(order.placed_at()))
        .execute(&mut *savepoint)
        .await;
        match inserted {
            Ok(_) => savepoint.commit().await.map_err(unavailable)?,
            Err(error)
                if error
                    .as_database_error()
                    .is_some_and(|e| e.is_unique_violation()) =>
            {
                return Err(StoreError::Conflict(format!("order {} exists", order.id())));
            }
            Err(error) => return Err(unavailable(error)),
        }
        for (line_no, line) in (0_i64..).zip(order.lines()) {
            sqlx::query(
                "INSERT INTO order_lines (order_id, line_no, product_id, quantity) \
                 VALUES ($1, $2, $3, $4)",
            )
            .bind(order.id().as_str())
            .bind(line_no)
            .bind(line.product.as_str())
            .bind(i64::from(line.quantity.get()))
            .execute(&mut *self.tx)
            .await
            .map_err(unavailable)?;
        }
        Ok(())
    }

    async fn find(&mut self, id: &OrderId) -> Result<Option<Order>, StoreError> {
        let Some(row) = sqlx::query("SELECT customer, status, placed_at FROM orders WHERE id = $1")
            .bind(id.as_str())
            .fetch_optional(&mut *self.tx)
            .await
            .map_err(unavailable)?
        else {
            return Ok(None);
        };
        let lines = sqlx::query(
            "SELECT product_id, quantity FROM order_lines WHERE order_id = $1 ORDER BY line_no",
        )
        .bind(id.as_str())
        .fetch_all(&mut *self.tx)
        .await
        .map_err(unavailable)?;
        restore(id, &row, &lines).map(Some)
    }

    async fn save_status(&mut self, order: &Order) -> Result<(), StoreError> {
        let updated = sqlx::query("UPDATE orders SET status = $1 WHERE id = $2")
            .bind(order.status().as_str())
            .bind(order.id().as_str())
            .execute(&mut *self.tx)
            .await
            .map_err(unavailable)?;
        if updated.rows_affected() == 0 {
            return Err(StoreError::Conflict(format!("no order {}", order.id())));
        }
        Ok(())
    }
}

impl Inventory for SqlTransaction {
    async fn reserve(&mut self, product: &ProductId, quantity: Quantity) -> Result<(), StockError> {
        let taken = sqlx::query(
            "UPDATE products SET available = available - $1 WHERE id = $2 AND available >= $1",
        )
        .bind(i64::from(quantity.get()))
        .bind(product.as_str())
        .execute(&mut *self.tx)
        .await
        .map_err(unavailable)?;
        if taken.rows_affected() == 1 {
            return Ok(());
        }
        // Nothing taken: say why.
        match self.available(product).await? {
            None => Err(StockError::UnknownProduct(product.clone())),
            Some(available) => Err(StockError::OutOfStock {
                product: product.clone(),
                requested: quantity.get(),
                available,
            }),
        }
    }

    async fn release(&mut self, product: &ProductId, quantity: Quantity) -> Result<(), StockError> {
        let put_back = sqlx::query("UPDATE products SET available = available + $1 WHERE id = $2")
            .bind(i64::from(quantity.get()))
            .bind(product.as_str())
            .execute(&mut *self.tx)
            .await
            .map_err(unavailable)?;
        if put_back.rows_affected() == 0 {
            return Err(StockError::UnknownProduct(product.clone()));
        }
        Ok(())
    }

    async fn available(&mut self, product: &ProductId) -> Result<Option<u32>, StoreError> {
        let available: Option<i64> =
            sqlx::query_scalar("SELECT available FROM products WHERE id = $1")
                .bind(product.as_str())
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

fn millis(at: Timestamp) -> i64 {
    i64::try_from(at.as_millis()).unwrap_or(i64::MAX)
}

/// An order from its rows, through the domain's own rules: a row that breaks them is reported
/// as the store failing, not passed on.
fn restore(
    id: &OrderId,
    row: &sqlx::any::AnyRow,
    lines: &[sqlx::any::AnyRow],
) -> Result<Order, StoreError> {
    let corrupt = |what: String| StoreError::Unavailable(format!("order {id} in storage: {what}"));
    let read = || -> Result<Order, Box<dyn std::error::Error + Send + Sync>> {
        let customer = Email::parse(&row.try_get::<String, _>("customer")?)?;
        let status = OrderStatus::parse(&row.try_get::<String, _>("status")?)?;
        let placed_at = Timestamp::from_millis(u64::try_from(row.try_get::<i64, _>("placed_at")?)?);
        let lines = lines
            .iter()
            .map(|line| {
                Ok(OrderLine {
                    product: ProductId::parse(&line.try_get::<String, _>("product_id")?)?,
                    quantity: Quantity::new(line.try_get::<i64, _>("quantity")?)?,
                })
            })
            .collect::<Result<Vec<_>, Box<dyn std::error::Error + Send + Sync>>>()?;
        Ok(Order::restore(
            id.clone(),
            customer,
            lines,
            status,
            placed_at,
        )?)
    };
    read().map_err(|error| corrupt(error.to_string()))
}
