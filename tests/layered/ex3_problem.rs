//! Checks for exercise `layered3`: `exercises/layered/src/ex3_problem.rs`.

// The helpers that send a request are part of the checks: a panic is the report we want.
#![allow(clippy::unwrap_used)]

#[cfg_attr(
    feature = "exercises",
    path = "../../exercises/layered/src/ex3_problem.rs"
)]
#[cfg_attr(
    not(feature = "exercises"),
    path = "../../solutions/layered/src/ex3_problem.rs"
)]
#[allow(unused)]
mod exercise;

use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use exercise::{Problem, ServiceError};
use serde_json::{Value, json};

#[test]
fn each_service_error_gets_its_status() {
    assert_eq!(
        Problem::from(ServiceError::Duplicate("ada@example.com".into())),
        Problem {
            status: StatusCode::CONFLICT,
            detail: "a user with email ada@example.com already exists".into(),
        }
    );
    assert_eq!(
        Problem::from(ServiceError::NotFound("42".into())),
        Problem {
            status: StatusCode::NOT_FOUND,
            detail: "no user with id 42".into(),
        }
    );
}

#[test]
fn an_internal_error_is_a_500_that_tells_the_client_nothing() {
    let secret = "relation \"users\" does not exist at /var/lib/postgresql";
    let problem = Problem::from(ServiceError::Internal(secret.into()));
    assert_eq!(problem.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(
        problem.detail, "something went wrong on our side",
        "the client gets the generic sentence; the database's message is for the logs"
    );
    assert!(
        !problem.detail.contains("postgresql"),
        "the database's message is for the logs"
    );
}

async fn render(problem: Problem) -> (StatusCode, String, Value) {
    let response = problem.into_response();
    let status = response.status();
    let content_type = response
        .headers()
        .get(header::CONTENT_TYPE)
        .map(|value| value.to_str().unwrap().to_owned())
        .unwrap_or_default();
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .unwrap();
    let body = serde_json::from_slice(&bytes).unwrap_or_else(|_| {
        panic!(
            "the body should be JSON: {:?}",
            String::from_utf8_lossy(&bytes)
        )
    });
    (status, content_type, body)
}

#[tokio::test]
async fn a_problem_is_written_as_problem_json() {
    let (status, content_type, body) = render(Problem {
        status: StatusCode::NOT_FOUND,
        detail: "no user with id 42".into(),
    })
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(content_type, "application/problem+json");
    assert_eq!(
        body,
        json!({
            "type": "about:blank",
            "title": "Not Found",
            "status": 404,
            "detail": "no user with id 42",
        })
    );
}

#[tokio::test]
async fn every_status_writes_its_own_title_and_number() {
    for (error, title, status) in [
        (
            ServiceError::Duplicate("grace@example.com".into()),
            "Conflict",
            409,
        ),
        (
            ServiceError::Internal("disk full".into()),
            "Internal Server Error",
            500,
        ),
    ] {
        let (code, _, body) = render(Problem::from(error)).await;
        assert_eq!(code.as_u16(), status);
        assert_eq!(
            (body["title"].as_str(), body["status"].as_u64()),
            (Some(title), Some(status.into()))
        );
    }
}
