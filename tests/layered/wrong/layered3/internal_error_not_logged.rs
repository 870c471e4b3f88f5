//! Known-wrong answer to `layered3`: the generic 500, and the real error dropped.
//! Breaks: "`Internal` is 500 with the detail `"something went wrong on our side"` (log the real one with `tracing::error!`)"
//! Why a learner writes it: the rule that stands out is "tell the client nothing", and the
//! `Internal` arm does just that; the SQL message is then lost, and nobody can find what broke.
//! Rejected by: the_real_error_is_logged_at_error_level_and_not_sent

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
            // The mistake: the real error is not logged anywhere.
            ServiceError::Internal(_detail) => {
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
        (
            self.status,
            [(header::CONTENT_TYPE, "application/problem+json")],
            body.to_string(),
        )
            .into_response()
    }
}
