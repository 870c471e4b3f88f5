//! Checks for exercise `clean2`: `exercises/clean/src/ex2_place_order.rs`.
//!
//! `cargo learn` builds these with `--no-default-features`: no tokio, sqlx or axum, only std,
//! thiserror, clap and `checks`. The use case runs on `checks::block_on`, against fakes written
//! here: a store whose transactions keep their changes only on commit, and log every call.

// Graded: the solution (`cargo test`), the learner's file (feature `exercises`, `cargo learn`)
// or a known-wrong answer copied to wip/ (feature `wrong`, `cargo learn dev verify-wrong`).
#[cfg_attr(
    feature = "exercises",
    path = "../../exercises/clean/src/ex2_place_order.rs"
)]
#[cfg_attr(feature = "wrong", path = "wip/ex2_place_order.rs")]
#[cfg_attr(
    not(any(feature = "exercises", feature = "wrong")),
    path = "../../solutions/clean/src/ex2_place_order.rs"
)]
#[allow(unused)]
mod exercise;

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use checks::{Log, block_on};
use exercise::{
    Clock, DomainError, IdGenerator, Order, OrderError, OrderId, PlaceOrder, PlaceOrderRequest,
    ProductId, Quantity, StockError, StoreError, Timestamp, Transaction, UnitOfWork,
};

/// What the fake store keeps: what committed transactions wrote.
#[derive(Default)]
struct Kept {
    stock: BTreeMap<String, u32>,
    orders: Vec<Order>,
}

/// How the fake store misbehaves, when a check asks it to.
#[derive(Default, Clone)]
struct Failures {
    /// `reserve` of this product fails as a database would (`StockError::Store`).
    reserve_breaks_on: Option<String>,
    insert: Option<StoreError>,
    commit: Option<StoreError>,
}

/// A store in memory whose transactions work on a copy and write it back on commit: what a
/// database does, in twenty lines. A clone shares the same store.
#[derive(Clone, Default)]
struct FakeStore {
    kept: Arc<Mutex<Kept>>,
    failures: Failures,
    log: Log,
}

impl FakeStore {
    fn with_stock(stock: &[(&str, u32)]) -> Self {
        let store = Self::default();
        store.kept().stock = stock.iter().map(|(p, n)| ((*p).to_owned(), *n)).collect();
        store
    }

    fn failing(mut self, failures: Failures) -> Self {
        self.failures = failures;
        self
    }

    fn kept(&self) -> std::sync::MutexGuard<'_, Kept> {
        self.kept.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn stock(&self) -> Vec<(String, u32)> {
        self.kept()
            .stock
            .iter()
            .map(|(p, n)| (p.clone(), *n))
            .collect()
    }

    fn orders(&self) -> Vec<Order> {
        self.kept().orders.clone()
    }

    fn calls(&self) -> Vec<String> {
        self.log.lines()
    }
}

struct FakeTransaction {
    store: FakeStore,
    stock: BTreeMap<String, u32>,
    orders: Vec<Order>,
    committed: bool,
}

impl UnitOfWork for FakeStore {
    type Transaction = FakeTransaction;

    async fn begin(&self) -> Result<FakeTransaction, StoreError> {
        self.log.push("begin");
        Ok(FakeTransaction {
            store: self.clone(),
            stock: self.kept().stock.clone(),
            orders: Vec::new(),
            committed: false,
        })
    }
}

impl Transaction for FakeTransaction {
    async fn reserve(&mut self, product: &ProductId, quantity: Quantity) -> Result<(), StockError> {
        let (code, wanted) = (product.as_str(), quantity.get());
        self.store.log.push(format!("reserve {code} {wanted}"));
        if self.store.failures.reserve_breaks_on.as_deref() == Some(code) {
            return Err(StockError::Store(StoreError::Unavailable(
                "connection reset".to_owned(),
            )));
        }
        let available = self
            .stock
            .get_mut(code)
            .ok_or_else(|| StockError::UnknownProduct(product.clone()))?;
        if *available < wanted {
            return Err(StockError::OutOfStock {
                product: product.clone(),
                requested: wanted,
                available: *available,
            });
        }
        *available -= wanted;
        Ok(())
    }

    async fn insert(&mut self, order: &Order) -> Result<(), StoreError> {
        self.store.log.push(format!("insert {}", order.id().0));
        if let Some(error) = self.store.failures.insert.clone() {
            return Err(error);
        }
        self.orders.push(order.clone());
        Ok(())
    }

    async fn commit(mut self) -> Result<(), StoreError> {
        self.store.log.push("commit");
        if let Some(error) = self.store.failures.commit.clone() {
            return Err(error);
        }
        let mut kept = self.store.kept();
        kept.stock = std::mem::take(&mut self.stock);
        kept.orders.append(&mut self.orders);
        drop(kept);
        self.committed = true;
        Ok(())
    }
}

impl Drop for FakeTransaction {
    fn drop(&mut self) {
        if !self.committed {
            self.store.log.push("rollback");
        }
    }
}

/// A clock that says 1_700_000_000_000, then one second later each time it is asked.
#[derive(Default)]
struct StepClock(AtomicU64);

const T0: u64 = 1_700_000_000_000;

impl Clock for StepClock {
    fn now(&self) -> Timestamp {
        Timestamp(T0 + 1000 * self.0.fetch_add(1, Ordering::SeqCst))
    }
}

/// order-1, order-2, ...
#[derive(Default)]
struct Counter(AtomicU64);

impl IdGenerator for Counter {
    fn next_order_id(&self) -> OrderId {
        OrderId(format!(
            "order-{}",
            self.0.fetch_add(1, Ordering::SeqCst) + 1
        ))
    }
}

fn use_case(store: &FakeStore) -> PlaceOrder<FakeStore, StepClock, Counter> {
    PlaceOrder {
        store: store.clone(),
        clock: StepClock::default(),
        ids: Counter::default(),
    }
}

fn request(customer: &str, lines: &[(&str, i64)]) -> PlaceOrderRequest {
    PlaceOrderRequest {
        customer: customer.to_owned(),
        lines: lines.iter().map(|(p, q)| ((*p).to_owned(), *q)).collect(),
    }
}

fn shown(request: &PlaceOrderRequest) -> String {
    let lines: Vec<String> = request
        .lines
        .iter()
        .map(|(p, q)| format!("{p:?}={q}"))
        .collect();
    format!("{:?} [{}]", request.customer, lines.join(", "))
}

fn stock(levels: &[(&str, u32)]) -> Vec<(String, u32)> {
    levels.iter().map(|(p, n)| ((*p).to_owned(), *n)).collect()
}

fn product(code: &str) -> ProductId {
    ProductId::parse(code).expect("the checks use valid product codes")
}

const START: &[(&str, u32)] = &[("keyboard", 5), ("mouse", 1), ("screen", 3)];

#[test]
fn places_an_order_in_one_transaction() {
    let store = FakeStore::with_stock(START);
    let req = request(" Ada@Example.com ", &[("keyboard", 2), ("screen", 1)]);
    let order = block_on(use_case(&store).execute(req.clone())).unwrap_or_else(|e| {
        panic!(
            "execute({}) should place the order, got Err({e:?})",
            shown(&req)
        )
    });
    assert_eq!(
        store.calls(),
        [
            "begin",
            "reserve keyboard 2",
            "reserve screen 1",
            "insert order-1",
            "commit"
        ],
        "execute({}) should begin ONE transaction, reserve every line in order, insert the order, then commit",
        shown(&req)
    );
    assert_eq!(
        store.stock(),
        stock(&[("keyboard", 3), ("mouse", 1), ("screen", 2)]),
        "after placing keyboard=2, screen=1, the committed stock should be 2 keyboards and 1 screen less"
    );
    assert_eq!(
        store.orders(),
        std::slice::from_ref(&order),
        "the order returned should be the one inserted and committed"
    );
    assert_eq!(
        order.customer().as_str(),
        "ada@example.com",
        "the customer should be parsed with Email::parse (trimmed, lower-cased)"
    );
    let lines: Vec<(&str, u32)> = order
        .lines()
        .iter()
        .map(|l| (l.product.as_str(), l.quantity.get()))
        .collect();
    assert_eq!(
        lines,
        [("keyboard", 2), ("screen", 1)],
        "the order should have the request's lines, in order"
    );
}

#[test]
fn the_order_gets_its_id_and_time_from_the_ports() {
    let store = FakeStore::with_stock(START);
    let place = use_case(&store);
    let first = block_on(place.execute(request("ada@example.com", &[("keyboard", 1)])))
        .unwrap_or_else(|e| panic!("a first order of keyboard=1 should be placed, got Err({e:?})"));
    let second = block_on(place.execute(request("grace@example.com", &[("keyboard", 1)])))
        .unwrap_or_else(|e| {
            panic!("a second order of keyboard=1 should be placed, got Err({e:?})")
        });
    assert_eq!(
        (first.id(), second.id()),
        (
            &OrderId("order-1".to_owned()),
            &OrderId("order-2".to_owned())
        ),
        "each order's id should come from self.ids.next_order_id(), once per order"
    );
    assert_eq!(
        (first.placed_at(), second.placed_at()),
        (Timestamp(T0), Timestamp(T0 + 1000)),
        "each order's time should come from self.clock.now(), once per order"
    );
}

#[test]
fn a_line_out_of_stock_writes_nothing() {
    let store = FakeStore::with_stock(START);
    let req = request(
        "ada@example.com",
        &[("keyboard", 2), ("mouse", 2), ("screen", 1)],
    );
    assert_eq!(
        block_on(use_case(&store).execute(req.clone())),
        Err(OrderError::Stock(StockError::OutOfStock {
            product: product("mouse"),
            requested: 2,
            available: 1
        })),
        "execute({}) with 1 mouse in stock should be Err(OrderError::Stock(OutOfStock {{ mouse, requested: 2, available: 1 }}))",
        shown(&req)
    );
    assert_eq!(
        store.stock(),
        stock(START),
        "when the mouse line cannot be reserved, the keyboards reserved before it must be given back: drop the transaction uncommitted (a `?`)"
    );
    assert!(
        store.orders().is_empty(),
        "when a line cannot be reserved, no order may be kept"
    );
    let calls = store.calls();
    assert!(
        !calls.iter().any(|c| c == "commit"),
        "when a line cannot be reserved, commit must never be called; the calls were {calls:?}"
    );
    assert_eq!(
        calls.iter().filter(|c| *c == "begin").count(),
        1,
        "placing an order should begin exactly one transaction; the calls were {calls:?}"
    );
}

#[test]
fn an_unknown_product_is_refused_and_writes_nothing() {
    let store = FakeStore::with_stock(START);
    let req = request("ada@example.com", &[("keyboard", 1), ("webcam", 1)]);
    assert_eq!(
        block_on(use_case(&store).execute(req.clone())),
        Err(OrderError::Stock(StockError::UnknownProduct(product(
            "webcam"
        )))),
        "execute({}) should be Err(OrderError::Stock(UnknownProduct(webcam))): the catalogue has no webcam",
        shown(&req)
    );
    assert_eq!(
        store.stock(),
        stock(START),
        "when a product is unknown, the lines reserved before it must be given back"
    );
    assert!(
        store.orders().is_empty(),
        "when a product is unknown, no order may be kept"
    );
    let calls = store.calls();
    assert!(
        !calls.iter().any(|c| c == "commit"),
        "when a product is unknown, commit must never be called; the calls were {calls:?}"
    );
}

#[test]
fn bad_input_never_begins_a_transaction() {
    let too_many: Vec<(String, i64)> = (0..21).map(|i| (format!("p{i}"), 1)).collect();
    let cases = [
        (
            request("ada", &[("keyboard", 1)]),
            DomainError::Email {
                got: "ada".to_owned(),
            },
        ),
        (
            request("ada@example.com", &[("Key Board", 1)]),
            DomainError::Product {
                got: "Key Board".to_owned(),
            },
        ),
        (
            request("ada@example.com", &[("keyboard", 1), ("mouse", 0)]),
            DomainError::Quantity { got: 0 },
        ),
        (
            request("ada@example.com", &[("keyboard", 101)]),
            DomainError::Quantity { got: 101 },
        ),
        (
            request("ada@example.com", &[("keyboard", -1)]),
            DomainError::Quantity { got: -1 },
        ),
        (request("ada@example.com", &[]), DomainError::EmptyOrder),
        (
            request("ada@example.com", &[("keyboard", 1), ("keyboard", 2)]),
            DomainError::ProductTwice(product("keyboard")),
        ),
        (
            PlaceOrderRequest {
                customer: "ada@example.com".to_owned(),
                lines: too_many,
            },
            DomainError::TooManyLines { got: 21 },
        ),
    ];
    for (req, error) in cases {
        let store = FakeStore::with_stock(START);
        let answer = block_on(use_case(&store).execute(req.clone()));
        assert_eq!(
            answer,
            Err(OrderError::Invalid(error.clone())),
            "execute({}) should be Err(OrderError::Invalid({error:?})): the domain refuses it",
            shown(&req)
        );
        assert_eq!(
            store.calls(),
            Vec::<String>::new(),
            "execute({}) is refused by the domain, so it must never begin a transaction: parse everything first",
            shown(&req)
        );
    }
}

#[test]
fn a_failing_insert_gives_the_stock_back() {
    let conflict = StoreError::Conflict("order-1 exists".to_owned());
    let store = FakeStore::with_stock(START).failing(Failures {
        insert: Some(conflict.clone()),
        ..Failures::default()
    });
    let req = request("ada@example.com", &[("keyboard", 2)]);
    assert_eq!(
        block_on(use_case(&store).execute(req.clone())),
        Err(OrderError::Store(conflict)),
        "when insert fails with Conflict, execute({}) should be Err(OrderError::Store(Conflict(..))), passed on with `?`",
        shown(&req)
    );
    assert_eq!(
        store.stock(),
        stock(START),
        "when insert fails, the keyboards reserved must be given back: reserve and insert are in ONE transaction, never committed"
    );
    let calls = store.calls();
    assert!(
        !calls.iter().any(|c| c == "commit"),
        "when insert fails, commit must never be called; the calls were {calls:?}"
    );
}

#[test]
fn a_storage_failure_while_reserving_is_a_store_error() {
    let store = FakeStore::with_stock(START).failing(Failures {
        reserve_breaks_on: Some("screen".to_owned()),
        ..Failures::default()
    });
    let req = request("ada@example.com", &[("keyboard", 1), ("screen", 1)]);
    assert_eq!(
        block_on(use_case(&store).execute(req.clone())),
        Err(OrderError::Store(StoreError::Unavailable(
            "connection reset".to_owned()
        ))),
        "when reserve fails with StockError::Store(Unavailable(\"connection reset\")), execute({}) should be Err(OrderError::Store(Unavailable(..))): a storage failure is ours, not a refusal (`?` uses the given From<StockError>)",
        shown(&req)
    );
    assert_eq!(
        store.stock(),
        stock(START),
        "when a reservation fails, nothing may be kept"
    );
    assert!(
        !store.calls().iter().any(|c| c == "commit"),
        "when a reservation fails, commit must never be called"
    );
}

#[test]
fn a_failed_commit_is_an_error() {
    let down = StoreError::Unavailable("the database went away".to_owned());
    let store = FakeStore::with_stock(START).failing(Failures {
        commit: Some(down.clone()),
        ..Failures::default()
    });
    let req = request("ada@example.com", &[("keyboard", 1)]);
    assert_eq!(
        block_on(use_case(&store).execute(req.clone())),
        Err(OrderError::Store(down)),
        "when commit fails, execute({}) should be Err(OrderError::Store(..)): the order was not kept, so it was not placed",
        shown(&req)
    );
    assert!(store.orders().is_empty(), "a failed commit keeps nothing");
}
