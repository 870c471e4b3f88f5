//! Checks for exercise `layered1`: `exercises/layered/src/ex1_routes.rs`.

// The helpers that send a request are part of the checks: a panic is the report we want.
#![allow(clippy::unwrap_used)]

// Graded: the solution (`cargo test`), the learner's file (feature `exercises`, `cargo learn`)
// or a known-wrong answer copied to wip/ (feature `wrong`, `cargo learn dev verify-wrong`).
#[cfg_attr(
    feature = "exercises",
    path = "../../exercises/layered/src/ex1_routes.rs"
)]
#[cfg_attr(feature = "wrong", path = "wip/ex1_routes.rs")]
#[cfg_attr(
    not(any(feature = "exercises", feature = "wrong")),
    path = "../../solutions/layered/src/ex1_routes.rs"
)]
#[allow(unused)]
mod exercise;

use std::sync::Arc;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use exercise::{MAX_BODY_BYTES, NewUser, Users, router};
use serde_json::{Value, json};
use tower::ServiceExt;

/// Sends one request through the router, without a network; answers the status, the
/// content type and the body as JSON.
async fn send(
    users: &Arc<Users>,
    method: Method,
    uri: &str,
    body: Option<String>,
) -> (StatusCode, String, Value) {
    let mut request = Request::builder().method(method).uri(uri);
    if body.is_some() {
        request = request.header(header::CONTENT_TYPE, "application/json");
    }
    let request = request
        .body(body.map(Body::from).unwrap_or_default())
        .unwrap();
    let response = router(users.clone()).oneshot(request).await.unwrap();
    let status = response.status();
    let content_type = response
        .headers()
        .get(header::CONTENT_TYPE)
        .map(|value| value.to_str().unwrap().to_owned())
        .unwrap_or_default();
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .unwrap();
    let json = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    (status, content_type, json)
}

fn ada() -> Option<String> {
    Some(json!({"email": "ada@example.com", "name": "Ada"}).to_string())
}

#[tokio::test]
async fn post_users_goes_to_create() {
    let users = Arc::new(Users::default());
    let (status, _, body) = send(&users, Method::POST, "/users", ada()).await;
    assert_eq!(
        status,
        StatusCode::CREATED,
        "POST /users should reach `create`"
    );
    assert_eq!(
        body,
        json!({"id": 1, "email": "ada@example.com", "name": "Ada"}),
        "POST /users with Ada's body should answer the user `create` made"
    );
    assert_eq!(
        users.all().len(),
        1,
        "after POST /users, the user should be in the service the router was given (`.with_state(users)`)"
    );
}

#[tokio::test]
async fn get_users_and_get_one_user_go_to_list_and_get_user() {
    let users = Arc::new(Users::default());
    users.add(NewUser {
        email: "grace@example.com".into(),
        name: "Grace".into(),
    });
    let (status, _, body) = send(&users, Method::GET, "/users/1", None).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "GET /users/{{id}} should reach `get_user`"
    );
    assert_eq!(
        body["name"], "Grace",
        "GET /users/1 should answer user 1, Grace, from `get_user`"
    );
    let (status, _, body) = send(&users, Method::GET, "/users", None).await;
    assert_eq!(status, StatusCode::OK, "GET /users should reach `list`");
    assert_eq!(
        body,
        json!([{"id": 1, "email": "grace@example.com", "name": "Grace"}]),
        "GET /users should answer every user, from `list`"
    );
    let (status, content_type, _) = send(&users, Method::GET, "/users/2", None).await;
    assert_eq!(
        (status, content_type.as_str()),
        (StatusCode::NOT_FOUND, "application/problem+json"),
        "GET /users/2 (no such user) should reach `get_user`, which answers a problem+json 404"
    );
}

#[tokio::test]
async fn an_unknown_path_is_a_json_404_from_the_fallback() {
    let users = Arc::new(Users::default());
    let (status, content_type, body) = send(&users, Method::GET, "/orders", None).await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "GET /orders (an unknown path) should be answered by `not_found` (`.fallback(not_found)`): a 404"
    );
    assert_eq!(
        content_type, "application/problem+json",
        "GET /orders (an unknown path) should go to `not_found` (`.fallback`), not axum's empty 404"
    );
    assert_eq!(
        body["detail"], "no such route",
        "GET /orders (an unknown path) should be answered by `not_found`"
    );
}

#[tokio::test]
async fn a_method_the_path_does_not_take_is_a_json_405() {
    let users = Arc::new(Users::default());
    let (status, content_type, body) = send(&users, Method::DELETE, "/users/1", None).await;
    assert_eq!(
        status,
        StatusCode::METHOD_NOT_ALLOWED,
        "DELETE /users/1 (a known path, a method it does not take) should be answered by `method_not_allowed`: a 405"
    );
    assert_eq!(
        content_type, "application/problem+json",
        "DELETE /users/1 (a known path, a method it does not take) should go to `method_not_allowed` (`.method_not_allowed_fallback`), not axum's empty 405"
    );
    assert_eq!(
        body["detail"], "this path does not take that method",
        "DELETE /users/1 should be answered by `method_not_allowed`"
    );
}

#[tokio::test]
async fn a_body_over_the_limit_is_a_413_and_stores_nothing() {
    let users = Arc::new(Users::default());
    // A registration whose name pads the body to a chosen size in bytes.
    let body_of = |bytes: usize| {
        let empty_name = json!({"email": "ada@example.com", "name": ""}).to_string();
        let padding = "x".repeat(bytes - empty_name.len());
        let body = json!({"email": "ada@example.com", "name": padding}).to_string();
        assert_eq!(body.len(), bytes);
        body
    };
    let body = body_of(MAX_BODY_BYTES + 1);
    let (status, content_type, _) = send(&users, Method::POST, "/users", Some(body)).await;
    assert_eq!(
        status,
        StatusCode::PAYLOAD_TOO_LARGE,
        "POST /users with a body of MAX_BODY_BYTES + 1 bytes should be refused: `.layer(DefaultBodyLimit::max(..))` after the routes (a layer wraps only the routes added before it); axum's default lets 2 MB through"
    );
    assert_eq!(
        content_type, "application/problem+json",
        "a body over MAX_BODY_BYTES should be refused with a problem+json 413"
    );
    assert!(
        users.all().is_empty(),
        "a body over MAX_BODY_BYTES is refused, so it must store nothing"
    );
    // And one of exactly MAX_BODY_BYTES is fine: the limit refuses only larger bodies.
    let body = body_of(MAX_BODY_BYTES);
    let (status, _, _) = send(&users, Method::POST, "/users", Some(body)).await;
    assert_eq!(
        status,
        StatusCode::CREATED,
        "a body of exactly MAX_BODY_BYTES should be accepted: the limit refuses only larger bodies"
    );
}
