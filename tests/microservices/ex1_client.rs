//! Checks for exercise `microservices1`: `exercises/microservices/src/ex1_client.rs`.
//!
//! A scripted network answers each attempt in turn (an answer, a refusal, or nothing ever), and
//! notes when each attempt was made, on tokio's paused clock: the checks see every attempt and
//! every pause without waiting for them.
#![allow(clippy::unwrap_used)]

// Graded: the solution (`cargo test`), the learner's file (feature `exercises`, `cargo learn`)
// or a known-wrong answer copied to wip/ (feature `wrong`, `cargo learn dev verify-wrong`).
#[cfg_attr(
    feature = "exercises",
    path = "../../exercises/microservices/src/ex1_client.rs"
)]
#[cfg_attr(feature = "wrong", path = "wip/ex1_client.rs")]
#[cfg_attr(
    not(any(feature = "exercises", feature = "wrong")),
    path = "../../solutions/microservices/src/ex1_client.rs"
)]
#[allow(unused)]
mod exercise;

use std::sync::Mutex;
use std::time::Duration;

use exercise::{CallError, Method, Network, NetworkError, Policy, Request, Response, call};

/// What the network does with one attempt.
#[derive(Debug, Clone, Copy)]
enum Outcome {
    Answer(u16),
    Refused,
    /// Nothing comes back, ever: a stuck service.
    Hang,
}

/// Plays `script`, one outcome per attempt (the last one again once the script runs out), and
/// notes when each attempt was made, in milliseconds from the start.
struct Scripted {
    script: Vec<Outcome>,
    start: tokio::time::Instant,
    attempts: Mutex<Vec<u64>>,
}

impl Scripted {
    fn new(script: &[Outcome]) -> Self {
        Self {
            script: script.to_vec(),
            start: tokio::time::Instant::now(),
            attempts: Mutex::new(Vec::new()),
        }
    }

    fn attempts_at(&self) -> Vec<u64> {
        self.attempts.lock().unwrap().clone()
    }

    /// Milliseconds since the start: when `call` returned, if asked right after.
    fn now(&self) -> u64 {
        self.start.elapsed().as_millis() as u64
    }
}

impl Network for Scripted {
    async fn send(&self, _request: &Request) -> Result<Response, NetworkError> {
        let outcome = {
            let mut attempts = self.attempts.lock().unwrap();
            attempts.push(self.start.elapsed().as_millis() as u64);
            let n = attempts.len() - 1;
            self.script[n.min(self.script.len() - 1)]
        };
        match outcome {
            Outcome::Answer(status) => Ok(Response { status }),
            Outcome::Refused => Err(NetworkError::Refused),
            Outcome::Hang => std::future::pending().await,
        }
    }
}

fn request(method: Method, key: Option<&str>) -> Request {
    Request {
        method,
        path: "/orders".to_owned(),
        idempotency_key: key.map(str::to_owned),
    }
}

fn policy(retries: u32) -> Policy {
    Policy {
        timeout: Duration::from_millis(1000),
        retries,
        backoff: Duration::from_millis(100),
    }
}

#[tokio::test(start_paused = true)]
async fn a_good_answer_is_returned_at_once() {
    let network = Scripted::new(&[Outcome::Answer(200)]);
    let got = call(&network, &request(Method::Get, None), policy(2)).await;
    assert_eq!(got, Ok(Response { status: 200 }), "a GET answered 200");
    assert_eq!(network.attempts_at(), [0], "one attempt, at once");
}

#[tokio::test(start_paused = true)]
async fn a_refused_get_is_retried_after_a_pause_that_doubles() {
    let network = Scripted::new(&[Outcome::Refused, Outcome::Refused, Outcome::Answer(200)]);
    let got = call(&network, &request(Method::Get, None), policy(3)).await;
    assert_eq!(
        got,
        Ok(Response { status: 200 }),
        "a GET refused twice, then answered 200, with 3 retries allowed"
    );
    assert_eq!(
        network.attempts_at(),
        [0, 100, 300],
        "attempts at 0 ms, then after a 100 ms pause, then after a 200 ms pause (the backoff \
         doubles before each next retry)"
    );
}

#[tokio::test(start_paused = true)]
async fn each_attempt_has_a_timeout_of_its_own() {
    let network = Scripted::new(&[Outcome::Hang, Outcome::Hang, Outcome::Answer(200)]);
    let got = call(&network, &request(Method::Get, None), policy(2)).await;
    assert_eq!(
        got,
        Ok(Response { status: 200 }),
        "a GET whose first two attempts never answer and whose third answers 200, with a 1 s \
         timeout per attempt and 2 retries"
    );
    assert_eq!(
        network.attempts_at(),
        [0, 1100, 2300],
        "each attempt waits its own 1 s, then the pause (100 ms, 200 ms) before the next"
    );
}

#[tokio::test(start_paused = true)]
async fn a_stuck_service_is_a_timeout_not_a_hang() {
    let network = Scripted::new(&[Outcome::Hang]);
    let got = call(&network, &request(Method::Get, None), policy(2)).await;
    assert_eq!(
        got,
        Err(CallError::Timeout { attempts: 3 }),
        "a GET to a service that never answers, with 2 retries: a timeout after 3 attempts"
    );
}

#[tokio::test(start_paused = true)]
async fn a_post_without_an_idempotency_key_is_sent_exactly_once() {
    for (outcome, expected) in [
        (Outcome::Answer(503), Ok(Response { status: 503 })),
        (Outcome::Refused, Err(CallError::Refused { attempts: 1 })),
        (Outcome::Hang, Err(CallError::Timeout { attempts: 1 })),
    ] {
        let network = Scripted::new(&[outcome, Outcome::Answer(201)]);
        let got = call(&network, &request(Method::Post, None), policy(3)).await;
        assert_eq!(
            got, expected,
            "a POST without an Idempotency-Key whose attempt got {outcome:?}: not retried \
             (a second attempt could place a second order)"
        );
        assert_eq!(
            network.attempts_at().len(),
            1,
            "{outcome:?}: one attempt only"
        );
        let waited = if matches!(outcome, Outcome::Hang) {
            1000
        } else {
            0
        };
        assert_eq!(
            network.now(),
            waited,
            "{outcome:?}: `call` returns as soon as its one attempt is over, with no pause after \
             it (a pause is only ever before a retry)"
        );
    }
}

#[tokio::test(start_paused = true)]
async fn a_post_with_an_idempotency_key_is_retried() {
    let network = Scripted::new(&[Outcome::Answer(503), Outcome::Answer(201)]);
    let got = call(
        &network,
        &request(Method::Post, Some("order-42")),
        policy(2),
    )
    .await;
    assert_eq!(
        got,
        Ok(Response { status: 201 }),
        "a POST with an Idempotency-Key that got 503, then 201: retried"
    );
    assert_eq!(network.attempts_at(), [0, 100]);
}

#[tokio::test(start_paused = true)]
async fn put_and_delete_are_safe_to_repeat() {
    for method in [Method::Put, Method::Delete] {
        let network = Scripted::new(&[Outcome::Refused, Outcome::Answer(204)]);
        let got = call(&network, &request(method, None), policy(2)).await;
        assert_eq!(
            got,
            Ok(Response { status: 204 }),
            "a {method:?} refused once, then answered 204: retried"
        );
    }
}

#[tokio::test(start_paused = true)]
async fn a_final_answer_is_not_retried() {
    for status in [400, 401, 404, 409, 422, 500] {
        let network = Scripted::new(&[Outcome::Answer(status), Outcome::Answer(200)]);
        let got = call(&network, &request(Method::Get, None), policy(3)).await;
        assert_eq!(
            got,
            Ok(Response { status }),
            "a GET answered {status}: that answer is final, returned as it is, not retried"
        );
        assert_eq!(network.attempts_at().len(), 1, "{status}: one attempt");
    }
}

#[tokio::test(start_paused = true)]
async fn retries_stop_at_the_policy_s_number() {
    let refused = Scripted::new(&[Outcome::Refused]);
    assert_eq!(
        call(&refused, &request(Method::Get, None), policy(2)).await,
        Err(CallError::Refused { attempts: 3 }),
        "a GET always refused, with 2 retries: refused after 3 attempts"
    );
    assert_eq!(
        refused.attempts_at(),
        [0, 100, 300],
        "a GET always refused, with 2 retries and a 100 ms backoff: attempts at 0, 100 and 300 ms"
    );
    assert_eq!(
        refused.now(),
        300,
        "after the last attempt (at 300 ms) `call` returns at once: no pause after it"
    );

    let unavailable = Scripted::new(&[Outcome::Answer(503)]);
    assert_eq!(
        call(&unavailable, &request(Method::Get, None), policy(4)).await,
        Ok(Response { status: 503 }),
        "a GET always answered 503, with 4 retries: the last 503 is returned"
    );
    assert_eq!(
        unavailable.attempts_at(),
        [0, 100, 300, 700, 1500],
        "4 retries: pauses of 100, 200, 400 and 800 ms"
    );

    let none = Scripted::new(&[Outcome::Answer(502), Outcome::Answer(200)]);
    assert_eq!(
        call(&none, &request(Method::Get, None), policy(0)).await,
        Ok(Response { status: 502 }),
        "with 0 retries, one attempt: its 502 is the answer"
    );
}

#[tokio::test(start_paused = true)]
async fn each_passing_status_is_retried() {
    for status in [502, 503, 504] {
        let network = Scripted::new(&[Outcome::Answer(status), Outcome::Answer(200)]);
        let got = call(&network, &request(Method::Get, None), policy(1)).await;
        assert_eq!(
            got,
            Ok(Response { status: 200 }),
            "a GET answered {status}, then 200, with 1 retry: {status} may pass, so it is retried"
        );
        assert_eq!(network.attempts_at(), [0, 100], "{status}: two attempts");
    }
}

#[tokio::test(start_paused = true)]
async fn the_last_attempt_decides_what_is_returned() {
    let network = Scripted::new(&[Outcome::Refused, Outcome::Answer(503)]);
    assert_eq!(
        call(&network, &request(Method::Get, None), policy(1)).await,
        Ok(Response { status: 503 }),
        "a GET refused, then answered 503, with 1 retry: the last attempt's 503 is returned"
    );
    let network = Scripted::new(&[Outcome::Answer(503), Outcome::Hang]);
    assert_eq!(
        call(&network, &request(Method::Get, None), policy(1)).await,
        Err(CallError::Timeout { attempts: 2 }),
        "a GET answered 503, then never answered, with 1 retry: the last attempt timed out"
    );
}
