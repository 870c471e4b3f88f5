//! # The composition root: the one place that knows every ring
//!
//! The rings inside do not know each other's implementations, so something has to choose them
//! and plug them together when the program starts. That is this crate, and it does nothing
//! else: it names which store, which notifier, which clock and which ids one application gets
//! ([`clean_app::Ports`]), builds them, and hands the use cases to the two ways in.
//!
//! Two wirings show what that buys: [`Live`] (the system clock, UUIDs, emails through the
//! factory's notifiers) for `serve` and the command line, and [`Narrated`] (a fixed clock,
//! `order-1`, `order-2`..., notifications printed) for the demo, whose output is the same on
//! every run. The use cases are the same code in both.

use std::sync::Arc;

use clean_adapters::notify::FactoryNotifier;
use clean_adapters::sql::SqlStore;
use clean_adapters::{FixedClock, SequentialIds, SystemClock, UuidIds};
use clean_app::{App, Ports, StoreError};
use clean_domain::ProductId;

/// The catalogue a fresh database starts with: product, stock.
pub const CATALOGUE: [(&str, u32); 3] = [("keyboard", 5), ("mouse", 10), ("monitor", 2)];

// ANCHOR: wiring
/// The program as it runs for real.
pub struct Live;

impl Ports for Live {
    type Store = SqlStore;
    type Notifier = FactoryNotifier<factory::AnyNotifier>;
    type Clock = SystemClock;
    type Ids = UuidIds;
}

/// The demo's wiring: same store and use cases, but a clock and ids that say the same on every
/// run, and notifications printed where the reader can see them.
pub struct Narrated;

impl Ports for Narrated {
    type Store = SqlStore;
    type Notifier = FactoryNotifier<factory::ConsoleNotifier>;
    type Clock = FixedClock;
    type Ids = SequentialIds;
}
// ANCHOR_END: wiring

/// Why the application could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error("the database is not usable: {0}")]
    Store(#[from] StoreError),
    #[error("the notifier cannot be built: {0}")]
    Notifier(#[from] factory::NotifyError),
}

/// Connects to `url`, brings the schema up to date, and adds the [`CATALOGUE`]'s products that
/// the database does not have yet.
pub async fn store(url: &str) -> Result<SqlStore, StartupError> {
    let store = SqlStore::connect(url).await?;
    for (product, available) in CATALOGUE {
        let product = ProductId::parse(product).unwrap_or_else(|_| unreachable!("a valid code"));
        store.add_product(&product, available).await?;
    }
    Ok(store)
}

// ANCHOR: live
/// The application on `store`, wired for real: emails through the factory's email notifier
/// (the `.eml` outbox by default, SMTP with `SMTP_URL`).
pub fn live(store: SqlStore) -> Result<Arc<App<Live>>, StartupError> {
    let email = factory::AnyNotifier::create(factory::Kind::Email, &factory::Settings::from_env())?;
    Ok(Arc::new(App::new(
        store,
        FactoryNotifier::new(email),
        SystemClock,
        UuidIds,
    )))
}
// ANCHOR_END: live

/// The application on `store`, wired for the demo.
pub fn narrated(store: SqlStore) -> Arc<App<Narrated>> {
    Arc::new(App::new(
        store,
        FactoryNotifier::new(factory::ConsoleNotifier),
        // 2026-12-02 09:00 UTC, on every run.
        FixedClock::at(1_796_202_000_000),
        SequentialIds::default(),
    ))
}
