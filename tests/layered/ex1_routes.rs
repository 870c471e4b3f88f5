//! Checks for exercise `layered1`: `exercises/layered/src/ex1_routes.rs`.

// The helpers that send a request are part of the checks: a panic is the report we want.
#![allow(clippy::unwrap_used)]

#[cfg_attr(
    feature = "exercises",
    path = "../../exercises/layered/src/ex1_routes.rs"
)]
#[cfg_attr(
    not(feature = "exercises"),
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
        json!({"id": 1, "email": "ada@example.com", "name": "Ada"})
    );
    assert_eq!(
        users.all().len(),
        1,
        "the user should be in the service the router was given"
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
    assert_eq!(body["name"], "Grace");
    let (status, _, body) = send(&users, Method::GET, "/users", None).await;
    assert_eq!(status, StatusCode::OK, "GET /users should reach `list`");
    assert_eq!(
        body,
        json!([{"id": 1, "email": "grace@example.com", "name": "Grace"}])
    );
    let (status, content_type, _) = send(&users, Method::GET, "/users/2", None).await;
    assert_eq!(
        (status, content_type.as_str()),
        (StatusCode::NOT_FOUND, "application/problem+json")
    );
}

#[tokio::test]
async fn an_unknown_path_is_a_json_404_from_the_fallback() {
    let users = Arc::new(Users::default());
    let (status, content_type, body) = send(&users, Method::GET, "/orders", None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(
        content_type, "application/problem+json",
        "unknown paths should go to `not_found` (`.fallback`), not axum's empty 404"
    );
    assert_eq!(body["detail"], "no such route");
}

#[tokio::test]
async fn a_method_the_path_does_not_take_is_a_json_405() {
    let users = Arc::new(Users::default());
    let (status, content_type, body) = send(&users, Method::DELETE, "/users/1", None).await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(
        content_type, "application/problem+json",
        "a known path with another method should go to `method_not_allowed`"
    );
    assert_eq!(body["status"], 405);
}

#[tokio::test]
async fn a_body_over_the_limit_is_a_413_and_stores_nothing() {
    let users = Arc::new(Users::default());
    let padding = "x".repeat(MAX_BODY_BYTES);
    let body = json!({"email": "ada@example.com", "name": padding}).to_string();
    let (status, content_type, _) = send(&users, Method::POST, "/users", Some(body)).await;
    assert_eq!(
        status,
        StatusCode::PAYLOAD_TOO_LARGE,
        "bodies over MAX_BODY_BYTES should be refused: `.layer(DefaultBodyLimit::max(..))` after the routes (a layer wraps only the routes added before it); axum's default lets 2 MB through"
    );
    assert_eq!(content_type, "application/problem+json");
    assert!(users.all().is_empty(), "a refused body must store nothing");
    // And one just under the limit is fine.
    let padding = "x".repeat(MAX_BODY_BYTES - 100);
    let body = json!({"email": "ada@example.com", "name": padding}).to_string();
    let (status, _, _) = send(&users, Method::POST, "/users", Some(body)).await;
    assert_eq!(
        status,
        StatusCode::CREATED,
        "a body under the limit should be accepted"
    );
}
