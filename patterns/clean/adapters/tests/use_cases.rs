//! The use cases' test suite, written once and run on two wirings: the store in memory (no
//! database, no sockets: what "testable" means in a clean architecture) and the sqlx store,
//! on SQLite and on PostgreSQL. The same assertions hold every adapter to the ports' contracts
//! ("not enough stock MUST be `OutOfStock`, and take nothing"), and to the one the use cases
//! rely on most: a transaction that fails half-way leaves nothing written.
//!
//! PostgreSQL runs when `DATABASE_URL` is set; without it those tests skip with one line,
//! unless `REQUIRE_SERVICES=1` (CI), where they fail instead.

// Helpers outside the #[test] functions: a panic with the error is the report we want.
#![allow(clippy::unwrap_used)]

use std::marker::PhantomData;
use std::sync::{Arc, Mutex};

use clean_adapters::memory::MemoryStore;
use clean_adapters::sql::SqlStore;
use clean_adapters::{FixedClock, SequentialIds};
use clean_app::{
    App, Inventory, Notifier, NotifyError, OrderError, OrderRepository, PlaceOrderRequest, Ports,
    StockError, StoreError, Transaction, UnitOfWork,
};
use clean_domain::{
    DomainError, Email, Order, OrderId, OrderLine, OrderStatus, ProductId, Quantity, Timestamp,
};

// ---- the fakes: what a use-case test needs besides a store ----

/// Remembers whom it told about which order; fails on demand.
#[derive(Default)]
struct RecordingNotifier {
    told: Mutex<Vec<String>>,
    down: Mutex<bool>,
}

impl Notifier for RecordingNotifier {
    async fn order_confirmed(&self, order: &Order) -> Result<(), NotifyError> {
        if *self.down.lock().unwrap() {
            return Err(NotifyError("the mail server is down".into()));
        }
        self.told
            .lock()
            .unwrap()
            .push(format!("{} {}", order.customer(), order.id()));
        Ok(())
    }
}

/// The suite's wiring: any store, with the fakes above.
struct With<S>(PhantomData<fn() -> S>);

impl<S: UnitOfWork + Clone + 'static> Ports for With<S> {
    type Store = S;
    type Notifier = Arc<RecordingNotifier>;
    type Clock = FixedClock;
    type Ids = SequentialIds;
}

/// The application on a fresh store with the catalogue below, and its notifier.
struct Shop<S: UnitOfWork + Clone + 'static> {
    app: App<With<S>>,
    store: S,
    notifier: Arc<RecordingNotifier>,
}

const CATALOGUE: [(&str, u32); 3] = [("keyboard", 5), ("mouse", 10), ("monitor", 2)];

fn shop<S: UnitOfWork + Clone + 'static>(store: S) -> Shop<S> {
    let notifier = Arc::new(RecordingNotifier::default());
    Shop {
        app: App::new(
            store.clone(),
            Arc::clone(&notifier),
            FixedClock::at(1_000),
            SequentialIds::default(),
        ),
        store,
        notifier,
    }
}

fn request(customer: &str, lines: &[(&str, i64)]) -> PlaceOrderRequest {
    PlaceOrderRequest {
        customer: customer.to_owned(),
        lines: lines.iter().map(|(p, q)| ((*p).to_owned(), *q)).collect(),
    }
}

impl<S: UnitOfWork + Clone + 'static> Shop<S> {
    async fn stock(&self, product: &str) -> u32 {
        self.app.stock.execute(product).await.unwrap()
    }

    async fn stock_of_everything(&self) -> Vec<u32> {
        let mut levels = Vec::new();
        for (product, _) in CATALOGUE {
            levels.push(self.stock(product).await);
        }
        levels
    }

    async fn exists(&self, id: &str) -> bool {
        match self.app.get.execute(id).await {
            Ok(_) => true,
            Err(OrderError::NotFound(_)) => false,
            Err(error) => panic!("reading order {id}: {error}"),
        }
    }
}

fn product(code: &str) -> ProductId {
    ProductId::parse(code).unwrap()
}

// ---- the suite: one function per promise, generic over the store ----

async fn placing_an_order_reserves_its_stock_and_keeps_it<S: UnitOfWork + Clone + 'static>(
    shop: Shop<S>,
) {
    let order = shop
        .app
        .place
        .execute(request(
            " Ada@Example.com ",
            &[("keyboard", 1), ("mouse", 2)],
        ))
        .await
        .unwrap();
    assert_eq!(order.id().as_str(), "order-1");
    assert_eq!(order.customer().as_str(), "ada@example.com");
    assert_eq!(order.status(), OrderStatus::Pending);
    assert_eq!(order.placed_at(), Timestamp::from_millis(1_000));
    assert_eq!(shop.stock_of_everything().await, [4, 8, 2]);
    assert_eq!(shop.app.get.execute("order-1").await.unwrap(), order);
}

// ANCHOR: half_way
async fn a_line_that_cannot_be_reserved_leaves_nothing_written<S: UnitOfWork + Clone + 'static>(
    shop: Shop<S>,
) {
    // The keyboard is reserved first; the third monitor is not there. The transaction that
    // took the keyboard must give it back, and keep no order.
    let error = shop
        .app
        .place
        .execute(request(
            "ada@example.com",
            &[("keyboard", 1), ("monitor", 3)],
        ))
        .await
        .unwrap_err();
    assert!(
        matches!(
            &error,
            OrderError::Stock(StockError::OutOfStock { product, requested: 3, available: 2 })
                if product.as_str() == "monitor"
        ),
        "{error:?}"
    );
    assert_eq!(
        shop.stock_of_everything().await,
        [5, 10, 2],
        "no stock taken"
    );
    assert!(!shop.exists("order-1").await, "no order kept");
}
// ANCHOR_END: half_way

async fn an_unknown_product_or_bad_input_is_refused_and_writes_nothing<
    S: UnitOfWork + Clone + 'static,
>(
    shop: Shop<S>,
) {
    let error = shop
        .app
        .place
        .execute(request(
            "ada@example.com",
            &[("keyboard", 1), ("trackball", 1)],
        ))
        .await
        .unwrap_err();
    assert!(
        matches!(&error, OrderError::Stock(StockError::UnknownProduct(p)) if p.as_str() == "trackball"),
        "{error:?}"
    );
    for (bad, expected) in [
        (request("ada", &[("keyboard", 1)]), "not an email address"),
        (request("ada@example.com", &[]), "at least one line"),
        (
            request("ada@example.com", &[("keyboard", 0)]),
            "not a quantity",
        ),
        (
            request("ada@example.com", &[("keyboard", -5)]),
            "not a quantity",
        ),
        (
            request("ada@example.com", &[("Key Board", 1)]),
            "not a product code",
        ),
        (
            request("ada@example.com", &[("keyboard", 1), ("keyboard", 1)]),
            "ordered on two lines",
        ),
    ] {
        let error = shop.app.place.execute(bad.clone()).await.unwrap_err();
        assert!(
            matches!(error, OrderError::Invalid(_)) && error.to_string().contains(expected),
            "{bad:?}: {error}"
        );
    }
    assert_eq!(shop.stock_of_everything().await, [5, 10, 2]);
    for n in 1..=7 {
        assert!(!shop.exists(&format!("order-{n}")).await);
    }
}

async fn confirming_tells_the_customer_once_and_a_confirmed_order_never_changes<
    S: UnitOfWork + Clone + 'static,
>(
    shop: Shop<S>,
) {
    shop.app
        .place
        .execute(request("ada@example.com", &[("monitor", 1)]))
        .await
        .unwrap();
    let confirmed = shop.app.confirm.execute("order-1").await.unwrap();
    assert_eq!(confirmed.order.status(), OrderStatus::Confirmed);
    assert!(confirmed.notified.is_ok());
    assert_eq!(
        *shop.notifier.told.lock().unwrap(),
        ["ada@example.com order-1"]
    );
    for refused in [
        shop.app.confirm.execute("order-1").await.map(|c| c.order),
        shop.app.cancel.execute("order-1").await,
    ] {
        assert!(
            matches!(
                refused,
                Err(OrderError::Invalid(DomainError::NotPending {
                    status: OrderStatus::Confirmed,
                    ..
                }))
            ),
            "{refused:?}"
        );
    }
    assert_eq!(shop.notifier.told.lock().unwrap().len(), 1, "told once");
    let kept = shop.app.get.execute("order-1").await.unwrap();
    assert_eq!(kept.status(), OrderStatus::Confirmed);
    assert_eq!(
        shop.stock("monitor").await,
        1,
        "a refused cancel put nothing back"
    );
}

async fn a_notifier_that_is_down_does_not_undo_a_confirmation<S: UnitOfWork + Clone + 'static>(
    shop: Shop<S>,
) {
    shop.app
        .place
        .execute(request("ada@example.com", &[("mouse", 1)]))
        .await
        .unwrap();
    *shop.notifier.down.lock().unwrap() = true;
    let confirmed = shop.app.confirm.execute("order-1").await.unwrap();
    assert!(confirmed.notified.is_err());
    assert_eq!(
        shop.app.get.execute("order-1").await.unwrap().status(),
        OrderStatus::Confirmed
    );
}

async fn cancelling_puts_the_stock_back<S: UnitOfWork + Clone + 'static>(shop: Shop<S>) {
    shop.app
        .place
        .execute(request(
            "ada@example.com",
            &[("keyboard", 2), ("monitor", 2)],
        ))
        .await
        .unwrap();
    assert_eq!(shop.stock_of_everything().await, [3, 10, 0]);
    let cancelled = shop.app.cancel.execute("order-1").await.unwrap();
    assert_eq!(cancelled.status(), OrderStatus::Cancelled);
    assert_eq!(shop.stock_of_everything().await, [5, 10, 2]);
    assert!(matches!(
        shop.app.confirm.execute("order-1").await,
        Err(OrderError::Invalid(DomainError::NotPending {
            status: OrderStatus::Cancelled,
            ..
        }))
    ));
    for missing in ["order-9", "no-such-order"] {
        assert!(matches!(
            shop.app.cancel.execute(missing).await,
            Err(OrderError::NotFound(id)) if id.as_str() == missing
        ));
    }
    assert!(matches!(
        shop.app.get.execute("not an id").await,
        Err(OrderError::Invalid(DomainError::OrderId { .. }))
    ));
}

async fn two_orders_for_the_last_items_cannot_both_get_them<S: UnitOfWork + Clone + 'static>(
    shop: Shop<S>,
) {
    let shop = Arc::new(shop);
    let tasks: Vec<_> = ["ada@example.com", "grace@example.com", "alan@example.com"]
        .into_iter()
        .map(|customer| {
            let shop = Arc::clone(&shop);
            tokio::spawn(async move {
                shop.app
                    .place
                    .execute(request(customer, &[("monitor", 2)]))
                    .await
            })
        })
        .collect();
    let mut placed = 0;
    for task in tasks {
        match task.await.unwrap() {
            Ok(_) => placed += 1,
            Err(OrderError::Stock(StockError::OutOfStock { .. })) => {}
            Err(error) => panic!("{error}"),
        }
    }
    assert_eq!(
        placed, 1,
        "two monitors in stock: one order of two gets them"
    );
    assert_eq!(shop.stock("monitor").await, 0);
}

// ANCHOR: port_contract
/// The ports' own promises, below the use cases: what every adapter MUST do.
async fn the_ports_keep_their_contracts<S: UnitOfWork + Clone + 'static>(shop: Shop<S>) {
    let order = Order::place(
        OrderId::parse("order-7").unwrap(),
        Email::parse("ada@example.com").unwrap(),
        vec![OrderLine {
            product: product("keyboard"),
            quantity: Quantity::new(1).unwrap(),
        }],
        Timestamp::from_millis(5),
    )
    .unwrap();

    // A transaction dropped without `commit` keeps nothing.
    let mut tx = shop.store.begin().await.unwrap();
    tx.reserve(&product("keyboard"), Quantity::new(5).unwrap())
        .await
        .unwrap();
    tx.insert(&order).await.unwrap();
    drop(tx);
    assert_eq!(shop.stock("keyboard").await, 5);
    assert!(!shop.exists("order-7").await);

    let mut tx = shop.store.begin().await.unwrap();
    // Not enough is `OutOfStock`, and takes nothing.
    let refused = tx
        .reserve(&product("keyboard"), Quantity::new(6).unwrap())
        .await;
    assert!(
        matches!(
            refused,
            Err(StockError::OutOfStock {
                requested: 6,
                available: 5,
                ..
            })
        ),
        "{refused:?}"
    );
    assert_eq!(tx.available(&product("keyboard")).await.unwrap(), Some(5));
    // An unknown product is `UnknownProduct`, reserved or released.
    assert!(matches!(
        tx.reserve(&product("trackball"), Quantity::new(1).unwrap())
            .await,
        Err(StockError::UnknownProduct(_))
    ));
    assert!(matches!(
        tx.release(&product("trackball"), Quantity::new(1).unwrap())
            .await,
        Err(StockError::UnknownProduct(_))
    ));
    assert_eq!(tx.available(&product("trackball")).await.unwrap(), None);
    // A taken id is `Conflict`; so is saving an order that was never inserted.
    tx.insert(&order).await.unwrap();
    assert!(matches!(
        tx.insert(&order).await,
        Err(StoreError::Conflict(_))
    ));
    let mut stranger = Order::place(
        OrderId::parse("order-8").unwrap(),
        Email::parse("grace@example.com").unwrap(),
        vec![OrderLine {
            product: product("mouse"),
            quantity: Quantity::new(1).unwrap(),
        }],
        Timestamp::from_millis(5),
    )
    .unwrap();
    stranger.confirm().unwrap();
    assert!(matches!(
        tx.save_status(&stranger).await,
        Err(StoreError::Conflict(_))
    ));
    // What was kept reads back exactly.
    assert_eq!(
        tx.find(&order.id().clone()).await.unwrap(),
        Some(order.clone())
    );
    tx.commit().await.unwrap();
    assert_eq!(shop.app.get.execute("order-7").await.unwrap(), order);
}
// ANCHOR_END: port_contract

// ---- the wirings: each test gets a fresh store ----

async fn memory() -> Option<(Shop<MemoryStore>, Option<checks::PgSchema>)> {
    let store = MemoryStore::new();
    for (code, available) in CATALOGUE {
        store.add_product(&product(code), available).await;
    }
    Some((shop(store), None))
}

async fn sql(url: &str) -> SqlStore {
    let store = SqlStore::connect(url).await.expect("the database connects");
    for (code, available) in CATALOGUE {
        store.add_product(&product(code), available).await.unwrap();
    }
    store
}

async fn sqlite() -> Option<(Shop<SqlStore>, Option<checks::PgSchema>)> {
    let url = format!("sqlite:file:clean-{}?mode=memory&cache=shared", uuid_like());
    Some((shop(sql(&url).await), None))
}

async fn postgres() -> Option<(Shop<SqlStore>, Option<checks::PgSchema>)> {
    let schema = checks::PgSchema::create("clean").await?;
    let store = sql(schema.url()).await;
    Some((shop(store), Some(schema)))
}

/// A name no other test is using.
fn uuid_like() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    format!(
        "{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    )
}

macro_rules! suite {
    ($wiring:ident: $($check:ident),+ $(,)?) => {
        mod $wiring {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $check() {
                    let Some((shop, schema)) = super::$wiring().await else { return };
                    super::$check(shop).await;
                    if let Some(schema) = schema {
                        schema.drop().await;
                    }
                }
            )+
        }
    };
}

macro_rules! every_wiring {
    ($($check:ident),+ $(,)?) => {
        suite!(memory: $($check),+);
        suite!(sqlite: $($check),+);
        suite!(postgres: $($check),+);
    };
}

every_wiring!(
    placing_an_order_reserves_its_stock_and_keeps_it,
    a_line_that_cannot_be_reserved_leaves_nothing_written,
    an_unknown_product_or_bad_input_is_refused_and_writes_nothing,
    confirming_tells_the_customer_once_and_a_confirmed_order_never_changes,
    a_notifier_that_is_down_does_not_undo_a_confirmation,
    cancelling_puts_the_stock_back,
    two_orders_for_the_last_items_cannot_both_get_them,
    the_ports_keep_their_contracts,
);
