//! Checks for exercise `layered3`: `exercises/layered/src/ex3_problem.rs`.

// The helpers that send a request are part of the checks: a panic is the report we want.
#![allow(clippy::unwrap_used)]

// Graded: the solution (`cargo test`), the learner's file (feature `exercises`, `cargo learn`)
// or a known-wrong answer copied to wip/ (feature `wrong`, `cargo learn dev verify-wrong`).
#[cfg_attr(
    feature = "exercises",
    path = "../../exercises/layered/src/ex3_problem.rs"
)]
#[cfg_attr(feature = "wrong", path = "wip/ex3_problem.rs")]
#[cfg_attr(
    not(any(feature = "exercises", feature = "wrong")),
    path = "../../solutions/layered/src/ex3_problem.rs"
)]
#[allow(unused)]
mod exercise;

use std::fmt::{self, Write as _};
use std::sync::{Arc, Mutex};

use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use exercise::{Problem, ServiceError};
use serde_json::{Value, json};
use tracing::field::{Field, Visit};
use tracing::{Event, Level, Subscriber};
use tracing_subscriber::layer::{Context, Layer, SubscriberExt};

/// One event the graded code logged with `tracing`: its level, and its fields written out.
struct Logged {
    level: Level,
    text: String,
}

impl fmt::Debug for Logged {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.level, self.text)
    }
}

/// A `tracing` layer that keeps every event it sees.
#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<Logged>>>);

impl<S: Subscriber> Layer<S> for Capture {
    fn on_event(&self, event: &Event<'_>, _: Context<'_, S>) {
        let mut text = String::new();
        event.record(&mut FieldsAsText(&mut text));
        self.0.lock().unwrap().push(Logged {
            level: *event.metadata().level(),
            text,
        });
    }
}

/// Writes an event's fields as `name=value`, the message included.
struct FieldsAsText<'a>(&'a mut String);

impl Visit for FieldsAsText<'_> {
    fn record_str(&mut self, field: &Field, value: &str) {
        let _ = write!(self.0, "{}={value} ", field.name());
    }

    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        let _ = write!(self.0, "{}={value:?} ", field.name());
    }
}

/// Runs `code` with a subscriber that records what it logs, on this thread only.
fn logged_while<T>(code: impl FnOnce() -> T) -> (T, Vec<Logged>) {
    let capture = Capture::default();
    let subscriber = tracing_subscriber::registry().with(capture.clone());
    let value = tracing::subscriber::with_default(subscriber, code);
    let logged = std::mem::take(&mut *capture.0.lock().unwrap());
    (value, logged)
}

#[test]
fn each_service_error_gets_its_status() {
    assert_eq!(
        Problem::from(ServiceError::Duplicate("ada@example.com".into())),
        Problem {
            status: StatusCode::CONFLICT,
            detail: "a user with email ada@example.com already exists".into(),
        },
        "Duplicate(\"ada@example.com\") should be a 409 Conflict whose detail is the error's own message (its `Display`)"
    );
    assert_eq!(
        Problem::from(ServiceError::NotFound("42".into())),
        Problem {
            status: StatusCode::NOT_FOUND,
            detail: "no user with id 42".into(),
        },
        "NotFound(\"42\") should be a 404 Not Found whose detail is the error's own message (its `Display`)"
    );
}

#[test]
fn an_internal_error_is_a_500_that_tells_the_client_nothing() {
    let secret = "relation \"users\" does not exist at /var/lib/postgresql";
    let problem = Problem::from(ServiceError::Internal(secret.into()));
    assert_eq!(
        problem.status,
        StatusCode::INTERNAL_SERVER_ERROR,
        "Internal({secret:?}) should be a 500 Internal Server Error"
    );
    assert_eq!(
        problem.detail, "something went wrong on our side",
        "Internal({secret:?}): the client gets the generic sentence; the database's message is for the logs"
    );
}

#[tokio::test]
async fn the_real_error_is_logged_at_error_level_and_not_sent() {
    let secret = "connection to db-7.internal:5432 refused";
    let (problem, logged) =
        logged_while(|| Problem::from(ServiceError::Internal(secret.to_owned())));
    assert!(
        logged
            .iter()
            .any(|event| event.level == Level::ERROR && event.text.contains(secret)),
        "Problem::from(Internal({secret:?})) should log the real error, {secret:?}, at ERROR level with `tracing::error!` (not `eprintln!`, not `warn!`), so that someone can find out what broke; what it logged: {logged:?}"
    );
    let (status, _, body) = render(problem).await;
    assert_eq!(
        status,
        StatusCode::INTERNAL_SERVER_ERROR,
        "Internal({secret:?}) should be written as a 500"
    );
    assert!(
        !body.to_string().contains("db-7.internal"),
        "the response to Internal({secret:?}) should not carry the real error, which is for the logs only; the body was {body}"
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
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "Problem {{ status: 404, detail: \"no user with id 42\" }} should be written with status 404"
    );
    assert_eq!(
        content_type, "application/problem+json",
        "every problem is written with the header content-type: application/problem+json (RFC 9457), not application/json"
    );
    assert_eq!(
        body,
        json!({
            "type": "about:blank",
            "title": "Not Found",
            "status": 404,
            "detail": "no user with id 42",
        }),
        "Problem {{ status: 404, detail: \"no user with id 42\" }} should be written as this body: the title is the status's reason alone, the status a number"
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
        let shown = format!("{error:?}");
        let (code, _, body) = render(Problem::from(error)).await;
        assert_eq!(
            code.as_u16(),
            status,
            "{shown} should be written with status {status}"
        );
        assert_eq!(
            (body["title"].as_str(), body["status"].as_u64()),
            (Some(title), Some(status.into())),
            "{shown} should be written with the title {title:?} (the status's reason) and the status {status} (a number); the body was {body}"
        );
    }
}
