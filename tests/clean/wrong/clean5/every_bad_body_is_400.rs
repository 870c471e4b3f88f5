//! Known-wrong answer to `clean5`: every body that cannot be read is a 400 Bad Request.
//! Breaks: "the rejection's own status (`rejection.status()`: 400, 422 or 415)"
//! Why a learner writes it: "bad input is 400" is the rule of thumb, and a problem+json 400 is
//! still a tidy 4xx; but the fat handler told a client 422 or 415, and now it does not.
//! Rejected by: the_thin_handler_answers_what_the_fat_one_answered

//! # Clean 5: from a fat handler to the rings
//!
//! `fat_change_status` below is how many codebases start: one axum handler that does
//! everything. It parses the path and the JSON body, locks the shared map of orders, checks the
//! business rule inline (only a pending order can be confirmed or cancelled), writes the new
//! status and picks the status codes. It works, and it is kept here, still routed by
//! `fat_router`, as the "before". But the rule can only be tested by sending HTTP requests, it
//! cannot be reused by a command line or a queue consumer, and the next handler that changes an
//! order will copy it, or forget it.
//!
//! The refactoring moves the rule inward, one ring at a time, and changes nothing a client sees:
//!
//! - the **domain**: `Order::confirm` and `Order::cancel`, with no HTTP, no lock and no map in
//!   sight: the rule lives with the data it protects;
//! - the **use case**: `change_status`, over the small `OrderStore` port: find the order, ask it
//!   to change, keep it;
//! - the **way in**: `change_status_handler`, thin: HTTP in, one call, HTTP out.
//!
//! TODO:
//! - `Order::confirm` and `Order::cancel`: a pending order becomes confirmed (cancelled) and
//!   the answer is `Ok(())`. Any other order is refused with
//!   `DomainError::NotPending { id, status: <its status>, wanted: "confirmed" }` (`"cancelled"`
//!   for `cancel`) and is left exactly as it was;
//! - `change_status(store, id, wanted)`: the order `id` from `store.find`, or
//!   `ChangeError::NotFound(id)`; then `confirm` or `cancel` as `wanted` says; a refusal is
//!   `ChangeError::Rule(<the domain error>)` and nothing is saved; otherwise the changed order
//!   is saved with `store.save`, once, and returned;
//! - `change_status_handler`, routed by `router` at `PATCH /orders/{id}`: it answers exactly
//!   what `fat_change_status` answers for the same request (the refactoring changes nothing a
//!   client sees), and leaves every rule to `change_status`:
//!   - a path id that is not a number, then a body that is not `{"status": "confirmed"}` or
//!     `{"status": "cancelled"}` (not JSON, the wrong shape, no `Content-Type:
//!     application/json`): the rejection's own status (`rejection.status()`: 400, 422 or 415)
//!     with its `rejection.body_text()` as the detail, checked in that order;
//!   - `ChangeError::NotFound`: 404; `ChangeError::Rule`: 409; each with the error's message
//!     (`to_string()`) as the detail;
//!   - every error as a `Problem` (`application/problem+json`); success: 200 with the changed
//!     order as JSON, `{"id": 7, "customer": "ada@example.com", "status": "confirmed"}`.
//!
//! Check your work with `cargo learn check clean5`; stuck? `cargo learn hint clean5`.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, PoisonError};

use axum::extract::rejection::{JsonRejection, PathRejection};
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::patch;
use axum::{Json, Router};
use serde::{Deserialize, Serialize};

// ---- the domain: an order and its rule ----

/// Where an order is in its life: pending, then confirmed or cancelled, and nothing after.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OrderStatus {
    Pending,
    Confirmed,
    Cancelled,
}

impl std::fmt::Display for OrderStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            OrderStatus::Pending => "pending",
            OrderStatus::Confirmed => "confirmed",
            OrderStatus::Cancelled => "cancelled",
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Order {
    id: u64,
    customer: String,
    status: OrderStatus,
}

/// A rule of the domain, broken.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DomainError {
    #[error("order {id} is {status}: only a pending order can be {wanted}")]
    NotPending {
        id: u64,
        status: OrderStatus,
        wanted: &'static str,
    },
}

impl Order {
    /// An order as it is kept, in any status.
    pub fn restore(id: u64, customer: &str, status: OrderStatus) -> Self {
        Self {
            id,
            customer: customer.to_owned(),
            status,
        }
    }

    pub fn id(&self) -> u64 {
        self.id
    }

    pub fn customer(&self) -> &str {
        &self.customer
    }

    pub fn status(&self) -> OrderStatus {
        self.status
    }

    /// Pending → confirmed; any other order is refused and left as it was.
    pub fn confirm(&mut self) -> Result<(), DomainError> {
        self.leave_pending(OrderStatus::Confirmed, "confirmed")
    }

    /// Pending → cancelled; any other order is refused and left as it was.
    pub fn cancel(&mut self) -> Result<(), DomainError> {
        self.leave_pending(OrderStatus::Cancelled, "cancelled")
    }

    fn leave_pending(&mut self, to: OrderStatus, wanted: &'static str) -> Result<(), DomainError> {
        if self.status != OrderStatus::Pending {
            return Err(DomainError::NotPending {
                id: self.id,
                status: self.status,
                wanted,
            });
        }
        self.status = to;
        Ok(())
    }
}

// ---- the use case, and the port it owns ----

/// Where orders are kept: a port of the use-case ring.
pub trait OrderStore {
    fn find(&self, id: u64) -> Option<Order>;
    fn save(&mut self, order: &Order);
}

/// The store the web app uses: a map in memory.
impl OrderStore for BTreeMap<u64, Order> {
    fn find(&self, id: u64) -> Option<Order> {
        self.get(&id).cloned()
    }

    fn save(&mut self, order: &Order) {
        self.insert(order.id, order.clone());
    }
}

/// The status a client asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Wanted {
    Confirmed,
    Cancelled,
}

/// Why `change_status` did not change the order.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChangeError {
    #[error("no order {0}")]
    NotFound(u64),
    #[error(transparent)]
    Rule(#[from] DomainError),
}

/// Use case: the order `id` is confirmed or cancelled, as `wanted` says, and kept.
pub fn change_status(
    store: &mut impl OrderStore,
    id: u64,
    wanted: Wanted,
) -> Result<Order, ChangeError> {
    let mut order = store.find(id).ok_or(ChangeError::NotFound(id))?;
    match wanted {
        Wanted::Confirmed => order.confirm()?,
        Wanted::Cancelled => order.cancel()?,
    }
    store.save(&order);
    Ok(order)
}

// ---- the way in: HTTP ----

/// The orders the web app shares between requests.
pub type Orders = Arc<Mutex<BTreeMap<u64, Order>>>;

/// `PATCH /orders/{id}`: `{"status": "confirmed"}` or `{"status": "cancelled"}`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChangeBody {
    pub status: Wanted,
}

/// An error response: `{"type", "title", "status", "detail"}` as `application/problem+json`.
#[derive(Debug)]
pub struct Problem {
    status: StatusCode,
    detail: String,
}

impl Problem {
    pub fn new(status: StatusCode, detail: impl Into<String>) -> Self {
        Self {
            status,
            detail: detail.into(),
        }
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let body = serde_json::json!({
            "type": "about:blank",
            "title": self.status.canonical_reason().unwrap_or("Error"),
            "status": self.status.as_u16(),
            "detail": self.detail,
        });
        (
            self.status,
            [(header::CONTENT_TYPE, "application/problem+json")],
            body.to_string(),
        )
            .into_response()
    }
}

/// The "before": the fat handler, still routed.
pub fn fat_router(orders: Orders) -> Router {
    Router::new()
        .route("/orders/{id}", patch(fat_change_status))
        .with_state(orders)
}

/// The "after": the same path, to the thin handler.
pub fn router(orders: Orders) -> Router {
    Router::new()
        .route("/orders/{id}", patch(change_status_handler))
        .with_state(orders)
}

/// The fat handler: parsing, the rule, the storage and HTTP's words, all in one place.
pub async fn fat_change_status(
    State(orders): State<Orders>,
    id: Result<Path<u64>, PathRejection>,
    body: Result<Json<ChangeBody>, JsonRejection>,
) -> Response {
    let id = match id {
        Ok(Path(id)) => id,
        Err(rejection) => {
            return Problem::new(rejection.status(), rejection.body_text()).into_response();
        }
    };
    let body = match body {
        Ok(Json(body)) => body,
        Err(rejection) => {
            return Problem::new(rejection.status(), rejection.body_text()).into_response();
        }
    };
    let mut orders = orders.lock().unwrap_or_else(PoisonError::into_inner);
    let Some(order) = orders.get_mut(&id) else {
        return Problem::new(StatusCode::NOT_FOUND, format!("no order {id}")).into_response();
    };
    if order.status != OrderStatus::Pending {
        let wanted = match body.status {
            Wanted::Confirmed => "confirmed",
            Wanted::Cancelled => "cancelled",
        };
        let detail = format!(
            "order {id} is {}: only a pending order can be {wanted}",
            order.status
        );
        return Problem::new(StatusCode::CONFLICT, detail).into_response();
    }
    order.status = match body.status {
        Wanted::Confirmed => OrderStatus::Confirmed,
        Wanted::Cancelled => OrderStatus::Cancelled,
    };
    (StatusCode::OK, Json(order.clone())).into_response()
}

/// The thin handler: HTTP in, one call to the use case, HTTP out.
pub async fn change_status_handler(
    State(orders): State<Orders>,
    id: Result<Path<u64>, PathRejection>,
    body: Result<Json<ChangeBody>, JsonRejection>,
) -> Result<Json<Order>, Problem> {
    let Path(id) = id.map_err(|r| Problem::new(r.status(), r.body_text()))?;
    let Json(body) = body.map_err(|r| Problem::new(StatusCode::BAD_REQUEST, r.body_text()))?;
    let mut orders = orders.lock().unwrap_or_else(PoisonError::into_inner);
    let order = change_status(&mut *orders, id, body.status)?;
    Ok(Json(order))
}

/// The use case's answers, in HTTP's words.
impl From<ChangeError> for Problem {
    fn from(error: ChangeError) -> Self {
        let status = match error {
            ChangeError::NotFound(_) => StatusCode::NOT_FOUND,
            ChangeError::Rule(_) => StatusCode::CONFLICT,
        };
        Problem::new(status, error.to_string())
    }
}
