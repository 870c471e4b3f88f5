//! Known-wrong answer to `layered3`: the title is the status's `Display`, "404 Not Found".
//! Breaks: "the body `{"type": "about:blank", "title": <the status's reason, "Not Found">, "status": 404, "detail": ...}`"
//! Why a learner writes it: `to_string()` is the first way to make text of a value, and
//! "404 Not Found" reads well; the title is the reason alone.
//! Rejected by: a_problem_is_written_as_problem_json, every_status_writes_its_own_title_and_number

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
            // The mistake: `Display` of a status is "404 Not Found", number included.
            "title": self.status.to_string(),
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
