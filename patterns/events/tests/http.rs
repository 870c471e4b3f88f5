//! The HTTP side: the statistics as Server-Sent Events, sent when they change; sign-ups over
//! `POST /users`, with a JSON error and nothing written for bad input.

#![allow(clippy::unwrap_used)]

mod common;

use std::time::Duration;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use events::analytics::router;
use events::outbox::{run_relay, signup_router};
use events::transport::memory::InProcess;
use events::{Analytics, Auth};
use futures_util::StreamExt;
use tower::ServiceExt;

async fn next_event(body: &mut axum::body::BodyDataStream) -> serde_json::Value {
    let mut text = String::new();
    loop {
        let chunk = tokio::time::timeout(Duration::from_secs(20), body.next())
            .await
            .expect("an SSE event within 20 s")
            .unwrap()
            .unwrap();
        text.push_str(std::str::from_utf8(&chunk).unwrap());
        if let Some(end) = text.find("\n\n") {
            let event = &text[..end];
            if let Some(data) = event.lines().find_map(|l| l.strip_prefix("data: ")) {
                assert!(event.starts_with("event: stats"), "{event}");
                return serde_json::from_str(data).unwrap();
            }
            text.drain(..end + 2); // a keep-alive comment
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_stats_stream_sends_the_figures_then_each_change() {
    let transport = InProcess::new();
    let auth = Auth::connect(&common::memory("auth")).await.unwrap();
    let analytics = Analytics::connect(&common::memory("analytics"))
        .await
        .unwrap();
    let relay = tokio::spawn(run_relay(auth.outbox().clone(), transport.clone(), 100));
    let _following = analytics.spawn_follower(&transport);

    let response = router(analytics.clone())
        .oneshot(Request::get("/stats/stream").body(Body::empty()).unwrap())
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["content-type"], "text/event-stream");
    let mut body = response.into_body().into_data_stream();
    let first = next_event(&mut body).await;
    assert_eq!(first["stats"]["users"], 0, "{first}");

    let signup = signup_router(auth.clone())
        .oneshot(
            Request::post("/users")
                .header("content-type", "application/json")
                .body(Body::from(
                    r#"{"email":"hedy@example.com","displayName":"Hedy","plan":"pro"}"#,
                ))
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(signup.status(), StatusCode::CREATED);
    // The figures were refreshed many times meanwhile (every time the reader caught up), and
    // did not change: nothing was sent. The next event is the change.
    let event = next_event(&mut body).await;
    assert_eq!(event["stats"]["users"], 1, "{event}");
    assert_eq!(event["stats"]["byPlan"]["pro"], 1, "{event}");
    relay.abort();
}

#[tokio::test]
async fn bad_sign_ups_get_a_json_error_and_write_nothing() {
    let auth = Auth::connect(&common::memory("auth")).await.unwrap();
    let app = signup_router(auth.clone());
    let post = |body: &'static str| {
        let app = app.clone();
        async move {
            let response = app
                .oneshot(
                    Request::post("/users")
                        .header("content-type", "application/json")
                        .body(Body::from(body))
                        .unwrap(),
                )
                .await
                .unwrap();
            let status = response.status();
            let bytes = axum::body::to_bytes(response.into_body(), 1 << 16)
                .await
                .unwrap();
            let json: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
            (status, json)
        }
    };
    let ok = r#"{"email":"ada@example.com","displayName":"Ada","plan":"free"}"#;
    assert_eq!(post(ok).await.0, StatusCode::CREATED);
    for (body, status) in [
        ("{not json", StatusCode::BAD_REQUEST),
        (r#"{"email":"x@example.com"}"#, StatusCode::BAD_REQUEST),
        (
            r#"{"email":"no-at","displayName":"X","plan":"free"}"#,
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            r#"{"email":"b@example.com","displayName":"B","plan":"gold"}"#,
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (ok, StatusCode::CONFLICT),
    ] {
        let (got, json) = post(body).await;
        assert_eq!(got, status, "{body}: {json}");
        assert!(json["error"].is_string(), "{body}: {json}");
    }
    assert_eq!(
        auth.outbox().pending().await.unwrap(),
        1,
        "one user, one event: the refused sign-ups wrote nothing"
    );
}
