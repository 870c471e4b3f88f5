//! The resilience stack, piece by piece and put together, around a stand-in service that counts
//! the attempts it sees: the timeout is per attempt (inside the retry), the breaker counts calls
//! (the retry is inside it), only what is safe is retried, retries are bounded by a budget, and
//! nothing piles up past the in-flight limit.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use axum::http::StatusCode;
use microservices::resilience::{self, CallError, Policy};
use tower::retry::budget::TpsBudget;

/// A stand-in service: counts attempts, waits `delay`, then answers `status`.
fn stand_in(
    attempts: Arc<AtomicUsize>,
    delay: Duration,
    status: StatusCode,
) -> impl tower::Service<
    reqwest::Request,
    Response = reqwest::Response,
    Error = std::convert::Infallible,
    Future = impl Send,
> + Clone
+ Send
+ Sync
+ 'static {
    tower::service_fn(move |_request: reqwest::Request| {
        attempts.fetch_add(1, Ordering::SeqCst);
        async move {
            tokio::time::sleep(delay).await;
            let response = axum::http::Response::builder()
                .status(status)
                .body(Vec::<u8>::new())
                .expect("a response");
            Ok(reqwest::Response::from(response))
        }
    })
}

fn request(method: reqwest::Method, idempotency_key: Option<&str>) -> reqwest::Request {
    let mut request = reqwest::Request::new(
        method,
        reqwest::Url::parse("http://orders.test/orders").expect("a URL"),
    );
    if let Some(key) = idempotency_key {
        request
            .headers_mut()
            .insert("idempotency-key", key.parse().expect("a header value"));
    }
    request
}

fn policy() -> Policy {
    Policy {
        timeout: Duration::from_millis(200),
        retries: 2,
        backoff: Duration::from_millis(10),
        failures_to_open: 3,
        open_for: Duration::from_secs(60),
        max_in_flight: 64,
    }
}

#[tokio::test]
async fn the_timeout_is_per_attempt_inside_the_retry_inside_the_breaker() {
    let attempts = Arc::new(AtomicUsize::new(0));
    let hangs = stand_in(attempts.clone(), Duration::from_secs(3600), StatusCode::OK);
    let (call, breaker) = resilience::stack("orders", &policy(), resilience::budget(), hangs);
    for n in 1..=3 {
        let started = Instant::now();
        let error = resilience::send(&call, request(reqwest::Method::GET, None))
            .await
            .expect_err("a service that never answers");
        let took = started.elapsed();
        assert!(
            matches!(error, CallError::Timeout { .. }),
            "call {n}: a timeout, not {error:?}"
        );
        assert_eq!(
            attempts.load(Ordering::SeqCst),
            3 * n,
            "call {n}: each call makes 3 attempts, each with its own timeout (a timeout \
             outside the retry would allow one)"
        );
        assert!(
            took >= Duration::from_millis(600),
            "call {n}: three attempts of 200 ms each, not one timeout for all: {took:?}"
        );
        assert_eq!(
            breaker.is_open(),
            n == 3,
            "after call {n}: the breaker counts calls, not attempts (a breaker inside the \
             retry would have opened during the first call)"
        );
    }
    let started = Instant::now();
    let error = resilience::send(&call, request(reqwest::Method::GET, None))
        .await
        .expect_err("the breaker is open");
    assert!(matches!(error, CallError::Open { .. }), "{error:?}");
    assert!(
        started.elapsed() < Duration::from_millis(200),
        "an open breaker answers at once, before even one attempt's timeout: {:?}",
        started.elapsed()
    );
    assert_eq!(
        attempts.load(Ordering::SeqCst),
        9,
        "an open breaker sends nothing"
    );
}

#[tokio::test]
async fn only_a_call_that_is_safe_to_repeat_is_retried() {
    let open_never = Policy {
        failures_to_open: 1000,
        ..policy()
    };
    for (method, key, expected, what) in [
        (reqwest::Method::GET, None, 3, "a GET"),
        (
            reqwest::Method::POST,
            Some("order-1"),
            3,
            "a POST with an Idempotency-Key",
        ),
        (
            reqwest::Method::POST,
            None,
            1,
            "a POST without an Idempotency-Key",
        ),
    ] {
        let attempts = Arc::new(AtomicUsize::new(0));
        let failing = stand_in(
            attempts.clone(),
            Duration::ZERO,
            StatusCode::SERVICE_UNAVAILABLE,
        );
        let (call, _) = resilience::stack("orders", &open_never, resilience::budget(), failing);
        let response = resilience::send(&call, request(method, key))
            .await
            .expect("a 503 is an answer");
        assert_eq!(response.status(), reqwest::StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(
            attempts.load(Ordering::SeqCst),
            expected,
            "{what}: {expected} attempts"
        );
    }
}

#[tokio::test]
async fn a_client_error_is_neither_retried_nor_a_failure_of_the_service() {
    let attempts = Arc::new(AtomicUsize::new(0));
    let refuses = stand_in(attempts.clone(), Duration::ZERO, StatusCode::NOT_FOUND);
    let (call, breaker) = resilience::stack("orders", &policy(), resilience::budget(), refuses);
    for _ in 0..10 {
        let response = resilience::send(&call, request(reqwest::Method::GET, None))
            .await
            .expect("a 404 is an answer");
        assert_eq!(response.status(), reqwest::StatusCode::NOT_FOUND);
    }
    assert_eq!(attempts.load(Ordering::SeqCst), 10, "no retries for a 404");
    assert!(!breaker.is_open(), "a 404 says the service is fine");
}

#[tokio::test]
async fn the_retry_budget_bounds_the_retries_of_many_failing_calls() {
    let attempts = Arc::new(AtomicUsize::new(0));
    let failing = stand_in(
        attempts.clone(),
        Duration::ZERO,
        StatusCode::SERVICE_UNAVAILABLE,
    );
    let open_never = Policy {
        failures_to_open: 1000,
        backoff: Duration::from_millis(1),
        ..policy()
    };
    // 20% of calls, plus a reserve of 1 a second over the 10-second window.
    let budget = Arc::new(TpsBudget::new(Duration::from_secs(10), 1, 0.2));
    let (call, _) = resilience::stack("orders", &open_never, budget, failing);
    for _ in 0..100 {
        let _ = resilience::send(&call, request(reqwest::Method::GET, None)).await;
    }
    let attempts = attempts.load(Ordering::SeqCst);
    assert!(
        (100..=135).contains(&attempts),
        "100 calls with 2 retries each would make 300 attempts; the budget allows about 20% \
         more than the calls, plus its reserve of 10: {attempts}"
    );
}

#[tokio::test]
async fn calls_past_the_in_flight_limit_fail_at_once_instead_of_queueing() {
    let attempts = Arc::new(AtomicUsize::new(0));
    let slow = stand_in(attempts.clone(), Duration::from_secs(1), StatusCode::OK);
    let limited = Policy {
        timeout: Duration::from_secs(5),
        max_in_flight: 2,
        ..policy()
    };
    let (call, _) = resilience::stack("orders", &limited, resilience::budget(), slow);
    let calls: Vec<_> = (0..5)
        .map(|_| {
            let call = call.clone();
            tokio::spawn(async move {
                let started = Instant::now();
                let result = resilience::send(&call, request(reqwest::Method::GET, None)).await;
                (result, started.elapsed())
            })
        })
        .collect();
    let mut answered = 0;
    let mut busy = 0;
    for call in calls {
        let (result, took) = call.await.expect("the call's task");
        match result {
            Ok(_) => answered += 1,
            Err(CallError::Busy { limit: 2, .. }) => {
                busy += 1;
                assert!(
                    took < Duration::from_millis(500),
                    "Busy at once, not after the 1 s the others wait: {took:?}"
                );
            }
            Err(other) => panic!("unexpected: {other:?}"),
        }
    }
    assert_eq!((answered, busy), (2, 3), "two in flight, three turned away");
    assert_eq!(
        attempts.load(Ordering::SeqCst),
        2,
        "the busy calls sent nothing"
    );
}

#[tokio::test]
async fn an_open_breaker_lets_one_call_through_after_a_while_and_closes_when_it_succeeds() {
    let attempts = Arc::new(AtomicUsize::new(0));
    let healthy = Arc::new(AtomicBool::new(false));
    let service = {
        let (attempts, healthy) = (attempts.clone(), healthy.clone());
        tower::service_fn(move |_request: reqwest::Request| {
            attempts.fetch_add(1, Ordering::SeqCst);
            let status = if healthy.load(Ordering::SeqCst) {
                200
            } else {
                500
            };
            async move {
                let response = axum::http::Response::builder()
                    .status(status)
                    .body(Vec::<u8>::new())
                    .expect("a response");
                Ok::<_, std::convert::Infallible>(reqwest::Response::from(response))
            }
        })
    };
    let quick = Policy {
        open_for: Duration::from_millis(200),
        ..policy()
    };
    let (call, breaker) = resilience::stack("orders", &quick, resilience::budget(), service);
    for _ in 0..3 {
        let _ = resilience::send(&call, request(reqwest::Method::POST, None)).await;
    }
    assert!(breaker.is_open(), "three failed calls open it");
    let error = resilience::send(&call, request(reqwest::Method::POST, None))
        .await
        .expect_err("open");
    assert!(matches!(error, CallError::Open { .. }));
    healthy.store(true, Ordering::SeqCst);
    tokio::time::sleep(Duration::from_millis(300)).await;
    let response = resilience::send(&call, request(reqwest::Method::POST, None))
        .await
        .expect("half-open: one call goes through");
    assert_eq!(response.status(), reqwest::StatusCode::OK);
    assert!(!breaker.is_open(), "it succeeded: closed again");
    assert_eq!(attempts.load(Ordering::SeqCst), 4);
}
