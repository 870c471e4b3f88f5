//! Known-wrong answer to `layered3`: the body sent with `Json`, so as `application/json`.
//! Breaks: "`impl IntoResponse for Problem`: the status, the header `content-type: application/problem+json`, and the body"
//! Why a learner writes it: `res.status(s).json(body)` in Express, `(status, Json(body))` in axum:
//! the body is right, but `Json` sets `content-type: application/json`.
//! Rejected by: a_problem_is_written_as_problem_json

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
        let status = match &error {
            ServiceError::Duplicate(_) => StatusCode::CONFLICT,
            ServiceError::NotFound(_) => StatusCode::NOT_FOUND,
            ServiceError::Internal(detail) => {
                tracing::error!(%detail, "request failed");
                return Problem {
                    status: StatusCode::INTERNAL_SERVER_ERROR,
                    detail: "something went wrong on our side".to_owned(),
                };
            }
        };
        Problem {
            status,
            detail: error.to_string(),
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
        // The mistake: `Json` writes `content-type: application/json`.
        (self.status, axum::Json(body)).into_response()
    }
}
