//! Checks for exercise `microservices5`: `exercises/microservices/src/ex5_own_data.rs`.
//!
//! A stand-in for auth's API records every call (the ids it was asked for), refuses calls
//! with too many ids as the real one does, and can be down.
#![allow(clippy::unwrap_used)]

// Graded: the solution (`cargo test`), the learner's file (feature `exercises`, `cargo learn`)
// or a known-wrong answer copied to wip/ (feature `wrong`, `cargo learn dev verify-wrong`).
#[cfg_attr(
    feature = "exercises",
    path = "../../exercises/microservices/src/ex5_own_data.rs"
)]
#[cfg_attr(feature = "wrong", path = "wip/ex5_own_data.rs")]
#[cfg_attr(
    not(any(feature = "exercises", feature = "wrong")),
    path = "../../solutions/microservices/src/ex5_own_data.rs"
)]
#[allow(unused)]
mod exercise;

use std::collections::{BTreeSet, HashMap};
use std::sync::Mutex;

use exercise::{ApiError, MAX_IDS, Order, ReportError, ReportLine, UsersApi, report};

/// Auth's API: users `u-0` to `u-999` exist, except those in `deleted`.
#[derive(Default)]
struct Auth {
    deleted: BTreeSet<String>,
    down: bool,
    calls: Mutex<Vec<Vec<String>>>,
}

impl UsersApi for Auth {
    async fn emails(&self, ids: &[String]) -> Result<HashMap<String, String>, ApiError> {
        self.calls.lock().unwrap().push(ids.to_vec());
        if self.down {
            return Err(ApiError::Unavailable);
        }
        if ids.len() > MAX_IDS {
            return Err(ApiError::TooMany);
        }
        Ok(ids
            .iter()
            .filter(|id| !self.deleted.contains(*id))
            .map(|id| (id.clone(), format!("{id}@example.com")))
            .collect())
    }
}

impl Auth {
    fn calls(&self) -> Vec<Vec<String>> {
        self.calls.lock().unwrap().clone()
    }
}

/// `count` orders, of users `u-0` .. `u-{users - 1}` in turn.
fn orders(count: usize, users: usize) -> Vec<Order> {
    (0..count)
        .map(|n| Order {
            id: format!("o-{n}"),
            user_id: format!("u-{}", n % users),
            item: format!("item {n}"),
        })
        .collect()
}

#[tokio::test]
async fn every_order_gets_its_line_with_its_user_s_email() {
    let auth = Auth::default();
    let got = report(&orders(3, 2), &auth)
        .await
        .expect("3 orders of 2 users: a report");
    assert_eq!(
        got,
        [
            ReportLine {
                order_id: "o-0".into(),
                item: "item 0".into(),
                email: Some("u-0@example.com".into())
            },
            ReportLine {
                order_id: "o-1".into(),
                item: "item 1".into(),
                email: Some("u-1@example.com".into())
            },
            ReportLine {
                order_id: "o-2".into(),
                item: "item 2".into(),
                email: Some("u-0@example.com".into())
            },
        ],
        "orders o-0 (u-0), o-1 (u-1), o-2 (u-0): one line each, in order"
    );
}

#[tokio::test]
async fn each_user_is_asked_for_once_in_as_few_calls_as_possible() {
    let auth = Auth::default();
    report(&orders(200, 30), &auth)
        .await
        .expect("200 orders of 30 users: a report");
    let calls = auth.calls();
    assert_eq!(
        calls.len(),
        1,
        "200 orders of 30 users: one call (not one per order), not {}",
        calls.len()
    );
    let asked: Vec<&String> = calls.iter().flatten().collect();
    let distinct: BTreeSet<&String> = asked.iter().copied().collect();
    assert_eq!(
        (asked.len(), distinct.len()),
        (30, 30),
        "each of the 30 users asked for once"
    );
}

#[tokio::test]
async fn more_users_than_one_call_takes_are_asked_for_in_batches() {
    let auth = Auth::default();
    let got = report(&orders(500, 100), &auth).await;
    assert!(
        got.as_ref().is_ok_and(|lines| lines.len() == 500),
        "500 orders of 100 users: 500 lines, not {got:?}"
    );
    let calls = auth.calls();
    assert_eq!(
        calls.len(),
        2,
        "100 users, at most {MAX_IDS} a call: 2 calls, not {}",
        calls.len()
    );
    assert!(
        calls.iter().all(|ids| ids.len() <= MAX_IDS),
        "no call with more than {MAX_IDS} ids: {:?}",
        calls.iter().map(Vec::len).collect::<Vec<_>>()
    );
    let asked: BTreeSet<&String> = calls.iter().flatten().collect();
    assert_eq!(asked.len(), 100, "every one of the 100 users asked for");
}

#[tokio::test]
async fn an_order_of_a_user_auth_no_longer_has_keeps_its_line() {
    let auth = Auth {
        deleted: BTreeSet::from(["u-1".to_owned()]),
        ..Auth::default()
    };
    let got = report(&orders(3, 3), &auth)
        .await
        .expect("orders o-0 (u-0), o-1 (u-1, deleted), o-2 (u-2): a report");
    assert_eq!(
        got.len(),
        3,
        "three orders, three lines, a deleted user's included"
    );
    assert_eq!(got[1].order_id, "o-1", "the lines in the orders' order");
    assert_eq!(
        got[1].email, None,
        "u-1 was deleted: no email, the line kept"
    );
    assert_eq!(
        got[2].email.as_deref(),
        Some("u-2@example.com"),
        "o-2's user u-2 is still there"
    );
}

#[tokio::test]
async fn an_unavailable_api_fails_the_report() {
    let auth = Auth {
        down: true,
        ..Auth::default()
    };
    assert_eq!(
        report(&orders(3, 2), &auth).await,
        Err(ReportError::UsersUnavailable(ApiError::Unavailable)),
        "auth is down: the report fails, rather than showing every user as gone"
    );
}

#[tokio::test]
async fn no_orders_no_call() {
    let auth = Auth::default();
    assert_eq!(
        report(&[], &auth).await,
        Ok(vec![]),
        "no orders: an empty report"
    );
    assert!(auth.calls().is_empty(), "nothing to ask: no call to auth");
}
