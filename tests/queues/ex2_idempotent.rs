//! Checks for exercise `queues2`: `exercises/queues/src/ex2_idempotent.rs`.
//!
//! Each check applies `paymentReceived` messages to the given in-memory database, as the
//! broker would deliver them: once, twice, two at the same moment, or into a credit that fails;
//! then it looks at what the database kept.
#![allow(clippy::unwrap_used)]

// Graded: the solution (`cargo test`), the learner's file (feature `exercises`, `cargo learn`)
// or a known-wrong answer copied to wip/ (feature `wrong`, `cargo learn dev verify-wrong`).
#[cfg_attr(
    feature = "exercises",
    path = "../../exercises/queues/src/ex2_idempotent.rs"
)]
#[cfg_attr(feature = "wrong", path = "wip/ex2_idempotent.rs")]
#[cfg_attr(
    not(any(feature = "exercises", feature = "wrong")),
    path = "../../solutions/queues/src/ex2_idempotent.rs"
)]
#[allow(unused)]
mod exercise;

use std::collections::{BTreeMap, BTreeSet};

use exercise::{Applied, ApplyError, Database, DbError, Tables, apply_once};
use queues::Message;

fn payment(account: &str, cents: i64) -> Message {
    Message::new(format!(r#"{{"account":"{account}","cents":{cents}}}"#))
}

/// A database with these accounts open, at 0.
async fn database_with(accounts: &[&str]) -> Database {
    let db = Database::new();
    db.transaction(|tables| {
        for account in accounts {
            tables.open(account);
        }
        Ok::<_, DbError>(())
    })
    .await
    .unwrap();
    db
}

fn balance(db: &Database, account: &str) -> Option<i64> {
    db.snapshot().balances.get(account).copied()
}

fn ids(messages: &[&Message]) -> BTreeSet<String> {
    messages.iter().map(|m| m.id.clone()).collect()
}

#[tokio::test]
async fn a_payment_is_credited_once_however_often_it_comes() {
    let db = database_with(&["ada"]).await;
    let pay = payment("ada", 1000);
    assert_eq!(
        apply_once(&db, &pay).await,
        Ok(Applied::Done),
        "the first delivery of a payment of 1000 to ada should be Ok(Applied::Done)"
    );
    for delivery in ["second", "third"] {
        assert_eq!(
            apply_once(&db, &pay).await,
            Ok(Applied::AlreadyDone),
            "the {delivery} delivery of the same message (same id) should be \
             Ok(Applied::AlreadyDone)"
        );
    }
    assert_eq!(
        balance(&db, "ada"),
        Some(1000),
        "one payment of 1000 delivered three times should credit ada 1000, once"
    );
    assert_eq!(
        db.snapshot().inbox,
        ids(&[&pay]),
        "the inbox should hold the applied message's id, once"
    );
}

#[tokio::test]
async fn two_payments_with_the_same_body_are_both_credited() {
    let db = database_with(&["ada"]).await;
    let (first, second) = (payment("ada", 1000), payment("ada", 1000));
    for (which, message) in [("first", &first), ("second", &second)] {
        assert_eq!(
            apply_once(&db, message).await,
            Ok(Applied::Done),
            "the {which} of two payments of 1000 to ada (same body, different ids) should be \
             Ok(Applied::Done): dedupe by message id, not by body"
        );
    }
    assert_eq!(
        balance(&db, "ada"),
        Some(2000),
        "two payments of 1000 to ada are two payments: ada should have 2000"
    );
    assert_eq!(
        db.snapshot().inbox,
        ids(&[&first, &second]),
        "the inbox should hold both messages' ids"
    );
}

#[tokio::test]
async fn two_deliveries_at_the_same_time_credit_once() {
    let db = database_with(&["ada"]).await;
    let pay = payment("ada", 1000);
    // The first consumer looked dead; the broker handed the message to a second one while the
    // first was still working on it.
    let (one, other) = tokio::join!(apply_once(&db, &pay), apply_once(&db, &pay));
    let mut outcomes = [one.clone(), other.clone()];
    outcomes.sort_by_key(|outcome| format!("{outcome:?}"));
    assert_eq!(
        outcomes,
        [Ok(Applied::AlreadyDone), Ok(Applied::Done)],
        "two deliveries of the same message running at the same time should give one \
         Applied::Done and one Applied::AlreadyDone, got {one:?} and {other:?}: decide \
         \"already done?\" inside the transaction that credits"
    );
    assert_eq!(
        balance(&db, "ada"),
        Some(1000),
        "two deliveries of one payment of 1000 at the same time should credit ada 1000, once"
    );
}

#[tokio::test]
async fn a_failed_credit_keeps_nothing_and_the_retry_applies() {
    let db = database_with(&["ada"]).await;
    let pay = payment("bob", 500);
    assert_eq!(
        apply_once(&db, &pay).await,
        Err(ApplyError::Db(DbError::NoSuchAccount("bob".to_owned()))),
        "a payment to bob, whose account is not open, should be \
         Err(ApplyError::Db(DbError::NoSuchAccount(\"bob\")))"
    );
    assert_eq!(
        db.snapshot(),
        Tables {
            inbox: BTreeSet::new(),
            balances: BTreeMap::from([("ada".to_owned(), 0)]),
        },
        "a credit that failed must keep nothing: not even the message id in the inbox, or its \
         next delivery would be skipped and bob's payment lost"
    );
    db.transaction(|tables| {
        tables.open("bob");
        Ok::<_, DbError>(())
    })
    .await
    .unwrap();
    assert_eq!(
        apply_once(&db, &pay).await,
        Ok(Applied::Done),
        "once bob's account is open, the payment's next delivery should be Ok(Applied::Done)"
    );
    assert_eq!(
        balance(&db, "bob"),
        Some(500),
        "the redelivered payment of 500 should be credited to bob"
    );
}

#[tokio::test]
async fn a_bad_body_writes_nothing() {
    let db = database_with(&["ada"]).await;
    let before = db.snapshot();
    let bad = Message::new("ten euros for ada");
    let result = apply_once(&db, &bad).await;
    assert!(
        matches!(result, Err(ApplyError::BadBody(_))),
        "a body \"ten euros for ada\" is not a JSON paymentReceived: apply_once should be \
         Err(ApplyError::BadBody(..)), got {result:?}"
    );
    assert_eq!(
        db.snapshot(),
        before,
        "a body that is not a paymentReceived should write nothing, not even its id"
    );
}
