//! The API from the outside, without a network: requests go straight into the router.
//!
//! Every check runs twice: on SQLite (a fresh in-memory database) and on PostgreSQL (a fresh
//! schema on the server at `DATABASE_URL`, dropped afterwards). Without `DATABASE_URL` the
//! PostgreSQL runs skip with one line, unless `REQUIRE_SERVICES=1` (CI), where they fail.

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use layered::startup;
use tower::ServiceExt;

/// The whole application on a fresh in-memory SQLite database.
async fn sqlite() -> Router {
    let url = format!(
        "sqlite:file:api-{}?mode=memory&cache=shared",
        uuid::Uuid::new_v4().simple()
    );
    let pool = startup::connect_database(&url)
        .await
        .expect("a fresh database");
    startup::app(pool)
}

/// Runs `check` on a fresh SQLite database.
async fn on_sqlite<F: Future<Output = ()>>(check: impl FnOnce(Router) -> F) {
    check(sqlite().await).await;
}

/// Runs `check` in a fresh PostgreSQL schema, then drops it.
async fn on_postgres<F: Future<Output = ()>>(check: impl FnOnce(Router) -> F) {
    let Some(schema) = checks::PgSchema::create("layered").await else {
        return;
    };
    let pool = startup::connect_database(schema.url())
        .await
        .expect("connect inside the schema");
    check(startup::app(pool.clone())).await;
    pool.close().await;
    schema.drop().await;
}

async fn send(app: &Router, request: Request<Body>) -> (StatusCode, Option<String>, String) {
    let response = app
        .clone()
        .oneshot(request)
        .await
        .expect("the router answers");
    let status = response.status();
    let content_type = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .expect("a body");
    (
        status,
        content_type,
        String::from_utf8_lossy(&bytes).into_owned(),
    )
}

/// How many users the API lists: what a refused request must not have changed.
async fn user_count(app: &Router) -> usize {
    let (status, _, body) = send(app, get("/users?limit=100")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let users: Vec<serde_json::Value> = serde_json::from_str(&body).expect("a JSON list");
    users.len()
}

fn post_json(body: impl Into<String>) -> Request<Body> {
    Request::post("/users")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body.into()))
        .expect("a request")
}

fn get(path: &str) -> Request<Body> {
    Request::get(path).body(Body::empty()).expect("a request")
}

#[tokio::test]
async fn sqlite_bad_input_gets_a_json_4xx_never_a_5xx_and_writes_nothing() {
    on_sqlite(bad_input).await;
}

#[tokio::test]
async fn postgres_bad_input_gets_a_json_4xx_never_a_5xx_and_writes_nothing() {
    on_postgres(bad_input).await;
}

#[tokio::test]
async fn sqlite_register_then_read_back_without_the_password() {
    on_sqlite(register_then_read_back).await;
}

#[tokio::test]
async fn postgres_register_then_read_back_without_the_password() {
    on_postgres(register_then_read_back).await;
}

/// A corpus of bad requests: each gets the 4xx it deserves, as problem+json; none a 5xx; and
/// nothing is written.
async fn bad_input(app: Router) {
    let long = "x".repeat(129);
    let huge = format!(
        r#"{{"email":"a@b.co","name":"{}","password":"12345678"}}"#,
        "x".repeat(20_000)
    );
    let mut corpus: Vec<(&str, Request<Body>, StatusCode)> = vec![
        (
            "malformed JSON",
            post_json(r#"{"email": "#),
            StatusCode::BAD_REQUEST,
        ),
        (
            "not JSON at all",
            post_json("email=ada@example.com"),
            StatusCode::BAD_REQUEST,
        ),
        (
            "no content type",
            Request::post("/users")
                .body(Body::from(r#"{"email":"a@b.co"}"#))
                .expect("a request"),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ),
        (
            "missing fields",
            post_json(r#"{"email":"ada@example.com"}"#),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            "wrong types",
            post_json(r#"{"email":5,"name":[],"password":true}"#),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            "unknown field",
            post_json(r#"{"email":"a@b.co","name":"A","password":"12345678","admin":true}"#),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            "oversized body",
            post_json(huge),
            StatusCode::PAYLOAD_TOO_LARGE,
        ),
        (
            "array body",
            post_json("[]"),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            "bad limit",
            get("/users?limit=abc"),
            StatusCode::BAD_REQUEST,
        ),
        (
            "zero limit",
            get("/users?limit=0"),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            "huge limit",
            get("/users?limit=100000"),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        ("unknown user", get("/users/nobody"), StatusCode::NOT_FOUND),
        (
            // PostgreSQL refuses U+0000 in text with an error: the service must not ask it.
            "U+0000 in an id",
            get("/users/a%00b"),
            StatusCode::NOT_FOUND,
        ),
        ("unknown route", get("/admin"), StatusCode::NOT_FOUND),
        (
            "wrong method",
            Request::delete("/users")
                .body(Body::empty())
                .expect("a request"),
            StatusCode::METHOD_NOT_ALLOWED,
        ),
    ];
    let invalid_fields = [
        (r#""","A","12345678""#, "empty email"),
        (r#""no-at-sign","A","12345678""#, "email without @"),
        (
            r#""ada@localhost","A","12345678""#,
            "email without a dot in the domain",
        ),
        (r#""a b@c.com","A","12345678""#, "email with a space"),
        (
            r#""'; DROP TABLE users; --@x.com","A","12345678""#,
            "SQL in the email",
        ),
        (
            r#""{\"$gt\": \"\"}","A","12345678""#,
            "a Mongo operator as email",
        ),
        (r#""a@b.co","   ","12345678""#, "blank name"),
        (r#""a\u0000@b.co","A","12345678""#, "U+0000 in the email"),
        (r#""a@b.co","A\u0000B","12345678""#, "U+0000 in the name"),
        (r#""a@b.co","A\nB","12345678""#, "a line break in the name"),
        (r#""a@b.co","A","short""#, "short password"),
    ];
    for (fields, _) in &invalid_fields {
        let parts: Vec<&str> = fields.splitn(3, ',').collect();
        let body = format!(
            r#"{{"email":{},"name":{},"password":{}}}"#,
            parts[0], parts[1], parts[2]
        );
        corpus.push((
            "invalid field",
            post_json(body),
            StatusCode::UNPROCESSABLE_ENTITY,
        ));
    }
    corpus.push((
        "long password",
        post_json(format!(
            r#"{{"email":"a@b.co","name":"A","password":"{long}"}}"#
        )),
        StatusCode::UNPROCESSABLE_ENTITY,
    ));
    let total = corpus.len();
    let mut server_errors = 0;
    for (what, request, expected) in corpus {
        let (status, content_type, body) = send(&app, request).await;
        if status.is_server_error() {
            server_errors += 1;
        }
        assert_eq!(status, expected, "{what}: {body}");
        assert_eq!(
            content_type.as_deref(),
            Some("application/problem+json"),
            "{what}: {body}"
        );
        let json: serde_json::Value = serde_json::from_str(&body)
            .unwrap_or_else(|e| panic!("{what}: not JSON ({e}): {body}"));
        assert_eq!(json["status"], status.as_u16(), "{what}: {body}");
        assert!(
            json["detail"].as_str().is_some_and(|d| !d.is_empty()),
            "{what}: {body}"
        );
    }
    assert_eq!(
        server_errors, 0,
        "{server_errors} of {total} bad requests got a 5xx"
    );
    assert_eq!(
        user_count(&app).await,
        0,
        "a refused request wrote something"
    );
}

/// A registration is normalised, stored, and read back without its password hash.
async fn register_then_read_back(app: Router) {
    let name = "Robert'); DROP TABLE users; --";
    let body =
        format!(r#"{{"email":" Bobby@Example.com ","name":"{name}","password":"correct horse"}}"#);
    let (status, _, created) = send(&app, post_json(body)).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let created: serde_json::Value = serde_json::from_str(&created).expect("JSON");
    assert_eq!(created["email"], "bobby@example.com");
    assert_eq!(
        created["name"], name,
        "a name that looks like SQL is stored as text"
    );
    assert!(created.get("password").is_none() && created.get("password_hash").is_none());
    let id = created["id"].as_str().expect("an id");
    let (status, _, fetched) = send(&app, get(&format!("/users/{id}"))).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        !fetched.contains("argon2"),
        "the hash must never leave the service: {fetched}"
    );
    let (status, _, again) = send(
        &app,
        post_json(r#"{"email":"bobby@example.com","name":"B","password":"12345678"}"#),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT, "{again}");
    assert_eq!(
        user_count(&app).await,
        1,
        "the refused duplicate wrote something"
    );
}

/// The API describes itself at `/openapi.json`, from the controller's types. The document is
/// pinned by a snapshot, so a change to the wire format shows up in review as a change to the
/// document; schemathesis (`patterns/layered/fuzz/schemathesis.sh`, run by CI) checks that the
/// running API keeps to it.
#[tokio::test]
async fn the_api_serves_its_openapi_document() {
    let app = sqlite().await;
    let (status, content_type, body) = send(&app, get("/openapi.json")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(content_type.as_deref(), Some("application/json"));
    let document: serde_json::Value = serde_json::from_str(&body).expect("JSON");
    let operations: Vec<String> = document["paths"]
        .as_object()
        .expect("paths")
        .iter()
        .flat_map(|(path, item)| {
            let methods = item.as_object().expect("a path item").keys();
            methods.map(move |method| format!("{} {path}", method.to_uppercase()))
        })
        .collect();
    assert_eq!(
        operations,
        ["GET /users", "POST /users", "GET /users/{id}"],
        "every route of routes.rs, and nothing else"
    );
    insta::assert_snapshot!(
        "openapi",
        serde_json::to_string_pretty(&document).expect("JSON")
    );
}
