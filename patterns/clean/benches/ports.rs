//! What the ports cost: `cargo bench -p clean`.
//!
//! One `PlaceOrder` (parse the request, make the order, reserve one line, keep the order, in
//! one transaction), three ways, against the same small store in memory, so that what differs
//! is only how the use case reaches its ports:
//! - **generic**: `PlaceOrder<Store, Clock, Ids>` with concrete types, what the composition
//!   root builds; the compiler sees through every port call;
//! - **dyn**: the same `PlaceOrder`, its ports behind `Arc<dyn ...>` and boxed futures, what a
//!   runtime-chosen wiring costs;
//! - **inlined**: the same logic written straight against the store, no ports at all.

use std::hint::black_box;
use std::pin::Pin;
use std::sync::{Arc, Mutex};

use clean_app::{
    Clock, IdGenerator, Inventory, OrderRepository, PlaceOrder, PlaceOrderRequest, StockError,
    StoreError, Transaction, UnitOfWork,
};
use clean_domain::{DomainError, Email, Order, OrderId, OrderLine, ProductId, Quantity, Timestamp};
use criterion::{Criterion, criterion_group, criterion_main};

// ---- a store small enough that the ports' cost shows ----

#[derive(Clone, Default)]
struct Store(Arc<Mutex<(u32, usize)>>);

struct Tx {
    store: Store,
    stock: u32,
    orders: usize,
}

impl UnitOfWork for Store {
    type Transaction = Tx;
    async fn begin(&self) -> Result<Tx, StoreError> {
        let (stock, orders) = *self.0.lock().unwrap_or_else(|e| e.into_inner());
        Ok(Tx {
            store: self.clone(),
            stock,
            orders,
        })
    }
}

impl Transaction for Tx {
    async fn commit(self) -> Result<(), StoreError> {
        *self.store.0.lock().unwrap_or_else(|e| e.into_inner()) = (self.stock, self.orders);
        Ok(())
    }
}

impl Inventory for Tx {
    async fn reserve(&mut self, product: &ProductId, quantity: Quantity) -> Result<(), StockError> {
        if self.stock < quantity.get() {
            return Err(StockError::OutOfStock {
                product: product.clone(),
                requested: quantity.get(),
                available: self.stock,
            });
        }
        self.stock -= quantity.get();
        Ok(())
    }
    async fn release(&mut self, _: &ProductId, quantity: Quantity) -> Result<(), StockError> {
        self.stock += quantity.get();
        Ok(())
    }
    async fn available(&mut self, _: &ProductId) -> Result<Option<u32>, StoreError> {
        Ok(Some(self.stock))
    }
}

impl OrderRepository for Tx {
    async fn insert(&mut self, _: &Order) -> Result<(), StoreError> {
        self.orders += 1;
        Ok(())
    }
    async fn find(&mut self, _: &OrderId) -> Result<Option<Order>, StoreError> {
        Ok(None)
    }
    async fn save_status(&mut self, _: &Order) -> Result<(), StoreError> {
        Ok(())
    }
}

struct Now;
impl Clock for Now {
    fn now(&self) -> Timestamp {
        Timestamp::from_millis(1)
    }
}

struct SameId;
impl IdGenerator for SameId {
    fn next_order_id(&self) -> OrderId {
        OrderId::parse("order-1").unwrap_or_else(|_| unreachable!())
    }
}

// ---- the same ports behind `dyn`: boxed futures, a vtable call each ----

type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

trait DynTransaction: Send {
    fn reserve<'a>(
        &'a mut self,
        product: &'a ProductId,
        quantity: Quantity,
    ) -> BoxFuture<'a, Result<(), StockError>>;
    fn insert<'a>(&'a mut self, order: &'a Order) -> BoxFuture<'a, Result<(), StoreError>>;
    fn commit(self: Box<Self>) -> BoxFuture<'static, Result<(), StoreError>>;
}

trait DynUnitOfWork: Send + Sync {
    fn begin(&self) -> BoxFuture<'_, Result<Box<dyn DynTransaction>, StoreError>>;
}

impl DynTransaction for Tx {
    fn reserve<'a>(
        &'a mut self,
        product: &'a ProductId,
        quantity: Quantity,
    ) -> BoxFuture<'a, Result<(), StockError>> {
        Box::pin(Inventory::reserve(self, product, quantity))
    }
    fn insert<'a>(&'a mut self, order: &'a Order) -> BoxFuture<'a, Result<(), StoreError>> {
        Box::pin(OrderRepository::insert(self, order))
    }
    fn commit(self: Box<Self>) -> BoxFuture<'static, Result<(), StoreError>> {
        Box::pin(Transaction::commit(*self))
    }
}

impl DynUnitOfWork for Store {
    fn begin(&self) -> BoxFuture<'_, Result<Box<dyn DynTransaction>, StoreError>> {
        Box::pin(async move {
            let tx = UnitOfWork::begin(self).await?;
            Ok(Box::new(tx) as Box<dyn DynTransaction>)
        })
    }
}

/// The ports as the use case sees them, over `dyn` ones.
#[derive(Clone)]
struct DynStore(Arc<dyn DynUnitOfWork>);
struct DynTx(Box<dyn DynTransaction>);

impl UnitOfWork for DynStore {
    type Transaction = DynTx;
    async fn begin(&self) -> Result<DynTx, StoreError> {
        Ok(DynTx(self.0.begin().await?))
    }
}

impl Transaction for DynTx {
    async fn commit(self) -> Result<(), StoreError> {
        self.0.commit().await
    }
}

impl Inventory for DynTx {
    async fn reserve(&mut self, product: &ProductId, quantity: Quantity) -> Result<(), StockError> {
        self.0.reserve(product, quantity).await
    }
    async fn release(&mut self, _: &ProductId, _: Quantity) -> Result<(), StockError> {
        unreachable!("not part of PlaceOrder")
    }
    async fn available(&mut self, _: &ProductId) -> Result<Option<u32>, StoreError> {
        unreachable!("not part of PlaceOrder")
    }
}

impl OrderRepository for DynTx {
    async fn insert(&mut self, order: &Order) -> Result<(), StoreError> {
        self.0.insert(order).await
    }
    async fn find(&mut self, _: &OrderId) -> Result<Option<Order>, StoreError> {
        unreachable!("not part of PlaceOrder")
    }
    async fn save_status(&mut self, _: &Order) -> Result<(), StoreError> {
        unreachable!("not part of PlaceOrder")
    }
}

// ---- the same logic with no ports ----

/// What `PlaceOrder` does, written straight against the store: read the stock (begin), take the
/// line's items, write it back with the new order (commit). Async like the others, so that all
/// three pay the same executor.
async fn place_inlined(store: &Store, request: &PlaceOrderRequest) -> Result<Order, DomainError> {
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
    let order = Order::place(
        OrderId::parse("order-1")?,
        customer,
        lines,
        Timestamp::from_millis(1),
    )?;
    let (mut stock, mut orders) = *store.0.lock().unwrap_or_else(|e| e.into_inner());
    for line in order.lines() {
        if stock < line.quantity.get() {
            return Ok(order);
        }
        stock -= line.quantity.get();
    }
    orders += 1;
    *store.0.lock().unwrap_or_else(|e| e.into_inner()) = (stock, orders);
    Ok(order)
}

fn request() -> PlaceOrderRequest {
    PlaceOrderRequest {
        customer: "ada@example.com".to_owned(),
        lines: vec![("keyboard".to_owned(), 1)],
    }
}

fn ports(c: &mut Criterion) {
    let mut group = c.benchmark_group("PlaceOrder, one line");
    let store = Store(Arc::new(Mutex::new((u32::MAX, 0))));

    let generic = PlaceOrder {
        store: store.clone(),
        clock: Now,
        ids: SameId,
    };
    group.bench_function("generic ports", |b| {
        b.iter(|| checks::block_on(generic.execute(black_box(request()))))
    });

    let clock: Arc<dyn Clock> = Arc::new(Now);
    let ids: Arc<dyn IdGenerator> = Arc::new(SameId);
    let dynamic = PlaceOrder {
        store: DynStore(Arc::new(store.clone())),
        clock,
        ids,
    };
    group.bench_function("dyn ports", |b| {
        b.iter(|| checks::block_on(dynamic.execute(black_box(request()))))
    });

    group.bench_function("inlined, no ports", |b| {
        b.iter(|| checks::block_on(place_inlined(&store, black_box(&request()))))
    });
    group.finish();
}

criterion_group!(benches, ports);
criterion_main!(benches);
