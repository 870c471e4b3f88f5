//! Known-wrong answer to `layered3`: an ERROR is logged, but without the real error in it.
//! Breaks: "`Internal` is 500 with the detail `"something went wrong on our side"` (log the real one with `tracing::error!`)"
//! Why a learner writes it: `tracing::error!` is there, as asked, with the same sentence the
//! client gets; the log then says that something broke, never what.
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
            ServiceError::Internal(_detail) => {
                // The mistake: the log line carries the generic sentence, not the real error.
                tracing::error!("something went wrong on our side");
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
