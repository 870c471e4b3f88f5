//! # The use-case ring: what the application does, through ports it owns
//!
//! A use case is one thing a user can do with the system: place an order, confirm it, cancel
//! it. It reads as the business would tell it ("reserve the stock for every line, then keep the
//! order") and says nothing about HTTP, SQL or the terminal, because it cannot: this crate
//! depends on the domain and nothing else (the `clean` package's `tests/dependency_rule.rs`
//! checks that, transitively).
//!
//! What a use case needs from the outside world it asks for through a **port**: a trait written
//! here, in the use cases' own words ([`OrderRepository`], [`Inventory`], [`Notifier`],
//! [`Clock`], [`IdGenerator`], and [`UnitOfWork`] for a transaction). The adapters ring
//! implements them: with sqlx, with a map in memory, with the factory chapter's notifiers.
//! That is the dependency rule: the arrows point inward. In the layered chapter the service
//! called the repository, which the service's crate defined and built; here the use case owns
//! the trait and never learns who implements it.
//!
//! Ports also carry their **contract** in their docs ("not enough stock MUST be
//! `StockError::OutOfStock`, and take nothing"), and one test suite in the adapters ring holds
//! every implementation to it.

use std::future::Future;

use clean_domain::{DomainError, Email, Order, OrderId, OrderLine, ProductId, Quantity, Timestamp};

// ANCHOR: ports
/// Where orders are kept, inside a [`Transaction`].
pub trait OrderRepository: Send {
    /// Keeps a new order. An id that is already taken MUST be `StoreError::Conflict`.
    fn insert(&mut self, order: &Order) -> impl Future<Output = Result<(), StoreError>> + Send;
    /// The order with this id, or `Ok(None)`: nobody is not an error.
    fn find(
        &mut self,
        id: &OrderId,
    ) -> impl Future<Output = Result<Option<Order>, StoreError>> + Send;
    /// Keeps an order's new status. An order that was never inserted MUST be
    /// `StoreError::Conflict`.
    fn save_status(&mut self, order: &Order)
    -> impl Future<Output = Result<(), StoreError>> + Send;
}

/// The stock of each product, inside a [`Transaction`].
pub trait Inventory: Send {
    /// Takes `quantity` of `product` out of stock. Not enough MUST be
    /// `StockError::OutOfStock` and take nothing; a product the catalogue does not have MUST be
    /// `StockError::UnknownProduct`.
    fn reserve(
        &mut self,
        product: &ProductId,
        quantity: Quantity,
    ) -> impl Future<Output = Result<(), StockError>> + Send;
    /// Puts `quantity` of `product` back (a cancelled order's).
    fn release(
        &mut self,
        product: &ProductId,
        quantity: Quantity,
    ) -> impl Future<Output = Result<(), StockError>> + Send;
    /// How many of `product` are in stock; `None` for a product the catalogue does not have.
    fn available(
        &mut self,
        product: &ProductId,
    ) -> impl Future<Output = Result<Option<u32>, StoreError>> + Send;
}

/// One unit of work: what is done through it is kept by [`Transaction::commit`], all of it,
/// and none of it if the transaction is dropped before (a `?` that returns early, a panic).
pub trait Transaction: OrderRepository + Inventory + Send {
    fn commit(self) -> impl Future<Output = Result<(), StoreError>> + Send;
}

/// Starts transactions: the one port a use case needs to change orders and stock together.
pub trait UnitOfWork: Send + Sync {
    type Transaction: Transaction;
    fn begin(&self) -> impl Future<Output = Result<Self::Transaction, StoreError>> + Send;
}

/// Tells a customer what happened to their order.
pub trait Notifier: Send + Sync {
    fn order_confirmed(
        &self,
        order: &Order,
    ) -> impl Future<Output = Result<(), NotifyError>> + Send;
}

/// What time it is: a port, so that tests and the demo can say.
pub trait Clock: Send + Sync {
    fn now(&self) -> Timestamp;
}

/// Makes the id of each new order.
pub trait IdGenerator: Send + Sync {
    fn next_order_id(&self) -> OrderId;
}
// ANCHOR_END: ports

/// A storage failure, in words the use cases can act on.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The change collides with what is stored (an id taken, an order that is not there).
    #[error("conflict: {0}")]
    Conflict(String),
    /// The store could not do its job: down, refused, broken. The details are for the log.
    #[error("storage failed: {0}")]
    Unavailable(String),
}

/// Why stock could not be reserved or released.
#[derive(Debug, thiserror::Error)]
pub enum StockError {
    #[error("not enough {product} in stock: {requested} wanted, {available} left")]
    OutOfStock {
        product: ProductId,
        requested: u32,
        available: u32,
    },
    #[error("the catalogue has no product {0}")]
    UnknownProduct(ProductId),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// A notification that could not be sent.
#[derive(Debug, thiserror::Error)]
#[error("the notification could not be sent: {0}")]
pub struct NotifyError(pub String);

// ANCHOR: errors
/// Why a use case did not do what it was asked. Every adapter maps these to its own words: an
/// HTTP status, a CLI exit code.
#[derive(Debug, thiserror::Error)]
pub enum OrderError {
    /// The input breaks a rule of the domain: the caller's to fix.
    #[error(transparent)]
    Invalid(#[from] DomainError),
    /// The stock is not there: nothing was reserved, nothing was written.
    #[error(transparent)]
    Stock(StockError),
    #[error("no order {0}")]
    NotFound(OrderId),
    /// Ours to fix, not the caller's.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<StockError> for OrderError {
    fn from(error: StockError) -> Self {
        match error {
            StockError::Store(store) => OrderError::Store(store),
            refusal => OrderError::Stock(refusal),
        }
    }
}
// ANCHOR_END: errors

/// What a client asks for when placing an order, as it arrived: not yet checked.
#[derive(Debug, Clone)]
pub struct PlaceOrderRequest {
    pub customer: String,
    /// Product codes and quantities.
    pub lines: Vec<(String, i64)>,
}

// ANCHOR: place_order
/// Use case: a customer places an order. The stock of every line is reserved and the order is
/// kept, in one transaction: if any line cannot be reserved, nothing is written at all.
pub struct PlaceOrder<U, C, I> {
    pub store: U,
    pub clock: C,
    pub ids: I,
}

impl<U: UnitOfWork, C: Clock, I: IdGenerator> PlaceOrder<U, C, I> {
    pub async fn execute(&self, request: PlaceOrderRequest) -> Result<Order, OrderError> {
        let customer = Email::parse(&request.customer)?;
        let lines = request
            .lines
            .iter()
            .map(|(product, quantity)| {
                Ok(OrderLine {
                    product: ProductId::parse(product)?,
                    quantity: Quantity::new(*quantity)?,
                })
            })
            .collect::<Result<Vec<_>, DomainError>>()?;
        let order = Order::place(self.ids.next_order_id(), customer, lines, self.clock.now())?;

        let mut tx = self.store.begin().await?;
        for line in order.lines() {
            // A `?` here drops `tx` uncommitted: the lines reserved so far are given back.
            tx.reserve(&line.product, line.quantity).await?;
        }
        tx.insert(&order).await?;
        tx.commit().await?;
        Ok(order)
    }
}
// ANCHOR_END: place_order

/// Use case: the shop confirms a pending order, and the customer is told.
pub struct ConfirmOrder<U, N> {
    pub store: U,
    pub notifier: N,
}

/// A confirmed order, and whether the customer could be told. The confirmation stands either
/// way: a mail server that is down does not un-confirm an order.
#[derive(Debug)]
pub struct Confirmed {
    pub order: Order,
    pub notified: Result<(), NotifyError>,
}

impl<U: UnitOfWork, N: Notifier> ConfirmOrder<U, N> {
    pub async fn execute(&self, id: &str) -> Result<Confirmed, OrderError> {
        let id = OrderId::parse(id)?;
        let mut tx = self.store.begin().await?;
        let mut order = tx.find(&id).await?.ok_or(OrderError::NotFound(id))?;
        order.confirm()?;
        tx.save_status(&order).await?;
        tx.commit().await?;
        // Only once the confirmation is kept: never tell a customer about an order that a
        // failed commit took back.
        let notified = self.notifier.order_confirmed(&order).await;
        Ok(Confirmed { order, notified })
    }
}

/// Use case: a pending order is cancelled and its stock put back.
pub struct CancelOrder<U> {
    pub store: U,
}

impl<U: UnitOfWork> CancelOrder<U> {
    pub async fn execute(&self, id: &str) -> Result<Order, OrderError> {
        let id = OrderId::parse(id)?;
        let mut tx = self.store.begin().await?;
        let mut order = tx.find(&id).await?.ok_or(OrderError::NotFound(id))?;
        order.cancel()?;
        for line in order.lines() {
            tx.release(&line.product, line.quantity).await?;
        }
        tx.save_status(&order).await?;
        tx.commit().await?;
        Ok(order)
    }
}

/// Query: one order, as it is now.
pub struct GetOrder<U> {
    pub store: U,
}

impl<U: UnitOfWork> GetOrder<U> {
    pub async fn execute(&self, id: &str) -> Result<Order, OrderError> {
        let id = OrderId::parse(id)?;
        let mut tx = self.store.begin().await?;
        tx.find(&id).await?.ok_or(OrderError::NotFound(id))
    }
}

/// Query: how many of a product are in stock.
pub struct StockLevel<U> {
    pub store: U,
}

impl<U: UnitOfWork> StockLevel<U> {
    pub async fn execute(&self, product: &str) -> Result<u32, OrderError> {
        let product = ProductId::parse(product)?;
        let mut tx = self.store.begin().await?;
        tx.available(&product)
            .await?
            .ok_or(OrderError::Stock(StockError::UnknownProduct(product)))
    }
}

/// A port behind an `Arc` is still the port: one notifier, clock or id generator can serve
/// several use cases (and a test can keep a handle on its fake).
impl<N: Notifier> Notifier for std::sync::Arc<N> {
    fn order_confirmed(
        &self,
        order: &Order,
    ) -> impl Future<Output = Result<(), NotifyError>> + Send {
        (**self).order_confirmed(order)
    }
}

impl<C: Clock + ?Sized> Clock for std::sync::Arc<C> {
    fn now(&self) -> Timestamp {
        (**self).now()
    }
}

impl<I: IdGenerator + ?Sized> IdGenerator for std::sync::Arc<I> {
    fn next_order_id(&self) -> OrderId {
        (**self).next_order_id()
    }
}

// ANCHOR: app
/// The technologies one application is wired with, named once: the composition root
/// implements this for a marker type, and every delivery mechanism is generic over it.
pub trait Ports: Send + Sync + 'static {
    type Store: UnitOfWork + Clone + 'static;
    type Notifier: Notifier + 'static;
    type Clock: Clock + 'static;
    type Ids: IdGenerator + 'static;
}

/// Every use case of the application, sharing one set of ports: what the HTTP API and the
/// command line both drive.
pub struct App<P: Ports> {
    pub place: PlaceOrder<P::Store, P::Clock, P::Ids>,
    pub confirm: ConfirmOrder<P::Store, P::Notifier>,
    pub cancel: CancelOrder<P::Store>,
    pub get: GetOrder<P::Store>,
    pub stock: StockLevel<P::Store>,
}

impl<P: Ports> App<P> {
    pub fn new(store: P::Store, notifier: P::Notifier, clock: P::Clock, ids: P::Ids) -> Self {
        Self {
            place: PlaceOrder {
                store: store.clone(),
                clock,
                ids,
            },
            confirm: ConfirmOrder {
                store: store.clone(),
                notifier,
            },
            cancel: CancelOrder {
                store: store.clone(),
            },
            get: GetOrder {
                store: store.clone(),
            },
            stock: StockLevel { store },
        }
    }
}
// ANCHOR_END: app
