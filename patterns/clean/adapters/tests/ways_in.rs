//! The two ways in, from the outside: the HTTP API (requests straight into the router, no
//! network) and the command line (arguments in, text and an exit code out), both on a store in
//! memory. Bad input gets a clear 4xx in JSON or a clear message and exit code 2; never a
//! 5xx, and nothing is written.

// Helpers outside the #[test] functions: a panic with the error is the report we want.
#![allow(clippy::unwrap_used)]

use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use clean_adapters::memory::MemoryStore;
use clean_adapters::notify::FactoryNotifier;
use clean_adapters::{FixedClock, SequentialIds, cli, http};
use clean_app::{App, Ports};
use clean_domain::ProductId;
use tower::ServiceExt;

struct Test;

impl Ports for Test {
    type Store = MemoryStore;
    type Notifier = FactoryNotifier<factory::ConsoleNotifier>;
    type Clock = FixedClock;
    type Ids = SequentialIds;
}

async fn app() -> Arc<App<Test>> {
    let store = MemoryStore::new();
    for (product, available) in [("keyboard", 5), ("monitor", 2)] {
        store
            .add_product(&ProductId::parse(product).unwrap(), available)
            .await;
    }
    Arc::new(App::new(
        store,
        FactoryNotifier::new(factory::ConsoleNotifier),
        FixedClock::at(0),
        SequentialIds::default(),
    ))
}

async fn send(router: &Router, request: Request<Body>) -> (StatusCode, Option<String>, String) {
    let response = router.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let content_type = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .unwrap();
    (
        status,
        content_type,
        String::from_utf8_lossy(&bytes).into_owned(),
    )
}

fn post_json(path: &str, body: impl Into<String>) -> Request<Body> {
    Request::post(path)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body.into()))
        .unwrap()
}

fn get(path: &str) -> Request<Body> {
    Request::get(path).body(Body::empty()).unwrap()
}

async fn stock(app: &App<Test>) -> (u32, u32) {
    (
        app.stock.execute("keyboard").await.unwrap(),
        app.stock.execute("monitor").await.unwrap(),
    )
}

#[tokio::test]
async fn http_bad_input_gets_a_json_4xx_never_a_5xx_and_writes_nothing() {
    let app = app().await;
    let router = http::router(Arc::clone(&app));
    let order = |lines: &str| format!(r#"{{"customer":"ada@example.com","lines":[{lines}]}}"#);
    let huge = order(&format!(
        r#"{{"product":"{}","quantity":1}}"#,
        "x".repeat(20_000)
    ));
    let corpus: Vec<(&str, Request<Body>, StatusCode)> = vec![
        (
            "malformed JSON",
            post_json("/orders", r#"{"customer": "#),
            StatusCode::BAD_REQUEST,
        ),
        (
            "not JSON at all",
            post_json("/orders", "customer=ada"),
            StatusCode::BAD_REQUEST,
        ),
        (
            "no content type",
            Request::post("/orders")
                .body(Body::from(order("")))
                .unwrap(),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ),
        (
            "missing lines",
            post_json("/orders", r#"{"customer":"a@b.co"}"#),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            "unknown field",
            post_json(
                "/orders",
                r#"{"customer":"a@b.co","lines":[],"discount":100}"#,
            ),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            "wrong types",
            post_json("/orders", r#"{"customer":5,"lines":"all"}"#),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            "oversized body",
            post_json("/orders", huge),
            StatusCode::PAYLOAD_TOO_LARGE,
        ),
        (
            "no lines",
            post_json("/orders", order("")),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            "zero quantity",
            post_json("/orders", order(r#"{"product":"keyboard","quantity":0}"#)),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            "negative quantity",
            post_json("/orders", order(r#"{"product":"keyboard","quantity":-3}"#)),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            "a quantity past i64",
            post_json(
                "/orders",
                order(r#"{"product":"keyboard","quantity":99999999999999999999}"#),
            ),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            "SQL as a product",
            post_json(
                "/orders",
                order(r#"{"product":"'; DROP TABLE orders; --","quantity":1}"#),
            ),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            "U+0000 in the customer",
            post_json(
                "/orders",
                r#"{"customer":"a\u0000@b.co","lines":[{"product":"keyboard","quantity":1}]}"#,
            ),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            "unknown product",
            post_json(
                "/orders",
                order(
                    r#"{"product":"keyboard","quantity":1},{"product":"trackball","quantity":1}"#,
                ),
            ),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            "more than in stock",
            post_json(
                "/orders",
                order(r#"{"product":"keyboard","quantity":1},{"product":"monitor","quantity":3}"#),
            ),
            StatusCode::CONFLICT,
        ),
        (
            "unknown order",
            get("/orders/order-42"),
            StatusCode::NOT_FOUND,
        ),
        (
            "not an order id",
            get("/orders/a%00b"),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            "confirm nobody",
            post_json("/orders/order-42/confirm", ""),
            StatusCode::NOT_FOUND,
        ),
        (
            "unknown product's stock",
            get("/stock/trackball"),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        ("unknown route", get("/admin"), StatusCode::NOT_FOUND),
        (
            "an id that is not UTF-8",
            get("/orders/%FF"),
            StatusCode::BAD_REQUEST,
        ),
        (
            "a product that is not UTF-8",
            get("/stock/%C3%28"),
            StatusCode::BAD_REQUEST,
        ),
        (
            "wrong method",
            Request::delete("/orders").body(Body::empty()).unwrap(),
            StatusCode::METHOD_NOT_ALLOWED,
        ),
    ];
    for (what, request, expected) in corpus {
        let (status, content_type, body) = send(&router, request).await;
        assert_eq!(status, expected, "{what}: {body}");
        assert_eq!(
            content_type.as_deref(),
            Some("application/problem+json"),
            "{what}"
        );
        let json: serde_json::Value = serde_json::from_str(&body)
            .unwrap_or_else(|e| panic!("{what}: not JSON ({e}): {body}"));
        assert_eq!(json["status"], status.as_u16(), "{what}: {body}");
        assert!(
            json["detail"].as_str().is_some_and(|d| !d.is_empty()),
            "{what}: {body}"
        );
    }
    assert_eq!(stock(&app).await, (5, 2), "a refused request took stock");
    for n in 1..=30 {
        assert!(
            app.get.execute(&format!("order-{n}")).await.is_err(),
            "order-{n} was kept"
        );
    }
}

#[tokio::test]
async fn http_places_confirms_and_refuses_to_change_a_confirmed_order() {
    let app = app().await;
    let router = http::router(Arc::clone(&app));
    let (status, _, body) = send(
        &router,
        post_json(
            "/orders",
            r#"{"customer":"ada@example.com","lines":[{"product":"monitor","quantity":1}]}"#,
        ),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let placed: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(placed["id"], "order-1");
    assert_eq!(placed["status"], "pending");
    let (status, _, body) = send(&router, post_json("/orders/order-1/confirm", "")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let confirmed: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(confirmed["order"]["status"], "confirmed");
    assert_eq!(confirmed["notified"], true);
    let (status, _, body) = send(&router, post_json("/orders/order-1/cancel", "")).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert!(
        body.contains("only a pending order can be cancelled"),
        "{body}"
    );
    assert_eq!(stock(&app).await, (5, 1));
}

/// Runs the command line; returns what it printed (stdout, then stderr) and its exit code.
/// Answers go to stdout, errors to stderr, and never both.
async fn orders(app: &App<Test>, args: &[&str]) -> (String, u8) {
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let argv = std::iter::once("orders").chain(args.iter().copied());
    let code = cli::run(app, argv, &mut out, &mut err).await;
    assert!(out.is_empty() || err.is_empty(), "{args:?} wrote to both");
    assert_eq!(
        code == 0,
        err.is_empty(),
        "{args:?}: errors, and only errors, go to stderr"
    );
    out.extend(err);
    (String::from_utf8(out).unwrap(), code)
}

#[tokio::test]
async fn the_command_line_drives_the_same_use_cases() {
    let app = app().await;
    let (out, code) = orders(
        &app,
        &[
            "place",
            "--customer",
            "ada@example.com",
            "--line",
            "keyboard=2",
            "--line",
            "monitor=1",
        ],
    )
    .await;
    assert_eq!(
        (out.as_str(), code),
        (
            "order order-1 placed for ada@example.com: 2 x keyboard, 1 x monitor\n",
            0
        )
    );
    assert_eq!(stock(&app).await, (3, 1));
    let (out, code) = orders(&app, &["confirm", "order-1"]).await;
    assert_eq!(code, 0, "{out}");
    assert!(
        out.starts_with("order order-1 confirmed") && out.contains("ada@example.com was told"),
        "{out}"
    );
    let (out, code) = orders(&app, &["cancel", "order-1"]).await;
    assert_eq!(code, 1, "a refusal is exit code 1: {out}");
    assert_eq!(
        out,
        "error: order order-1 is confirmed: only a pending order can be cancelled\n"
    );
    let (out, code) = orders(
        &app,
        &[
            "place",
            "--customer",
            "ada@example.com",
            "--line",
            "monitor=2",
        ],
    )
    .await;
    assert_eq!(
        (out.as_str(), code),
        ("error: not enough monitor in stock: 2 wanted, 1 left\n", 1)
    );
    assert_eq!(
        orders(&app, &["stock", "monitor"]).await,
        ("1 monitor in stock\n".to_owned(), 0)
    );
}

#[tokio::test]
async fn bad_command_lines_get_a_clear_message_and_exit_code_2_and_write_nothing() {
    let app = app().await;
    for (args, expected) in [
        (
            &["place", "--customer", "ada@example.com"][..],
            "--line <PRODUCT=QUANTITY>",
        ),
        (
            &[
                "place",
                "--customer",
                "ada@example.com",
                "--line",
                "keyboard",
            ],
            "is not PRODUCT=QUANTITY",
        ),
        (
            &[
                "place",
                "--customer",
                "ada@example.com",
                "--line",
                "keyboard=two",
            ],
            "is not a whole number",
        ),
        (
            &[
                "place",
                "--customer",
                "ada@example.com",
                "--line",
                "keyboard=0",
            ],
            "0 is not a quantity: 1 to 100",
        ),
        (
            &["place", "--customer", "nobody", "--line", "keyboard=1"],
            "not an email address",
        ),
        (
            &[
                "place",
                "--customer",
                "a@b.co",
                "--line",
                "keyboard=1",
                "--line",
                "keyboard=1",
            ],
            "ordered on two lines",
        ),
        (&["ship", "order-1"], "unrecognized subcommand 'ship'"),
        (&["confirm"], "<ID>"),
        (&[], "Usage: orders <COMMAND>"),
    ] {
        let (out, code) = orders(&app, args).await;
        assert_eq!(code, 2, "{args:?}: {out}");
        assert!(
            out.contains(expected),
            "{args:?} should say {expected:?}, said: {out}"
        );
    }
    let (out, code) = orders(&app, &["--help"]).await;
    assert_eq!(code, 0, "asking for help is not an error");
    assert!(out.contains("place") && out.contains("confirm"), "{out}");
    assert_eq!(stock(&app).await, (5, 2), "nothing was written");
}
