//! # A way in: the use cases over HTTP, with axum
//!
//! This module turns requests into use-case calls and use-case answers into responses, and
//! that is all it does: no rule about orders lives here. Every error leaves as
//! `application/problem+json` (RFC 9457); what a client sent can earn a 4xx, never a 5xx.
//! Swapping axum for another framework means rewriting this file, and only this file.

use std::sync::Arc;

use axum::extract::rejection::{JsonRejection, PathRejection};
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use clean_app::{App, OrderError, PlaceOrderRequest, Ports, StockError};
use clean_domain::{DomainError, Order};
use serde::{Deserialize, Serialize};

/// The largest request body accepted: an order of 20 lines is well under 2 KiB.
pub const MAX_BODY_BYTES: usize = 16 * 1024;

// ANCHOR: router
pub fn router<P: Ports>(app: Arc<App<P>>) -> Router {
    Router::new()
        .route("/orders", post(place::<P>))
        .route("/orders/{id}", get(show::<P>))
        .route("/orders/{id}/confirm", post(confirm::<P>))
        .route("/orders/{id}/cancel", post(cancel::<P>))
        .route("/stock/{product}", get(stock::<P>))
        .fallback(async || Problem::new(StatusCode::NOT_FOUND, "no such route"))
        .method_not_allowed_fallback(async || {
            Problem::new(
                StatusCode::METHOD_NOT_ALLOWED,
                "this path does not take that method",
            )
        })
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .with_state(app)
}
// ANCHOR_END: router

/// `POST /orders`: `{"customer": "ada@example.com", "lines": [{"product": "keyboard",
/// "quantity": 1}]}`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlaceBody {
    customer: String,
    lines: Vec<LineBody>,
}

#[derive(Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LineBody {
    product: String,
    quantity: i64,
}

/// An order as the API shows it.
#[derive(Serialize)]
pub struct OrderBody {
    id: String,
    customer: String,
    status: &'static str,
    lines: Vec<LineBody>,
    placed_at: u64,
}

impl From<&Order> for OrderBody {
    fn from(order: &Order) -> Self {
        OrderBody {
            id: order.id().to_string(),
            customer: order.customer().to_string(),
            status: order.status().as_str(),
            lines: order
                .lines()
                .iter()
                .map(|line| LineBody {
                    product: line.product.to_string(),
                    quantity: i64::from(line.quantity.get()),
                })
                .collect(),
            placed_at: order.placed_at().as_millis(),
        }
    }
}

// ANCHOR: place
async fn place<P: Ports>(
    State(app): State<Arc<App<P>>>,
    body: Result<Json<PlaceBody>, JsonRejection>,
) -> Result<(StatusCode, Json<OrderBody>), Problem> {
    let Json(body) = body?;
    let request = PlaceOrderRequest {
        customer: body.customer,
        lines: body
            .lines
            .into_iter()
            .map(|l| (l.product, l.quantity))
            .collect(),
    };
    let order = app.place.execute(request).await?;
    Ok((StatusCode::CREATED, Json(OrderBody::from(&order))))
}
// ANCHOR_END: place

async fn show<P: Ports>(
    State(app): State<Arc<App<P>>>,
    id: Result<Path<String>, PathRejection>,
) -> Result<Json<OrderBody>, Problem> {
    let Path(id) = id?;
    Ok(Json(OrderBody::from(&app.get.execute(&id).await?)))
}

#[derive(Serialize)]
pub struct ConfirmedBody {
    order: OrderBody,
    /// Whether the customer could be told; the confirmation stands either way.
    notified: bool,
}

async fn confirm<P: Ports>(
    State(app): State<Arc<App<P>>>,
    id: Result<Path<String>, PathRejection>,
) -> Result<Json<ConfirmedBody>, Problem> {
    let Path(id) = id?;
    let confirmed = app.confirm.execute(&id).await?;
    if let Err(error) = &confirmed.notified {
        tracing::warn!(%error, order = %confirmed.order.id(), "customer not told");
    }
    Ok(Json(ConfirmedBody {
        order: OrderBody::from(&confirmed.order),
        notified: confirmed.notified.is_ok(),
    }))
}

async fn cancel<P: Ports>(
    State(app): State<Arc<App<P>>>,
    id: Result<Path<String>, PathRejection>,
) -> Result<Json<OrderBody>, Problem> {
    let Path(id) = id?;
    Ok(Json(OrderBody::from(&app.cancel.execute(&id).await?)))
}

#[derive(Serialize)]
pub struct StockBody {
    product: String,
    available: u32,
}

async fn stock<P: Ports>(
    State(app): State<Arc<App<P>>>,
    product: Result<Path<String>, PathRejection>,
) -> Result<Json<StockBody>, Problem> {
    let Path(product) = product?;
    let available = app.stock.execute(&product).await?;
    Ok(Json(StockBody { product, available }))
}

/// An error response: `{"type", "title", "status", "detail"}` as `application/problem+json`.
#[derive(Debug)]
pub struct Problem {
    status: StatusCode,
    detail: String,
}

impl Problem {
    fn new(status: StatusCode, detail: impl Into<String>) -> Self {
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

// ANCHOR: errors
/// The use cases' answers, in HTTP's words.
impl From<OrderError> for Problem {
    fn from(error: OrderError) -> Self {
        let status = match &error {
            OrderError::Invalid(DomainError::NotPending { .. }) => StatusCode::CONFLICT,
            OrderError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            OrderError::Stock(StockError::OutOfStock { .. }) => StatusCode::CONFLICT,
            OrderError::Stock(_) => StatusCode::UNPROCESSABLE_ENTITY,
            OrderError::NotFound(_) => StatusCode::NOT_FOUND,
            OrderError::Store(detail) => {
                tracing::error!(%detail, "request failed");
                return Problem::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "something went wrong on our side",
                );
            }
        };
        Problem::new(status, error.to_string())
    }
}
// ANCHOR_END: errors

/// A path segment that is not UTF-8 once percent-decoded (`/orders/%FF`).
impl From<PathRejection> for Problem {
    fn from(rejection: PathRejection) -> Self {
        Problem::new(StatusCode::BAD_REQUEST, rejection.body_text())
    }
}

/// axum's own rejections answer in plain text; this API promises JSON.
impl From<JsonRejection> for Problem {
    fn from(rejection: JsonRejection) -> Self {
        let status = match rejection {
            JsonRejection::JsonDataError(_) => StatusCode::UNPROCESSABLE_ENTITY,
            JsonRejection::JsonSyntaxError(_) => StatusCode::BAD_REQUEST,
            JsonRejection::MissingJsonContentType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            _ => rejection.status(),
        };
        Problem::new(status, rejection.body_text())
    }
}
