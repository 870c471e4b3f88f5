//! Known-wrong answer to `layered3`: a duplicate's detail is the email it carries, not its message.
//! Breaks: "`Duplicate` is 409 Conflict, `NotFound` is 404 Not Found, both with the error's own message (its `Display`) as the detail"
//! Why a learner writes it: the variant carries a `String`, and the match hands it over ready to
//! use; the client then reads "ada@example.com" with no word of what is wrong with it.
//! Rejected by: each_service_error_gets_its_status

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
            // The mistake: the detail is the variant's string, not the error's message.
            ServiceError::Duplicate(email) => {
                return Problem {
                    status: StatusCode::CONFLICT,
                    detail: email.clone(),
                };
            }
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
        (
            self.status,
            [(header::CONTENT_TYPE, "application/problem+json")],
            body.to_string(),
        )
            .into_response()
    }
}
