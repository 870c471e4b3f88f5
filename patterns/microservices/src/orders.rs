//! # The orders service: commands applied once, and events that wait for their readers
//!
//! Placing an order is the one command in the story that must not happen twice, and the
//! network makes "twice" easy: the gateway times out and retries, or the user's phone does.
//! So every `POST /orders` carries an `Idempotency-Key`, a value the client picks once per
//! order. Orders writes the key with the order, in one transaction; the same key again gets
//! the same order back (`200`, `Idempotent-Replayed: true`), not a second one, and the same key
//! with a different order is refused.
//!
//! In that same transaction goes the `OrderPlaced` event, into the events pattern's outbox, and
//! a relay publishes it to the bus. Orders never calls notifications: if notifications is down,
//! the event waits, and orders does not notice.

use std::sync::Arc;
use std::time::Duration;

use axum::extract::{FromRef, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use events::outbox::Outbox;
use serde::{Deserialize, Serialize};
use sqlx::Row;
use uuid::Uuid;

use crate::StartError;
use crate::problem::{self, Problem};
use crate::service::CorrelationId;
use crate::tokens::{User, Verifier};

/// The `type` of the event orders publishes.
pub const ORDER_PLACED: &str = "OrderPlaced";

/// How orders is set up.
#[derive(Clone)]
pub struct Config {
    pub database_url: String,
    /// Where auth publishes its keys.
    pub auth_url: String,
    pub bus: crate::bus::Settings,
    /// A delay before every answer (`FAULT_DELAY_MS`): the slow-service lab.
    pub delay: Option<Duration>,
}

impl Config {
    pub fn from_env(data_dir: &str) -> Result<Self, StartError> {
        Ok(Self {
            database_url: crate::database_url(data_dir, "orders")?,
            auth_url: crate::setting("AUTH_URL", "http://127.0.0.1:4001"),
            bus: crate::bus::Settings::from_env(data_dir),
            delay: std::env::var("FAULT_DELAY_MS")
                .ok()
                .and_then(|ms| ms.parse().ok())
                .map(Duration::from_millis),
        })
    }
}

// ANCHOR: order
/// An order, as orders keeps it and answers it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Order {
    pub id: String,
    pub user_id: String,
    pub item: String,
    pub quantity: i64,
    pub created_at: String,
}

/// The payload of `OrderPlaced` (version 1). Readers ignore fields they do not know (a
/// tolerant reader): orders can add one without breaking notifications.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderPlaced {
    pub order_id: String,
    pub user_id: String,
    pub item: String,
    pub quantity: i64,
}
// ANCHOR_END: order

/// What orders' handlers share.
#[derive(Clone)]
pub struct Orders {
    pool: sqlx::AnyPool,
    outbox: Outbox,
    verifier: Arc<Verifier>,
    delay: Option<Duration>,
}

impl FromRef<Orders> for Arc<Verifier> {
    fn from_ref(orders: &Orders) -> Self {
        orders.verifier.clone()
    }
}

impl Orders {
    /// Opens orders' database.
    pub async fn start(config: &Config, http: reqwest::Client) -> Result<Self, StartError> {
        let (pool, backend) = crate::open_database(&config.database_url).await?;
        match backend {
            events::Backend::Sqlite => {
                events::migrate(sqlx::migrate!("./migrations/orders-sqlite"), &pool).await?;
            }
            events::Backend::Postgres => {
                events::migrate(sqlx::migrate!("./migrations/orders-postgres"), &pool).await?;
            }
        }
        let jwks = format!(
            "{}/.well-known/jwks.json",
            config.auth_url.trim_end_matches('/')
        );
        Ok(Self {
            outbox: Outbox::new(pool.clone(), backend),
            pool,
            verifier: Arc::new(Verifier::remote("orders", &jwks, http)),
            delay: config.delay,
        })
    }

    pub fn outbox(&self) -> &Outbox {
        &self.outbox
    }
}

/// Orders' routes.
pub fn router(orders: Orders) -> axum::Router {
    axum::Router::new()
        .route("/orders", post(place).get(list))
        .with_state(orders)
}

/// Runs orders on `listener`, and its relay, until SIGTERM.
pub async fn run(config: Config, listener: tokio::net::TcpListener) -> Result<(), StartError> {
    let orders = Orders::start(&config, crate::service::http_client()?).await?;
    let bus = config.bus.connect().await?;
    tracing::info!(bus = bus.describe(), "publishing to the bus");
    let relay = tokio::spawn(events::outbox::run_relay(orders.outbox().clone(), bus, 100));
    let served = crate::service::serve(
        "orders",
        listener,
        router(orders),
        crate::service::always_ready(),
    )
    .await;
    // Whatever the relay had not published is still in the outbox: the next start sends it.
    relay.abort();
    served?;
    Ok(())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PlaceOrder {
    item: String,
    quantity: i64,
}

// ANCHOR: place
/// `POST /orders` `{"item", "quantity"}` with an `Idempotency-Key` header: 201 and the order;
/// the same key and body again: 200 and the same order; the same key with another body: 422.
async fn place(
    State(orders): State<Orders>,
    User(user): User,
    CorrelationId(correlation_id): CorrelationId,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Result<Response, Problem> {
    if let Some(delay) = orders.delay {
        tokio::time::sleep(delay).await;
    }
    let key = headers
        .get("idempotency-key")
        .and_then(|value| value.to_str().ok())
        .filter(|key| !key.is_empty() && key.len() <= 200)
        .ok_or_else(|| {
            Problem::new(
                StatusCode::BAD_REQUEST,
                "an Idempotency-Key header is required (1 to 200 characters): the same key \
                 sent again gets the same order, not a second one",
            )
        })?;
    let request: PlaceOrder = problem::json(&body)?;
    let item = request.item.trim().to_owned();
    if item.is_empty() || item.chars().count() > 100 || !(1..=100).contains(&request.quantity) {
        return Err(Problem::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "item: 1 to 100 characters; quantity: 1 to 100",
        ));
    }
    let fingerprint = fingerprint(&item, request.quantity);
    let order = Order {
        id: Uuid::now_v7().to_string(),
        user_id: user.sub.clone(),
        item,
        quantity: request.quantity,
        created_at: crate::now_rfc3339(),
    };
    let mut tx = orders.pool.begin().await.map_err(Problem::internal)?;
    // The key first: a second request with it waits here for the first to commit, then
    // finds its row.
    let claimed = sqlx::query(
        "INSERT INTO idempotency_keys (user_id, key, request_hash, order_id)
         VALUES ($1, $2, $3, $4) ON CONFLICT (user_id, key) DO NOTHING",
    )
    .bind(&order.user_id)
    .bind(key)
    .bind(&fingerprint)
    .bind(&order.id)
    .execute(&mut *tx)
    .await
    .map_err(Problem::internal)?;
    if claimed.rows_affected() == 0 {
        drop(tx);
        return replay(&orders, &order.user_id, key, &fingerprint).await;
    }
    sqlx::query(
        "INSERT INTO orders (id, user_id, item, quantity, created_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(&order.id)
    .bind(&order.user_id)
    .bind(&order.item)
    .bind(order.quantity)
    .bind(&order.created_at)
    .execute(&mut *tx)
    .await
    .map_err(Problem::internal)?;
    let placed = OrderPlaced {
        order_id: order.id.clone(),
        user_id: order.user_id.clone(),
        item: order.item.clone(),
        quantity: order.quantity,
    };
    events::outbox::append(&mut tx, &envelope(&placed, correlation_id))
        .await
        .map_err(Problem::internal)?;
    tx.commit().await.map_err(Problem::internal)?;
    orders.outbox.committed();
    tracing::info!(order_id = %order.id, "order placed");
    Ok((StatusCode::CREATED, axum::Json(order)).into_response())
}

/// The order an earlier request with this key placed: 200 and the same order if the request
/// was the same, 422 if it was not.
async fn replay(
    orders: &Orders,
    user_id: &str,
    key: &str,
    fingerprint: &str,
) -> Result<Response, Problem> {
    let row = sqlx::query(
        "SELECT k.request_hash, o.id, o.user_id, o.item, o.quantity, o.created_at
         FROM idempotency_keys k JOIN orders o ON o.id = k.order_id
         WHERE k.user_id = $1 AND k.key = $2",
    )
    .bind(user_id)
    .bind(key)
    .fetch_one(&orders.pool)
    .await
    .map_err(Problem::internal)?;
    let stored: String = row.try_get("request_hash").map_err(Problem::internal)?;
    if stored != fingerprint {
        return Err(Problem::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "this Idempotency-Key was already used for a different order",
        ));
    }
    let order = order_from(&row).map_err(Problem::internal)?;
    tracing::info!(order_id = %order.id, "order replayed: the key was seen before");
    Ok((
        StatusCode::OK,
        [("idempotent-replayed", "true")],
        axum::Json(order),
    )
        .into_response())
}
// ANCHOR_END: place

/// What identifies a request's content: the same order asked again has the same fingerprint.
fn fingerprint(item: &str, quantity: i64) -> String {
    let digest = ring::digest::digest(
        &ring::digest::SHA256,
        serde_json::json!([item, quantity]).to_string().as_bytes(),
    );
    digest
        .as_ref()
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// `OrderPlaced` in the events pattern's envelope.
pub fn envelope(placed: &OrderPlaced, correlation_id: Uuid) -> events::Envelope {
    events::Envelope {
        id: Uuid::now_v7(),
        event_type: ORDER_PLACED.to_owned(),
        version: 1,
        occurred_at: time::OffsetDateTime::now_utc(),
        source: "orders".to_owned(),
        correlation_id,
        payload: serde_json::to_value(placed).unwrap_or_default(),
    }
}

fn order_from(row: &sqlx::any::AnyRow) -> Result<Order, sqlx::Error> {
    Ok(Order {
        id: row.try_get("id")?,
        user_id: row.try_get("user_id")?,
        item: row.try_get("item")?,
        quantity: row.try_get("quantity")?,
        created_at: row.try_get("created_at")?,
    })
}

/// `GET /orders`: the caller's 100 newest orders, newest first. (A list without a limit is a
/// response that grows until it is the slowest thing in the system.)
async fn list(State(orders): State<Orders>, User(user): User) -> Result<Response, Problem> {
    if let Some(delay) = orders.delay {
        tokio::time::sleep(delay).await;
    }
    let rows = sqlx::query(
        "SELECT id, user_id, item, quantity, created_at FROM orders
         WHERE user_id = $1 ORDER BY created_at DESC, id DESC LIMIT 100",
    )
    .bind(&user.sub)
    .fetch_all(&orders.pool)
    .await
    .map_err(Problem::internal)?;
    let list = rows
        .iter()
        .map(order_from)
        .collect::<Result<Vec<_>, _>>()
        .map_err(Problem::internal)?;
    Ok(axum::Json(serde_json::json!({ "orders": list })).into_response())
}
