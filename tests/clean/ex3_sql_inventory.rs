//! Checks for exercise `clean3`: `exercises/clean/src/ex3_sql_inventory.rs`.
//!
//! Every check runs twice, on SQLite in memory (`sqlite::...`) and on PostgreSQL in a schema of
//! its own (`postgres::...`, skipped without `DATABASE_URL` unless `REQUIRE_SERVICES=1`); the
//! race for the last items runs on PostgreSQL only, where transactions really overlap.

// The helpers that set up and read the table are part of the checks: a panic is the report we
// want.
#![allow(clippy::unwrap_used)]

// Graded: the solution (`cargo test`), the learner's file (feature `exercises`, `cargo learn`)
// or a known-wrong answer copied to wip/ (feature `wrong`, `cargo learn dev verify-wrong`).
#[cfg_attr(
    feature = "exercises",
    path = "../../exercises/clean/src/ex3_sql_inventory.rs"
)]
#[cfg_attr(feature = "wrong", path = "wip/ex3_sql_inventory.rs")]
#[cfg_attr(
    not(any(feature = "exercises", feature = "wrong")),
    path = "../../solutions/clean/src/ex3_sql_inventory.rs"
)]
#[allow(unused)]
mod exercise;

use std::sync::Arc;

use exercise::{Inventory, SqlInventory, StockError, create_schema};
use sqlx::AnyPool;
use sqlx::any::AnyPoolOptions;

const ONE_STATEMENT: &str = "take the stock with one conditional UPDATE (`... WHERE id = $2 AND \
                             available >= $1`), then look at rows_affected(), and only if it is \
                             0 at the row, to say why";

/// Puts `products` in the table, with the check's own SQL.
async fn stock(pool: &AnyPool, products: &[(&str, i64)]) {
    for (id, available) in products {
        sqlx::query("INSERT INTO products (id, available) VALUES ($1, $2)")
            .bind(*id)
            .bind(*available)
            .execute(pool)
            .await
            .unwrap();
    }
}

/// The stock of `product` as the table holds it, read with the check's own SQL: `None` for no
/// row. Only call it with no `SqlInventory` open (SQLite in memory has one connection).
async fn stored(pool: &AnyPool, product: &str) -> Option<i64> {
    sqlx::query_scalar("SELECT available FROM products WHERE id = $1")
        .bind(product)
        .fetch_optional(pool)
        .await
        .unwrap()
}

async fn begin(pool: &AnyPool) -> SqlInventory {
    SqlInventory::begin(pool)
        .await
        .expect("the check begins a transaction")
}

async fn commit(inventory: SqlInventory) {
    inventory
        .commit()
        .await
        .expect("the check commits the transaction");
}

fn out_of_stock(product: &str, requested: u32, available: u32) -> Result<(), StockError> {
    Err(StockError::OutOfStock {
        product: product.into(),
        requested,
        available,
    })
}

async fn reserving_takes_the_stock_and_commit_keeps_it(pool: AnyPool) {
    stock(&pool, &[("keyboard", 5), ("mouse", 9)]).await;
    let mut inventory = begin(&pool).await;
    assert_eq!(
        inventory.reserve("keyboard", 2).await,
        Ok(()),
        "reserve(\"keyboard\", 2) with 5 keyboards in stock should succeed"
    );
    assert_eq!(
        inventory.available("keyboard").await,
        Ok(Some(3)),
        "after reserve(\"keyboard\", 2) from 5, available(\"keyboard\") in the same transaction \
         should be Some(3)"
    );
    commit(inventory).await;
    assert_eq!(
        (
            stored(&pool, "keyboard").await,
            stored(&pool, "mouse").await
        ),
        (Some(3), Some(9)),
        "after reserve(\"keyboard\", 2) from 5 and commit, the table should hold 3 keyboards, \
         and the 9 mice untouched (WHERE id = $2)"
    );
}

async fn exactly_what_is_left_can_be_reserved(pool: AnyPool) {
    stock(&pool, &[("keyboard", 5)]).await;
    let mut inventory = begin(&pool).await;
    assert_eq!(
        inventory.reserve("keyboard", 5).await,
        Ok(()),
        "reserve(\"keyboard\", 5) with exactly 5 in stock should succeed: what is left can be \
         reserved (available >= $1, not >)"
    );
    assert_eq!(
        inventory.reserve("keyboard", 1).await,
        out_of_stock("keyboard", 1, 0),
        "reserve(\"keyboard\", 1) once all 5 are reserved: nothing is left, which is OutOfStock \
         with available 0 (the product is known), not UnknownProduct"
    );
    commit(inventory).await;
    assert_eq!(
        stored(&pool, "keyboard").await,
        Some(0),
        "after reserving all 5 keyboards and commit, the table should hold 0"
    );
}

async fn not_enough_is_out_of_stock_and_takes_nothing(pool: AnyPool) {
    stock(&pool, &[("keyboard", 5)]).await;
    let mut inventory = begin(&pool).await;
    assert_eq!(
        inventory.reserve("keyboard", 6).await,
        out_of_stock("keyboard", 6, 5),
        "reserve(\"keyboard\", 6) with 5 in stock should be OutOfStock {{ product: \"keyboard\", \
         requested: 6, available: 5 }}, not a database error: {ONE_STATEMENT}"
    );
    assert_eq!(
        inventory.available("keyboard").await,
        Ok(Some(5)),
        "after the refused reserve(\"keyboard\", 6), all 5 keyboards should still be there: a \
         refusal takes nothing"
    );
    assert_eq!(
        inventory.reserve("keyboard", 1).await,
        Ok(()),
        "reserve(\"keyboard\", 1) in the same transaction, after the refused reserve(\"keyboard\", \
         6): a refusal must leave the transaction usable (on PostgreSQL, a statement that fails, \
         like one that breaks CHECK (available >= 0), spoils the whole transaction)"
    );
    commit(inventory).await;
    assert_eq!(
        stored(&pool, "keyboard").await,
        Some(4),
        "5 keyboards, reserve 6 refused, reserve 1 accepted, commit: the table should hold 4"
    );
}

async fn an_unknown_product_is_unknown_product(pool: AnyPool) {
    stock(&pool, &[("keyboard", 5), ("webcam", 0)]).await;
    let mut inventory = begin(&pool).await;
    assert_eq!(
        inventory.reserve("trackball", 1).await,
        Err(StockError::UnknownProduct("trackball".into())),
        "reserve(\"trackball\", 1) with no trackball row: an unknown product is UnknownProduct, \
         not OutOfStock (no row at all is not the same as a row with too little)"
    );
    assert_eq!(
        inventory.available("trackball").await,
        Ok(None),
        "available(\"trackball\") with no trackball row should be Ok(None), not an error \
         (fetch_optional)"
    );
    assert_eq!(
        inventory.reserve("webcam", 1).await,
        out_of_stock("webcam", 1, 0),
        "reserve(\"webcam\", 1) with a webcam row holding 0: a known product with nothing left is \
         OutOfStock with available 0, not UnknownProduct"
    );
    commit(inventory).await;
    assert_eq!(
        (
            stored(&pool, "keyboard").await,
            stored(&pool, "webcam").await,
            stored(&pool, "trackball").await
        ),
        (Some(5), Some(0), None),
        "after the refused reserve(\"trackball\", 1) and reserve(\"webcam\", 1), nothing should \
         have changed"
    );
}

async fn releasing_puts_stock_back_and_an_unknown_product_is_unknown_product(pool: AnyPool) {
    stock(&pool, &[("keyboard", 5), ("mouse", 9)]).await;
    let mut inventory = begin(&pool).await;
    assert_eq!(
        inventory.release("keyboard", 3).await,
        Ok(()),
        "release(\"keyboard\", 3) with 5 in stock should succeed"
    );
    assert_eq!(
        inventory.available("keyboard").await,
        Ok(Some(8)),
        "after release(\"keyboard\", 3) on 5, available(\"keyboard\") should be Some(8)"
    );
    assert_eq!(
        inventory.release("trackball", 1).await,
        Err(StockError::UnknownProduct("trackball".into())),
        "release(\"trackball\", 1) with no trackball row should be UnknownProduct: an UPDATE that \
         changes no row (rows_affected() == 0) found no product"
    );
    commit(inventory).await;
    assert_eq!(
        (
            stored(&pool, "keyboard").await,
            stored(&pool, "mouse").await,
            stored(&pool, "trackball").await
        ),
        (Some(8), Some(9), None),
        "after release(\"keyboard\", 3) on 5 and a refused release(\"trackball\", 1), the table \
         should hold 8 keyboards, 9 mice untouched and still no trackball"
    );
}

async fn reserved_stock_is_kept_only_by_commit(pool: AnyPool) {
    stock(&pool, &[("keyboard", 5)]).await;
    let mut inventory = begin(&pool).await;
    assert_eq!(
        inventory.reserve("keyboard", 2).await,
        Ok(()),
        "reserve(\"keyboard\", 2) with 5 in stock should succeed"
    );
    assert_eq!(
        inventory.release("keyboard", 1).await,
        Ok(()),
        "release(\"keyboard\", 1) should succeed"
    );
    drop(inventory);
    assert_eq!(
        stored(&pool, "keyboard").await,
        Some(5),
        "reserve(\"keyboard\", 2) and release(\"keyboard\", 1), then the inventory dropped without \
         commit: the table should still hold 5 (every statement goes through self.tx)"
    );
}

async fn stock_values_round_trip(pool: AnyPool) {
    let big = u32::MAX;
    stock(
        &pool,
        &[("none-left", 0), ("one", 1), ("lots", i64::from(big))],
    )
    .await;
    let mut inventory = begin(&pool).await;
    for (product, expected) in [("none-left", 0), ("one", 1), ("lots", big)] {
        assert_eq!(
            inventory.available(product).await,
            Ok(Some(expected)),
            "available({product:?}) with {expected} stored should be Some({expected}): the \
             column is a BIGINT, read it as an i64 and convert it to u32"
        );
    }
    assert_eq!(
        inventory.reserve("lots", big - 1).await,
        Ok(()),
        "reserve(\"lots\", {}) with {big} in stock should succeed: bind the quantity as an i64",
        big - 1
    );
    assert_eq!(
        inventory.available("lots").await,
        Ok(Some(1)),
        "after reserve(\"lots\", {}) from {big}, available(\"lots\") should be Some(1)",
        big - 1
    );
    commit(inventory).await;
    assert_eq!(
        stored(&pool, "lots").await,
        Some(1),
        "after reserve(\"lots\", {}) from {big} and commit, the table should hold 1",
        big - 1
    );
}

async fn a_product_id_is_data_not_sql(pool: AnyPool) {
    stock(&pool, &[("o'brien's mug", 5), ("keyboard", 5)]).await;
    let mut inventory = begin(&pool).await;
    assert_eq!(
        inventory.reserve("o'brien's mug", 2).await,
        Ok(()),
        "reserve(\"o'brien's mug\", 2) with 5 in stock should succeed: bind the product as a \
         parameter ($2), never format it into the SQL"
    );
    assert_eq!(
        inventory.release("o'brien's mug", 1).await,
        Ok(()),
        "release(\"o'brien's mug\", 1) should succeed: bind the product as a parameter"
    );
    assert_eq!(
        inventory.available("o'brien's mug").await,
        Ok(Some(4)),
        "available(\"o'brien's mug\") after reserving 2 of 5 and releasing 1 should be Some(4)"
    );
    let sneaky = "x' OR '1'='1";
    assert_eq!(
        inventory.reserve(sneaky, 1).await,
        Err(StockError::UnknownProduct(sneaky.into())),
        "reserve({sneaky:?}, 1): no product has that id, so UnknownProduct; anything else means \
         the id was spliced into the SQL"
    );
    assert_eq!(
        inventory.release(sneaky, 1).await,
        Err(StockError::UnknownProduct(sneaky.into())),
        "release({sneaky:?}, 1): no product has that id, so UnknownProduct"
    );
    assert_eq!(
        inventory.available(sneaky).await,
        Ok(None),
        "available({sneaky:?}): no product has that id, so Ok(None)"
    );
    commit(inventory).await;
    assert_eq!(
        (
            stored(&pool, "o'brien's mug").await,
            stored(&pool, "keyboard").await
        ),
        (Some(4), Some(5)),
        "after the calls with \"o'brien's mug\" and {sneaky:?}, the table should hold 4 mugs and \
         the 5 keyboards untouched"
    );
}

/// Several transactions race for the last items: exactly as many get one as there are.
async fn the_last_items_go_to_exactly_as_many_as_there_are(pool: AnyPool) {
    const BUYERS: usize = 6;
    const LEFT: i64 = 3;
    for round in 0..3 {
        let product = format!("monitor-{round}");
        stock(&pool, &[(product.as_str(), LEFT)]).await;
        let barrier = Arc::new(tokio::sync::Barrier::new(BUYERS));
        let buyers: Vec<_> = (0..BUYERS)
            .map(|_| {
                let pool = pool.clone();
                let barrier = Arc::clone(&barrier);
                let product = product.clone();
                tokio::spawn(async move {
                    let mut inventory = begin(&pool).await;
                    // Every transaction is open before any of them reserves.
                    barrier.wait().await;
                    let reserved = inventory.reserve(&product, 1).await;
                    // Hold the transaction open a while, as a use case that goes on to write
                    // the order would: the others read and write meanwhile.
                    tokio::task::spawn_blocking(|| {
                        std::thread::sleep(std::time::Duration::from_millis(50));
                    })
                    .await
                    .unwrap();
                    if reserved.is_ok() {
                        commit(inventory).await;
                    }
                    reserved
                })
            })
            .collect();
        let mut answers = Vec::new();
        for buyer in buyers {
            answers.push(buyer.await.unwrap());
        }
        let got = answers.iter().filter(|answer| answer.is_ok()).count();
        assert_eq!(
            got, 3,
            "{BUYERS} transactions at once each reserve({product:?}, 1) with {LEFT} in stock \
             (PostgreSQL, READ COMMITTED): exactly {LEFT} should succeed, got {got}: {answers:?}. \
             Read then write lets two transactions read the same stock; {ONE_STATEMENT}"
        );
        for answer in &answers {
            assert!(
                matches!(
                    answer,
                    Ok(()) | Err(StockError::OutOfStock { available: 0, .. })
                ),
                "{BUYERS} transactions at once each reserve({product:?}, 1) with {LEFT} in \
                 stock: the ones too late should be OutOfStock with available 0, not {answer:?}. \
                 {ONE_STATEMENT}"
            );
        }
        assert_eq!(
            stored(&pool, &product).await,
            Some(0),
            "after {BUYERS} transactions raced for {LEFT} {product:?} and {LEFT} committed, the \
             table should hold 0"
        );
    }
}

// ---- where each check runs: a fresh database per test ----

/// SQLite in memory, a database of this test's own, kept alive by its one connection.
async fn sqlite() -> Option<(AnyPool, Option<checks::PgSchema>)> {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    sqlx::any::install_default_drivers();
    let url = format!(
        "sqlite:file:clean3-{}-{}?mode=memory&cache=shared",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    );
    let pool = AnyPoolOptions::new()
        .max_connections(1)
        .min_connections(1)
        .idle_timeout(None)
        .max_lifetime(None)
        .connect(&url)
        .await
        .unwrap();
    create_schema(&pool).await.unwrap();
    Some((pool, None))
}

/// PostgreSQL, in a schema of this test's own.
async fn postgres() -> Option<(AnyPool, Option<checks::PgSchema>)> {
    let schema = checks::PgSchema::create("clean3").await?;
    let pool = AnyPoolOptions::new()
        .max_connections(8)
        .connect(schema.url())
        .await
        .unwrap();
    create_schema(&pool).await.unwrap();
    Some((pool, Some(schema)))
}

macro_rules! on {
    ($wiring:ident: $($check:ident),+ $(,)?) => {
        mod $wiring {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $check() {
                    let Some((pool, schema)) = super::$wiring().await else { return };
                    super::$check(pool.clone()).await;
                    pool.close().await;
                    if let Some(schema) = schema {
                        schema.drop().await;
                    }
                }
            )+
        }
    };
}

macro_rules! everywhere {
    ($($check:ident),+ $(,)?) => {
        on!(sqlite: $($check),+);
        on!(postgres: $($check),+, the_last_items_go_to_exactly_as_many_as_there_are);
    };
}

everywhere!(
    reserving_takes_the_stock_and_commit_keeps_it,
    exactly_what_is_left_can_be_reserved,
    not_enough_is_out_of_stock_and_takes_nothing,
    an_unknown_product_is_unknown_product,
    releasing_puts_stock_back_and_an_unknown_product_is_unknown_product,
    reserved_stock_is_kept_only_by_commit,
    stock_values_round_trip,
    a_product_id_is_data_not_sql,
);
