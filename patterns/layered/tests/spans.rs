//! The path a registration takes through the layers, pinned by a snapshot so that the book's
//! diagram cannot drift from the code.
//!
//! Alone in its own test binary on purpose: `tracing` caches, per call site, whether anyone is
//! listening. A test on another thread with no subscriber would teach the cache "nobody", and
//! this test would then miss spans.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use layered::startup;
use layered::trace::SpanTree;
use tower::ServiceExt;
use tracing_subscriber::layer::SubscriberExt;

#[tokio::test]
async fn a_registration_passes_through_the_layers_in_order() {
    let spans = SpanTree::new();
    let _guard =
        tracing::subscriber::set_default(tracing_subscriber::registry().with(spans.clone()));
    let pool = startup::connect_database("sqlite:file:spans?mode=memory&cache=shared")
        .await
        .expect("a database");
    let request = Request::post("/users")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(
            r#"{"email":"ada@example.com","name":"Ada","password":"correct horse"}"#,
        ))
        .expect("a request");
    let response = startup::app(pool)
        .oneshot(request)
        .await
        .expect("an answer");
    assert_eq!(response.status(), StatusCode::CREATED);
    insta::assert_snapshot!(spans.take().join("\n"));
}
