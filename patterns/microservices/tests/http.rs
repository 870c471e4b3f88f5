//! Bad input at the gateway gets a 4xx with a problem+json body that says what is wrong, never a
//! 5xx, and writes nothing. Auth, orders and the gateway run in this process, each served as
//! the binaries serve it (`service::serve`, with `/health`, `/ready` and the fallbacks).

mod common;

use microservices::gateway::{self, Gateway};

/// The gateway's URL, and a user signed up through it.
async fn gateway() -> (reqwest::Client, String, common::Client) {
    let http = common::http();
    let key = microservices::tokens::SigningKey::generate().expect("a key");
    let (auth_url, orders_url) = common::auth_and_orders(key).await;
    let config = gateway::Config {
        auth_url,
        orders_urls: vec![orders_url],
        notifications_url: "http://127.0.0.1:9".into(),
        policy: Default::default(),
    };
    let gateway_url = common::serve(
        "gateway",
        gateway::router(Gateway::new(&config, http.clone())),
    )
    .await;
    let ada = common::Client::sign_up(&gateway_url, "ada@example.com").await;
    (http, gateway_url, ada)
}

/// Sends `request`; asserts a 4xx problem+json with a detail; returns the status.
async fn problem(request: reqwest::RequestBuilder, what: &str) -> u16 {
    let response = request.send().await.expect("an answer");
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let body: serde_json::Value = response.json().await.unwrap_or_default();
    assert!(
        (400..500).contains(&status),
        "{what}: a 4xx, not {status}: {body}"
    );
    assert_eq!(content_type, "application/problem+json", "{what}");
    assert_eq!(body["status"], status, "{what}: {body}");
    assert!(
        body["detail"].as_str().is_some_and(|d| !d.is_empty()),
        "{what}: the body says why: {body}"
    );
    status
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_input_gets_a_4xx_problem_and_writes_nothing() {
    let (http, api, ada) = gateway().await;
    let token = &ada.token;
    let orders = |http: &reqwest::Client| http.post(format!("{api}/api/orders")).bearer_auth(token);
    let cases: Vec<(&str, reqwest::RequestBuilder, u16)> =
        vec![
        ("an unknown path", http.get(format!("{api}/nope")), 404),
        ("a method the path does not take", http.delete(format!("{api}/api/orders")), 405),
        (
            "a body that is not JSON",
            http.post(format!("{api}/api/users")).body("not json"),
            400,
        ),
        (
            "JSON of the wrong shape",
            http.post(format!("{api}/api/users"))
                .json(&serde_json::json!({"email": 5})),
            422,
        ),
        (
            "a password too short",
            http.post(format!("{api}/api/users"))
                .json(&serde_json::json!({"email": "bob@example.com", "password": "short"})),
            422,
        ),
        (
            "a taken email",
            http.post(format!("{api}/api/users")).json(
                &serde_json::json!({"email": "ada@example.com", "password": "another password"}),
            ),
            409,
        ),
        (
            "a wrong password",
            http.post(format!("{api}/api/sessions")).json(
                &serde_json::json!({"email": "ada@example.com", "password": "not the password"}),
            ),
            401,
        ),
        (
            "an order without a token",
            http.post(format!("{api}/api/orders"))
                .json(&serde_json::json!({"item": "a pen", "quantity": 1})),
            401,
        ),
        (
            "an order without an Idempotency-Key",
            orders(&http).json(&serde_json::json!({"item": "a pen", "quantity": 1})),
            400,
        ),
        (
            "an order of 0",
            orders(&http)
                .header("idempotency-key", "k-0")
                .json(&serde_json::json!({"item": "a pen", "quantity": 0})),
            422,
        ),
        (
            "an order with an unknown field",
            orders(&http)
                .header("idempotency-key", "k-1")
                .json(&serde_json::json!({"item": "a pen", "quantity": 1, "price": 0})),
            422,
        ),
    ];
    for (what, request, expected) in cases {
        assert_eq!(problem(request, what).await, expected, "{what}");
    }
    let (_, _, listed) = ada.get("orders").await;
    assert_eq!(
        listed["orders"].as_array().map(Vec::len),
        Some(0),
        "no bad order wrote anything: {listed}"
    );

    let first = orders(&http)
        .header("idempotency-key", "k-2")
        .json(&serde_json::json!({"item": "a pen", "quantity": 1}))
        .send()
        .await
        .expect("an answer");
    assert_eq!(first.status().as_u16(), 201);
    let reused = orders(&http)
        .header("idempotency-key", "k-2")
        .json(&serde_json::json!({"item": "a lamp", "quantity": 3}));
    assert_eq!(
        problem(reused, "an Idempotency-Key reused for another order").await,
        422
    );
}
