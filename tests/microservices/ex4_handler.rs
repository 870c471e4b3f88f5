//! Checks for exercise `microservices4`: `exercises/microservices/src/ex4_handler.rs`.
//!
//! Each check hands `handle` records as the bus delivers them (again after a restart,
//! republished at a later position, while auth or the mail server is down) and looks at the
//! emails sent, the calls made to auth, and what the database kept.
#![allow(clippy::unwrap_used)]

// Graded: the solution (`cargo test`), the learner's file (feature `exercises`, `cargo learn`)
// or a known-wrong answer copied to wip/ (feature `wrong`, `cargo learn dev verify-wrong`).
#[cfg_attr(
    feature = "exercises",
    path = "../../exercises/microservices/src/ex4_handler.rs"
)]
#[cfg_attr(feature = "wrong", path = "wip/ex4_handler.rs")]
#[cfg_attr(
    not(any(feature = "exercises", feature = "wrong")),
    path = "../../solutions/microservices/src/ex4_handler.rs"
)]
#[allow(unused)]
mod exercise;

use std::collections::BTreeSet;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use exercise::{
    Database, Directory, Envelope, HandleError, Handled, MailError, Mailer, Record, Sent,
    Unavailable, handle,
};
use serde_json::json;

/// Auth's API: ada is known, anyone else is not; it can be down. Counts the calls.
#[derive(Default)]
struct Auth {
    down: AtomicBool,
    calls: AtomicUsize,
}

impl Directory for Auth {
    async fn email_of(&self, user_id: &str) -> Result<Option<String>, Unavailable> {
        self.calls.fetch_add(1, Ordering::SeqCst);
        if self.down.load(Ordering::SeqCst) {
            return Err(Unavailable);
        }
        Ok((user_id == "u-ada").then(|| "ada@example.com".to_owned()))
    }
}

/// The mail server: keeps what it was sent; it can refuse.
#[derive(Default)]
struct Outbox {
    refusing: AtomicBool,
    mails: Mutex<Vec<(String, String)>>,
}

impl Mailer for Outbox {
    async fn send(&self, to: &str, subject: &str) -> Result<(), MailError> {
        if self.refusing.load(Ordering::SeqCst) {
            return Err(MailError("451 try again later".into()));
        }
        self.mails
            .lock()
            .unwrap()
            .push((to.to_owned(), subject.to_owned()));
        Ok(())
    }
}

impl Outbox {
    fn mails(&self) -> Vec<(String, String)> {
        self.mails.lock().unwrap().clone()
    }
}

fn order_placed(event_id: &str, user_id: &str) -> Envelope {
    Envelope {
        id: event_id.to_owned(),
        event_type: "OrderPlaced".to_owned(),
        version: 1,
        payload: json!({"orderId": "o-1", "userId": user_id, "item": "Rust in Action", "quantity": 2}),
    }
}

fn at(position: u64, envelope: &Envelope) -> Record {
    Record {
        position,
        envelope: envelope.clone(),
    }
}

fn ada_mail() -> (String, String) {
    (
        "ada@example.com".to_owned(),
        "Your order of 2 × Rust in Action".to_owned(),
    )
}

#[tokio::test]
async fn an_order_placed_is_emailed_and_recorded() {
    let (db, auth, mailer) = (Database::new(), Auth::default(), Outbox::default());
    let got = handle(&db, &auth, &mailer, &at(1, &order_placed("e-1", "u-ada"))).await;
    assert_eq!(
        got,
        Ok(Handled::Sent),
        "OrderPlaced e-1 for ada at position 1"
    );
    assert_eq!(
        mailer.mails(),
        [ada_mail()],
        "one email to ada, with the order in its subject"
    );
    let kept = db.snapshot();
    assert_eq!(
        kept.inbox,
        BTreeSet::from(["e-1".to_owned()]),
        "e-1 in the inbox"
    );
    assert_eq!(kept.checkpoint, Some(1), "the checkpoint at 1");
    assert_eq!(
        kept.sent,
        [Sent {
            event_id: "e-1".into(),
            email: "ada@example.com".into()
        }]
    );
}

#[tokio::test]
async fn a_record_read_again_after_a_restart_changes_nothing() {
    let (db, auth, mailer) = (Database::new(), Auth::default(), Outbox::default());
    let record = at(5, &order_placed("e-1", "u-ada"));
    handle(&db, &auth, &mailer, &record).await
        .expect("OrderPlaced e-1 for ada, handled the first time (see an_order_placed_is_emailed_and_recorded)");
    let got = handle(&db, &auth, &mailer, &record).await;
    assert_eq!(
        got,
        Ok(Handled::AlreadySeen),
        "OrderPlaced e-1 at position 5 again, with the checkpoint at 5"
    );
    let earlier = at(3, &order_placed("e-0", "u-ada"));
    assert_eq!(
        handle(&db, &auth, &mailer, &earlier).await,
        Ok(Handled::AlreadySeen),
        "a record at position 3, below the checkpoint (5): read before the restart, nothing to do"
    );
    let other = Envelope {
        id: "e-9".into(),
        event_type: "UserCreated".into(),
        version: 2,
        payload: json!({"userId": "u-ada"}),
    };
    assert_eq!(
        handle(&db, &auth, &mailer, &at(4, &other)).await,
        Ok(Handled::AlreadySeen),
        "a UserCreated at position 4, below the checkpoint (5): already seen, whatever its type"
    );
    assert_eq!(mailer.mails().len(), 1, "still one email");
    assert_eq!(
        db.snapshot().checkpoint,
        Some(5),
        "records below the checkpoint never move it back"
    );
    assert_eq!(
        auth.calls.load(Ordering::SeqCst),
        1,
        "one call to auth in all"
    );
}

#[tokio::test]
async fn a_republished_event_is_emailed_once_and_passed() {
    let (db, auth, mailer) = (Database::new(), Auth::default(), Outbox::default());
    let event = order_placed("e-1", "u-ada");
    handle(&db, &auth, &mailer, &at(1, &event)).await
        .expect("OrderPlaced e-1 for ada, handled the first time (see an_order_placed_is_emailed_and_recorded)");
    let got = handle(&db, &auth, &mailer, &at(7, &event)).await;
    assert_eq!(
        got,
        Ok(Handled::Duplicate),
        "the same event e-1 republished at position 7"
    );
    assert_eq!(mailer.mails().len(), 1, "one email, not two");
    assert_eq!(
        db.snapshot().checkpoint,
        Some(7),
        "the checkpoint moves past the copy, or it is read again after every restart"
    );
}

#[tokio::test]
async fn a_duplicate_is_passed_without_asking_auth() {
    let (db, auth, mailer) = (Database::new(), Auth::default(), Outbox::default());
    let event = order_placed("e-1", "u-ada");
    handle(&db, &auth, &mailer, &at(1, &event)).await
        .expect("OrderPlaced e-1 for ada, handled the first time (see an_order_placed_is_emailed_and_recorded)");
    auth.down.store(true, Ordering::SeqCst);
    let calls = auth.calls.load(Ordering::SeqCst);
    let got = handle(&db, &auth, &mailer, &at(7, &event)).await;
    assert_eq!(
        got,
        Ok(Handled::Duplicate),
        "a copy of an event already handled, while auth is down: passed all the same"
    );
    assert_eq!(
        auth.calls.load(Ordering::SeqCst),
        calls,
        "a duplicate needs nothing from auth: no call"
    );
}

#[tokio::test]
async fn auth_down_keeps_nothing_and_the_event_comes_again() {
    let (db, auth, mailer) = (Database::new(), Auth::default(), Outbox::default());
    let record = at(1, &order_placed("e-1", "u-ada"));
    auth.down.store(true, Ordering::SeqCst);
    let got = handle(&db, &auth, &mailer, &record).await;
    assert_eq!(
        got,
        Err(HandleError::AuthUnavailable),
        "OrderPlaced e-1 while auth is down"
    );
    assert_eq!(
        db.snapshot(),
        Default::default(),
        "nothing kept: no inbox id, no checkpoint, no email recorded"
    );
    assert!(mailer.mails().is_empty(), "auth down: no email");
    auth.down.store(false, Ordering::SeqCst);
    assert_eq!(
        handle(&db, &auth, &mailer, &record).await,
        Ok(Handled::Sent),
        "auth is back: the same record, delivered again, is emailed now"
    );
    assert_eq!(mailer.mails(), [ada_mail()], "one email, once auth is back");
}

#[tokio::test]
async fn a_failed_mail_keeps_nothing_and_is_sent_when_tried_again() {
    let (db, auth, mailer) = (Database::new(), Auth::default(), Outbox::default());
    let record = at(1, &order_placed("e-1", "u-ada"));
    mailer.refusing.store(true, Ordering::SeqCst);
    let got = handle(&db, &auth, &mailer, &record).await;
    assert!(
        matches!(got, Err(HandleError::MailFailed(_))),
        "the mail server refused: an error, not {got:?}"
    );
    assert_eq!(
        db.snapshot(),
        Default::default(),
        "nothing kept, so the event comes again"
    );
    mailer.refusing.store(false, Ordering::SeqCst);
    assert_eq!(
        handle(&db, &auth, &mailer, &record).await,
        Ok(Handled::Sent)
    );
    assert_eq!(mailer.mails(), [ada_mail()], "sent once it could be");
}

#[tokio::test]
async fn a_user_auth_does_not_know_gets_no_mail_and_is_passed() {
    let (db, auth, mailer) = (Database::new(), Auth::default(), Outbox::default());
    let got = handle(&db, &auth, &mailer, &at(3, &order_placed("e-9", "u-gone"))).await;
    assert_eq!(
        got,
        Ok(Handled::NoSuchUser),
        "OrderPlaced for a user auth no longer has"
    );
    assert!(mailer.mails().is_empty(), "no user, no email");
    let kept = db.snapshot();
    assert_eq!(
        kept.inbox,
        BTreeSet::from(["e-9".to_owned()]),
        "e-9 is in the inbox: it was handled, with nothing to send"
    );
    assert_eq!(kept.checkpoint, Some(3), "the checkpoint moves to 3");
    assert!(kept.sent.is_empty(), "no email recorded");
}

#[tokio::test]
async fn other_events_are_passed_without_a_call() {
    let (db, auth, mailer) = (Database::new(), Auth::default(), Outbox::default());
    let other = Envelope {
        id: "e-5".into(),
        event_type: "UserCreated".into(),
        version: 2,
        payload: json!({"userId": "u-ada"}),
    };
    let got = handle(&db, &auth, &mailer, &at(4, &other)).await;
    assert_eq!(
        got,
        Ok(Handled::Skipped),
        "a UserCreated is not for notifications"
    );
    assert_eq!(
        auth.calls.load(Ordering::SeqCst),
        0,
        "a UserCreated: no call to auth"
    );
    assert_eq!(
        db.snapshot().checkpoint,
        Some(4),
        "a UserCreated at position 4: the checkpoint moves past it"
    );
    assert!(
        db.snapshot().inbox.is_empty(),
        "a UserCreated: nothing in the inbox (only the events handled go there)"
    );
}
