//! Known-wrong answer to `clean2`: the stock is reserved in one transaction and the order inserted in another.
//! Breaks: "in ONE transaction (`self.store.begin()`): reserve every line of the order, in its order, then insert the order, then commit"
//! Why a learner writes it: each step is "done" once committed, which feels safe, and an
//! inventory service and an order service would each commit their own; but when the insert
//! fails, the stock is already gone for an order that does not exist.
//! Rejected by: places_an_order_in_one_transaction, a_failing_insert_gives_the_stock_back

use std::fmt;
use std::future::Future;

// ---- The domain (given): values that are valid by construction, as in clean1. ----

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DomainError {
    #[error("{got:?} is not an email address like ada@example.com")]
    Email { got: String },
    #[error("{got:?} is not a product code: 1 to 32 of a-z, 0-9 and -")]
    Product { got: String },
    #[error("{got} is not a quantity: 1 to 100")]
    Quantity { got: i64 },
    #[error("an order needs at least one line")]
    EmptyOrder,
    #[error("an order has at most 20 lines, not {got}")]
    TooManyLines { got: usize },
    #[error("{0} is ordered on two lines: order it once, with the total quantity")]
    ProductTwice(ProductId),
}

/// A customer's email address, trimmed and lower-cased.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email(String);

impl Email {
    pub fn parse(text: &str) -> Result<Self, DomainError> {
        let email = text.trim().to_lowercase();
        let well_formed = !email.contains(char::is_whitespace)
            && matches!(email.split_once('@'), Some((user, domain))
                if !user.is_empty() && domain.contains('.') && !domain.starts_with('.')
                    && !domain.ends_with('.') && !domain.contains('@'));
        if !well_formed {
            return Err(DomainError::Email {
                got: text.to_owned(),
            });
        }
        Ok(Self(email))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A product's code: 1 to 32 of `a-z`, `0-9` and `-`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ProductId(String);

impl ProductId {
    pub fn parse(text: &str) -> Result<Self, DomainError> {
        let code = text.trim();
        let well_formed = (1..=32).contains(&code.len())
            && code
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if !well_formed {
            return Err(DomainError::Product {
                got: text.to_owned(),
            });
        }
        Ok(Self(code.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ProductId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// How many of one product a line orders: 1 to 100.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quantity(u32);

impl Quantity {
    pub fn new(quantity: i64) -> Result<Self, DomainError> {
        match u32::try_from(quantity) {
            Ok(q) if (1..=100).contains(&q) => Ok(Self(q)),
            _ => Err(DomainError::Quantity { got: quantity }),
        }
    }

    pub fn get(self) -> u32 {
        self.0
    }
}

/// An order's id, as the `IdGenerator` made it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderId(pub String);

/// A moment, in milliseconds since the Unix epoch: what the `Clock` says "now" is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timestamp(pub u64);

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderLine {
    pub product: ProductId,
    pub quantity: Quantity,
}

/// A pending order: at least one line, at most 20, each product once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Order {
    id: OrderId,
    customer: Email,
    lines: Vec<OrderLine>,
    placed_at: Timestamp,
}

impl Order {
    pub fn place(
        id: OrderId,
        customer: Email,
        lines: Vec<OrderLine>,
        placed_at: Timestamp,
    ) -> Result<Self, DomainError> {
        if lines.is_empty() {
            return Err(DomainError::EmptyOrder);
        }
        if lines.len() > 20 {
            return Err(DomainError::TooManyLines { got: lines.len() });
        }
        for (i, line) in lines.iter().enumerate() {
            if lines[..i].iter().any(|l| l.product == line.product) {
                return Err(DomainError::ProductTwice(line.product.clone()));
            }
        }
        Ok(Self {
            id,
            customer,
            lines,
            placed_at,
        })
    }

    pub fn id(&self) -> &OrderId {
        &self.id
    }

    pub fn customer(&self) -> &Email {
        &self.customer
    }

    pub fn lines(&self) -> &[OrderLine] {
        &self.lines
    }

    pub fn placed_at(&self) -> Timestamp {
        self.placed_at
    }
}

// ---- The ports (given): what the use case needs, in its own words. ----

/// A storage failure.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StoreError {
    /// The change collides with what is stored (an order id taken).
    #[error("conflict: {0}")]
    Conflict(String),
    /// The store could not do its job: down, refused, broken.
    #[error("storage failed: {0}")]
    Unavailable(String),
}

/// Why stock could not be reserved.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
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

/// One unit of work. What is done through it is kept by `commit`, all of it; none of it if
/// the transaction is dropped before.
pub trait Transaction: Send {
    /// Takes `quantity` of `product` out of stock. Not enough is `StockError::OutOfStock` and
    /// takes nothing; a product the catalogue does not have is `StockError::UnknownProduct`.
    fn reserve(
        &mut self,
        product: &ProductId,
        quantity: Quantity,
    ) -> impl Future<Output = Result<(), StockError>> + Send;
    /// Keeps a new order. An id that is already taken is `StoreError::Conflict`.
    fn insert(&mut self, order: &Order) -> impl Future<Output = Result<(), StoreError>> + Send;
    /// Keeps everything done through this transaction.
    fn commit(self) -> impl Future<Output = Result<(), StoreError>> + Send;
}

/// Starts transactions.
pub trait UnitOfWork: Send + Sync {
    type Transaction: Transaction;
    fn begin(&self) -> impl Future<Output = Result<Self::Transaction, StoreError>> + Send;
}

/// What time it is.
pub trait Clock: Send + Sync {
    fn now(&self) -> Timestamp;
}

/// Makes the id of each new order.
pub trait IdGenerator: Send + Sync {
    fn next_order_id(&self) -> OrderId;
}

/// Why the use case did not place the order. Every way in maps these to its own words (an
/// HTTP status, an exit code).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OrderError {
    /// The input breaks a rule of the domain: the caller's to fix.
    #[error(transparent)]
    Invalid(#[from] DomainError),
    /// The stock is not there: nothing was reserved, nothing was written.
    #[error(transparent)]
    Stock(StockError),
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

/// What a client asks for, as it arrived: not yet checked.
#[derive(Debug, Clone)]
pub struct PlaceOrderRequest {
    pub customer: String,
    /// Product codes and quantities.
    pub lines: Vec<(String, i64)>,
}

// ---- The use case: yours. ----

/// A customer places an order: the stock of every line is reserved and the order kept, in one
/// transaction, or nothing is written at all.
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
        tx.commit().await?;
        let mut tx = self.store.begin().await?;
        tx.insert(&order).await?;
        tx.commit().await?;
        Ok(order)
    }
}
