//! # Controller layer: HTTP in, HTTP out
//!
//! Turns requests into calls on the service and the service's answers into responses. It
//! parses input into the service's types (so the service only ever sees well-formed data:
//! `Registration::parse` is the only way to make a `Registration`), and maps every
//! error to a status code with a JSON body in the `application/problem+json` format (RFC 9457).
//! A client error is a 4xx that says what to fix; nothing a client sends can produce a 5xx.

use std::sync::Arc;

use axum::Json;
use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use crate::service::{Invalid, Registration, ServiceError, UserService, UserStore, UserView};

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
impl From<ServiceError> for Problem {
    fn from(error: ServiceError) -> Self {
        match error {
            ServiceError::Duplicate(_) => Problem::new(StatusCode::CONFLICT, error.to_string()),
            ServiceError::NotFound(_) => Problem::new(StatusCode::NOT_FOUND, error.to_string()),
            ServiceError::Internal(detail) => {
                tracing::error!(%detail, "request failed");
                Problem::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "something went wrong on our side",
                )
            }
        }
    }
}
// ANCHOR_END: errors

/// axum's own rejections answer in plain text; this API promises JSON, so they are mapped.
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

/// The body of `POST /users`. Unknown fields are refused, not ignored.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegisterBody {
    email: String,
    name: String,
    password: String,
}

/// A field of the wrong shape is the client's to fix: 422, and which field.
impl From<Invalid> for Problem {
    fn from(invalid: Invalid) -> Self {
        Problem::new(StatusCode::UNPROCESSABLE_ENTITY, invalid.to_string())
    }
}

// ANCHOR: register
#[tracing::instrument(name = "controller.register", skip_all)]
pub async fn register<S: UserStore>(
    State(service): State<Arc<UserService<S>>>,
    body: Result<Json<RegisterBody>, JsonRejection>,
) -> Result<(StatusCode, Json<UserView>), Problem> {
    let Json(body) = body?;
    let registration = Registration::parse(&body.email, &body.name, body.password)?;
    let user = service.register(registration).await?;
    Ok((StatusCode::CREATED, Json(user)))
}
// ANCHOR_END: register

#[tracing::instrument(name = "controller.get", skip_all)]
pub async fn get<S: UserStore>(
    State(service): State<Arc<UserService<S>>>,
    id: Result<Path<String>, PathRejection>,
) -> Result<Json<UserView>, Problem> {
    let Path(id) = id.map_err(|r| Problem::new(StatusCode::BAD_REQUEST, r.body_text()))?;
    Ok(Json(service.get(&id).await?))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageQuery {
    #[serde(default)]
    offset: u32,
    #[serde(default = "default_limit")]
    limit: u32,
}

fn default_limit() -> u32 {
    20
}

#[tracing::instrument(name = "controller.list", skip_all)]
pub async fn list<S: UserStore>(
    State(service): State<Arc<UserService<S>>>,
    page: Result<Query<PageQuery>, QueryRejection>,
) -> Result<Json<Vec<UserView>>, Problem> {
    let Query(page) = page.map_err(|r| Problem::new(StatusCode::BAD_REQUEST, r.body_text()))?;
    if page.limit == 0 || page.limit > 100 {
        return Err(Problem::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "limit: expected 1 to 100",
        ));
    }
    Ok(Json(service.list(page.offset, page.limit).await?))
}

/// Any path the routes do not know.
pub async fn not_found() -> Problem {
    Problem::new(StatusCode::NOT_FOUND, "no such route")
}

/// A known path with a method it does not take.
pub async fn method_not_allowed() -> Problem {
    Problem::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "this path does not take that method",
    )
}
