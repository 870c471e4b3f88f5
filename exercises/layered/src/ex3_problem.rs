//! # Layered 3: errors become HTTP in one place
//!
//! The service speaks the language of the business: "that email is taken", "no such user",
//! "something broke underneath". It knows nothing of status codes. The controller translates,
//! once, for every handler: each `ServiceError` becomes a `Problem`, and a `Problem` becomes a
//! response in the `application/problem+json` format (RFC 9457), so clients get the same JSON
//! shape for every error.
//!
//! One rule matters more than the others: an internal error's detail (a SQL message, a file
//! path) is for the logs. The client gets a 500 with a generic sentence and nothing else.
//!
//! TODO:
//! - `impl From<ServiceError> for Problem`: `Duplicate` is 409 Conflict, `NotFound` is 404 Not
//!   Found, both with the error's own message (its `Display`) as the detail; `Internal` is 500
//!   with the detail `"something went wrong on our side"` (log the real one with
//!   `tracing::error!`);
//! - `impl IntoResponse for Problem`: the status, the header
//!   `content-type: application/problem+json`, and the body
//!   `{"type": "about:blank", "title": <the status's reason, "Not Found">, "status": 404,
//!   "detail": ...}`.
//!
//! Check your work with `cargo learn check layered3`; stuck? `cargo learn hint layered3`.

use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

/// What the service says went wrong.
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    #[error("a user with email {0} already exists")]
    Duplicate(String),
    #[error("no user with id {0}")]
    NotFound(String),
    #[error("internal error: {0}")]
    Internal(String),
}

/// An error response, before it is written out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub status: StatusCode,
    pub detail: String,
}

impl From<ServiceError> for Problem {
    fn from(error: ServiceError) -> Self {
        todo!()
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        todo!()
    }
}
