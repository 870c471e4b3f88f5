//! Checks for exercise `clean5`: `exercises/clean/src/ex5_fat_handler.rs`.
//!
//! The rule is checked where it now lives, with no HTTP at all (the point of the refactoring);
//! the thin handler is checked through the router, against the fat one's answers.

// The helpers that send a request are part of the checks: a panic is the report we want.
#![allow(clippy::unwrap_used)]

// Graded: the solution (`cargo test`), the learner's file (feature `exercises`, `cargo learn`)
// or a known-wrong answer copied to wip/ (feature `wrong`, `cargo learn dev verify-wrong`).
#[cfg_attr(
    feature = "exercises",
    path = "../../exercises/clean/src/ex5_fat_handler.rs"
)]
#[cfg_attr(feature = "wrong", path = "wip/ex5_fat_handler.rs")]
#[cfg_attr(
    not(any(feature = "exercises", feature = "wrong")),
    path = "../../solutions/clean/src/ex5_fat_handler.rs"
)]
#[allow(unused)]
mod exercise;

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use exercise::{
    ChangeError, DomainError, Order, OrderStatus, OrderStore, Orders, Wanted, change_status,
    fat_router, router,
};
use serde_json::{Value, json};
use tower::ServiceExt;

// ---- the rule, with no HTTP ----

fn order(id: u64, status: OrderStatus) -> Order {
    Order::restore(id, "ada@example.com", status)
}

fn not_pending(id: u64, status: OrderStatus, wanted: &'static str) -> DomainError {
    DomainError::NotPending { id, status, wanted }
}

#[test]
fn a_pending_order_can_be_confirmed_or_cancelled() {
    let mut confirmed = order(1, OrderStatus::Pending);
    assert_eq!(
        confirmed.confirm(),
        Ok(()),
        "Order::confirm on a pending order should be Ok(())"
    );
    assert_eq!(
        confirmed.status(),
        OrderStatus::Confirmed,
        "Order::confirm on a pending order should make it confirmed"
    );
    let mut cancelled = order(2, OrderStatus::Pending);
    assert_eq!(
        cancelled.cancel(),
        Ok(()),
        "Order::cancel on a pending order should be Ok(())"
    );
    assert_eq!(
        cancelled.status(),
        OrderStatus::Cancelled,
        "Order::cancel on a pending order should make it cancelled"
    );
}

#[test]
fn an_order_that_is_not_pending_refuses_any_change_and_stays_as_it_was() {
    for status in [OrderStatus::Confirmed, OrderStatus::Cancelled] {
        let mut changed = order(7, status);
        assert_eq!(
            changed.confirm(),
            Err(not_pending(7, status, "confirmed")),
            "Order::confirm on a {status} order 7 should be refused with \
             DomainError::NotPending {{ id: 7, status: {status:?}, wanted: \"confirmed\" }}: the \
             rule lives in the domain now, not in the handler"
        );
        assert_eq!(
            changed,
            order(7, status),
            "Order::confirm refused on a {status} order should leave it exactly as it was"
        );
        assert_eq!(
            changed.cancel(),
            Err(not_pending(7, status, "cancelled")),
            "Order::cancel on a {status} order 7 should be refused with \
             DomainError::NotPending {{ id: 7, status: {status:?}, wanted: \"cancelled\" }}: the \
             rule lives in the domain now, not in the handler"
        );
        assert_eq!(
            changed,
            order(7, status),
            "Order::cancel refused on a {status} order should leave it exactly as it was"
        );
    }
}

/// A store that remembers every `save`.
#[derive(Default)]
struct Spy {
    orders: BTreeMap<u64, Order>,
    saved: Vec<Order>,
}

impl Spy {
    fn with(orders: &[Order]) -> Self {
        Self {
            orders: orders.iter().map(|o| (o.id(), o.clone())).collect(),
            saved: Vec::new(),
        }
    }
}

impl OrderStore for Spy {
    fn find(&self, id: u64) -> Option<Order> {
        self.orders.get(&id).cloned()
    }

    fn save(&mut self, order: &Order) {
        self.saved.push(order.clone());
        self.orders.insert(order.id(), order.clone());
    }
}

#[test]
fn change_status_changes_and_saves_a_pending_order_once() {
    for (wanted, status) in [
        (Wanted::Confirmed, OrderStatus::Confirmed),
        (Wanted::Cancelled, OrderStatus::Cancelled),
    ] {
        let mut store = Spy::with(&[
            order(1, OrderStatus::Pending),
            order(2, OrderStatus::Pending),
        ]);
        assert_eq!(
            change_status(&mut store, 1, wanted),
            Ok(order(1, status)),
            "change_status(store, 1, {wanted:?}) with order 1 pending should return order 1, now \
             {status}"
        );
        assert_eq!(
            store.saved,
            vec![order(1, status)],
            "change_status(store, 1, {wanted:?}) with order 1 pending should save order 1, now \
             {status}, exactly once (store.save)"
        );
    }
}

#[test]
fn change_status_of_an_unknown_order_is_not_found_and_saves_nothing() {
    let mut store = Spy::with(&[order(1, OrderStatus::Pending)]);
    assert_eq!(
        change_status(&mut store, 9, Wanted::Confirmed),
        Err(ChangeError::NotFound(9)),
        "change_status(store, 9, Confirmed) with no order 9 should be ChangeError::NotFound(9)"
    );
    assert!(
        store.saved.is_empty(),
        "change_status(store, 9, Confirmed) with no order 9 should save nothing, saved {:?}",
        store.saved
    );
}

#[test]
fn change_status_refused_by_the_rule_saves_nothing() {
    for status in [OrderStatus::Confirmed, OrderStatus::Cancelled] {
        for (wanted, word) in [
            (Wanted::Confirmed, "confirmed"),
            (Wanted::Cancelled, "cancelled"),
        ] {
            let mut store = Spy::with(&[order(3, status)]);
            assert_eq!(
                change_status(&mut store, 3, wanted),
                Err(ChangeError::Rule(not_pending(3, status, word))),
                "change_status(store, 3, {wanted:?}) with order 3 {status} should be refused with \
                 ChangeError::Rule(NotPending {{ id: 3, status: {status:?}, wanted: {word:?} }}): \
                 the use case asks the order (Order::{}), which keeps the rule",
                if word == "confirmed" {
                    "confirm"
                } else {
                    "cancel"
                }
            );
            assert!(
                store.saved.is_empty(),
                "change_status(store, 3, {wanted:?}) with order 3 {status} is refused, so it \
                 should save nothing; saved {:?}",
                store.saved
            );
        }
    }
}

// ---- the thin handler, through the router ----

/// Three orders: 1 pending, 2 confirmed, 3 cancelled.
fn seeded() -> Orders {
    let orders = [
        Order::restore(1, "ada@example.com", OrderStatus::Pending),
        Order::restore(2, "grace@example.com", OrderStatus::Confirmed),
        Order::restore(3, "alan@example.com", OrderStatus::Cancelled),
    ];
    Arc::new(Mutex::new(
        orders.into_iter().map(|o| (o.id(), o)).collect(),
    ))
}

fn snapshot(orders: &Orders) -> BTreeMap<u64, Order> {
    orders.lock().unwrap().clone()
}

/// One request: the path, the body, and whether it says `Content-Type: application/json`.
struct Sent {
    uri: &'static str,
    body: &'static str,
    json: bool,
}

impl std::fmt::Display for Sent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let content_type = if self.json {
            " (application/json)"
        } else {
            " (no Content-Type)"
        };
        write!(f, "PATCH {} {:?}{content_type}", self.uri, self.body)
    }
}

fn sent(uri: &'static str, body: &'static str) -> Sent {
    Sent {
        uri,
        body,
        json: true,
    }
}

/// What came back: the status, the content type and the body as JSON.
#[derive(Debug, PartialEq)]
struct Answer {
    status: StatusCode,
    content_type: String,
    body: Value,
}

async fn send(app: Router, request: &Sent) -> Answer {
    let mut builder = Request::builder().method(Method::PATCH).uri(request.uri);
    if request.json {
        builder = builder.header(header::CONTENT_TYPE, "application/json");
    }
    let response = app
        .oneshot(builder.body(Body::from(request.body)).unwrap())
        .await
        .unwrap();
    let status = response.status();
    let content_type = response
        .headers()
        .get(header::CONTENT_TYPE)
        .map(|value| value.to_str().unwrap().to_owned())
        .unwrap_or_default();
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .unwrap();
    let body = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    Answer {
        status,
        content_type,
        body,
    }
}

/// Requests that change an order, or are refused by the rule or for an unknown order.
fn good_requests() -> Vec<Sent> {
    vec![
        sent("/orders/1", r#"{"status": "confirmed"}"#),
        sent("/orders/1", r#"{"status": "cancelled"}"#),
        sent("/orders/2", r#"{"status": "confirmed"}"#),
        sent("/orders/2", r#"{"status": "cancelled"}"#),
        sent("/orders/3", r#"{"status": "confirmed"}"#),
        sent("/orders/3", r#"{"status": "cancelled"}"#),
        sent("/orders/9", r#"{"status": "confirmed"}"#),
    ]
}

/// Requests a client got wrong.
fn bad_requests() -> Vec<Sent> {
    vec![
        sent("/orders/abc", r#"{"status": "confirmed"}"#),
        sent("/orders/-1", r#"{"status": "cancelled"}"#),
        sent("/orders/1", r#"{"status": "#),
        sent("/orders/1", ""),
        sent("/orders/1", r#"{"status": "shipped"}"#),
        sent("/orders/1", r#"{"status": "pending"}"#),
        sent("/orders/1", "{}"),
        sent("/orders/1", r#"{"status": "confirmed", "by": "bob"}"#),
        sent("/orders/1", r#""confirmed""#),
        Sent {
            uri: "/orders/1",
            body: r#"{"status": "confirmed"}"#,
            json: false,
        },
    ]
}

#[tokio::test]
async fn the_thin_handler_answers_what_the_fat_one_answered() {
    for request in good_requests().iter().chain(&bad_requests()) {
        let before = seeded();
        let after = seeded();
        let fat = send(fat_router(before.clone()), request).await;
        let thin = send(router(after.clone()), request).await;
        assert_eq!(
            thin, fat,
            "{request} with orders 1 pending, 2 confirmed, 3 cancelled: the thin handler (left) \
             should answer exactly what the fat handler answered (right), status, content type \
             and body: the refactoring changes nothing a client sees"
        );
        assert_eq!(
            snapshot(&after),
            snapshot(&before),
            "{request} with orders 1 pending, 2 confirmed, 3 cancelled: the orders after the thin \
             handler (left) should be what they were after the fat one (right)"
        );
    }
}

#[tokio::test]
async fn the_thin_handler_keeps_a_change_and_refuses_the_next() {
    let orders = seeded();
    let confirm = sent("/orders/1", r#"{"status": "confirmed"}"#);
    let answer = send(router(orders.clone()), &confirm).await;
    assert_eq!(
        (answer.status, answer.body),
        (
            StatusCode::OK,
            json!({"id": 1, "customer": "ada@example.com", "status": "confirmed"})
        ),
        "{confirm} with order 1 pending: 200 with the confirmed order"
    );
    assert_eq!(
        snapshot(&orders)[&1].status(),
        OrderStatus::Confirmed,
        "after {confirm} with order 1 pending, the shared orders should hold order 1 confirmed \
         (the use case saves it)"
    );
    let cancel = sent("/orders/1", r#"{"status": "cancelled"}"#);
    let answer = send(router(orders.clone()), &cancel).await;
    assert_eq!(
        answer,
        Answer {
            status: StatusCode::CONFLICT,
            content_type: "application/problem+json".into(),
            body: json!({
                "type": "about:blank",
                "title": "Conflict",
                "status": 409,
                "detail": "order 1 is confirmed: only a pending order can be cancelled",
            }),
        },
        "{cancel} once order 1 is confirmed: ChangeError::Rule is a 409 problem+json with the \
         error's message as the detail"
    );
    assert_eq!(
        snapshot(&orders)[&1].status(),
        OrderStatus::Confirmed,
        "after the refused {cancel}, order 1 should still be confirmed"
    );
    let unknown = sent("/orders/9", r#"{"status": "cancelled"}"#);
    let answer = send(router(orders.clone()), &unknown).await;
    assert_eq!(
        (
            answer.status,
            answer.content_type.as_str(),
            &answer.body["detail"]
        ),
        (
            StatusCode::NOT_FOUND,
            "application/problem+json",
            &json!("no order 9")
        ),
        "{unknown} with no order 9: ChangeError::NotFound is a 404 problem+json, detail \"no \
         order 9\""
    );
}

#[tokio::test]
async fn bad_input_is_a_4xx_problem_and_changes_nothing() {
    for request in bad_requests() {
        let orders = seeded();
        let answer = send(router(orders.clone()), &request).await;
        assert!(
            answer.status.is_client_error(),
            "{request}: what a client sent wrong is a 4xx, never a {}",
            answer.status
        );
        assert_eq!(
            answer.content_type, "application/problem+json",
            "{request}: a refusal should be a Problem (application/problem+json), not axum's \
             plain-text rejection"
        );
        assert_eq!(
            answer.body["status"],
            json!(answer.status.as_u16()),
            "{request}: the problem's \"status\" should be the response's status"
        );
        assert_eq!(
            snapshot(&orders),
            snapshot(&seeded()),
            "{request}: a refused request should change no order"
        );
    }
}
