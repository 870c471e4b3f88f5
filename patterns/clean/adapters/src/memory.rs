//! # The store in memory: the ports, with no database at all
//!
//! What the use cases' tests run on by default, and proof that the ports say enough: if a map
//! behind a lock can keep every promise the ports make, the use cases cannot be leaning on
//! anything SQL does for them by accident.
//!
//! A transaction takes the store's lock for its whole life (an owned tokio lock, so it can be
//! held across `.await`) and works on a copy; `commit` puts the copy back, and dropping it
//! without a commit throws the copy away. One writer at a time: what SQLite does too.

use std::collections::BTreeMap;
use std::sync::Arc;

use clean_app::{Inventory, OrderRepository, StockError, StoreError, Transaction, UnitOfWork};
use clean_domain::{Order, OrderId, ProductId, Quantity};
use tokio::sync::{Mutex, OwnedMutexGuard};

#[derive(Debug, Clone, Default)]
struct State {
    orders: BTreeMap<OrderId, Order>,
    stock: BTreeMap<ProductId, u32>,
}

/// Orders and stock in memory. Cloning it gives another handle on the same store.
#[derive(Debug, Clone, Default)]
pub struct MemoryStore {
    state: Arc<Mutex<State>>,
}

impl MemoryStore {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds `product` to the catalogue with `available` in stock; a product the catalogue
    /// already has keeps the stock it has.
    pub async fn add_product(&self, product: &ProductId, available: u32) {
        self.state
            .lock()
            .await
            .stock
            .entry(product.clone())
            .or_insert(available);
    }
}

/// A transaction on a [`MemoryStore`]: the store's lock, and a copy to work on.
pub struct MemoryTransaction {
    guard: OwnedMutexGuard<State>,
    working: State,
}

impl UnitOfWork for MemoryStore {
    type Transaction = MemoryTransaction;

    async fn begin(&self) -> Result<MemoryTransaction, StoreError> {
        let guard = Arc::clone(&self.state).lock_owned().await;
        let working = guard.clone();
        Ok(MemoryTransaction { guard, working })
    }
}

impl Transaction for MemoryTransaction {
    async fn commit(mut self) -> Result<(), StoreError> {
        *self.guard = self.working;
        Ok(())
    }
}

impl OrderRepository for MemoryTransaction {
    async fn insert(&mut self, order: &Order) -> Result<(), StoreError> {
        if self.working.orders.contains_key(order.id()) {
            return Err(StoreError::Conflict(format!("order {} exists", order.id())));
        }
        self.working
            .orders
            .insert(order.id().clone(), order.clone());
        Ok(())
    }

    async fn find(&mut self, id: &OrderId) -> Result<Option<Order>, StoreError> {
        Ok(self.working.orders.get(id).cloned())
    }

    async fn save_status(&mut self, order: &Order) -> Result<(), StoreError> {
        match self.working.orders.get_mut(order.id()) {
            Some(kept) => {
                *kept = order.clone();
                Ok(())
            }
            None => Err(StoreError::Conflict(format!("no order {}", order.id()))),
        }
    }
}

impl Inventory for MemoryTransaction {
    async fn reserve(&mut self, product: &ProductId, quantity: Quantity) -> Result<(), StockError> {
        let available = self
            .working
            .stock
            .get_mut(product)
            .ok_or_else(|| StockError::UnknownProduct(product.clone()))?;
        if *available < quantity.get() {
            return Err(StockError::OutOfStock {
                product: product.clone(),
                requested: quantity.get(),
                available: *available,
            });
        }
        *available -= quantity.get();
        Ok(())
    }

    async fn release(&mut self, product: &ProductId, quantity: Quantity) -> Result<(), StockError> {
        let available = self
            .working
            .stock
            .get_mut(product)
            .ok_or_else(|| StockError::UnknownProduct(product.clone()))?;
        *available = available.saturating_add(quantity.get());
        Ok(())
    }

    async fn available(&mut self, product: &ProductId) -> Result<Option<u32>, StoreError> {
        Ok(self.working.stock.get(product).copied())
    }
}
