//! Known-wrong answer to `layered3`: every error's `Display` is its detail, the internal one too.
//! Breaks: "One rule matters more than the others: an internal error's detail (a SQL message, a file path) is for the logs. The client gets a 500 with a generic sentence and nothing else."
//! Why a learner writes it: `res.status(500).json({ error: err.message })` is the Express habit,
//! and one rule for all three variants looks tidy; the SQL message goes to the client.
//! Rejected by: an_internal_error_is_a_500_that_tells_the_client_nothing, the_real_error_is_logged_at_error_level_and_not_sent

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
                // The mistake: no early return with the generic sentence, so the detail below
                // is the error's message, the SQL included.
                StatusCode::INTERNAL_SERVER_ERROR
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
