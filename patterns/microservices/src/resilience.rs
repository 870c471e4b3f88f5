//! # Calls between services that fail fast, and are retried only when that is safe
//!
//! A function call in a monolith returns. A call to another service may not: the service may
//! be down (the connection is refused at once), or alive and stuck (nothing comes back, ever).
//! A caller that waits without a limit holds a connection, a task and the user's request for
//! as long as the other side is stuck, and when every request does that, the caller is stuck
//! too: one slow service takes down everything in front of it. Four tools, stacked around every
//! outbound call, in this order from the outside in:
//!
//! 1. **A bound on calls in flight** (tower's `ConcurrencyLimit` behind `LoadShed`): past it, a
//!    call fails at once with `Busy` instead of queueing. Nothing piles up.
//! 2. **A circuit breaker** (tower-resilience's): after a few calls in a row have failed it
//!    *opens*, and calls fail at once with `Open`, without touching the network, for a while.
//!    Then it lets one call through (*half-open*); if that succeeds it closes again. A service
//!    that is down gets a rest instead of a stampede, and callers get an answer in
//!    microseconds instead of after a timeout.
//! 3. **Retries with backoff**, for idempotent calls only: a `GET`, or a command that carries
//!    an `Idempotency-Key` the other side uses to apply it once. A `POST` without one is never
//!    retried: if the first attempt reached the service and only the answer was lost, a second
//!    attempt would place a second order. A retry *budget* caps retries at a share of calls, so
//!    retries cannot multiply the load on a struggling service.
//! 4. **A timeout on each attempt** (tower's `Timeout`).
//!
//! The order matters, and `tests/resilience.rs` proves it: the timeout is inside the retry (each
//! attempt gets its own, instead of one timeout eating every retry), and the retries are inside
//! the breaker (the breaker counts a call that failed after its retries as one failure, not
//! three).

use std::sync::Arc;
use std::time::Duration;

use tower::retry::budget::{Budget, TpsBudget};
use tower::util::BoxCloneSyncService;
use tower::{BoxError, Service, ServiceBuilder, ServiceExt};
use tower_resilience_circuitbreaker::{
    CircuitBreakerError, CircuitBreakerHandle, CircuitBreakerLayer, FnClassifier,
};

/// How calls to one service behave.
#[derive(Debug, Clone)]
pub struct Policy {
    /// Each attempt's limit.
    pub timeout: Duration,
    /// Retries after the first attempt, for calls that are safe to repeat.
    pub retries: u32,
    /// The pause before the first retry; it doubles before each next one.
    pub backoff: Duration,
    /// Calls in a row that must fail before the breaker opens.
    pub failures_to_open: usize,
    /// How long the breaker stays open before it lets one call through.
    pub open_for: Duration,
    /// Calls in flight at most; more fail at once.
    pub max_in_flight: usize,
}

impl Default for Policy {
    fn default() -> Self {
        Self {
            timeout: Duration::from_secs(1),
            retries: 2,
            backoff: Duration::from_millis(50),
            failures_to_open: 3,
            open_for: Duration::from_secs(1),
            max_in_flight: 64,
        }
    }
}

/// Why a call to another service got no usable answer.
#[derive(Debug, thiserror::Error)]
pub enum CallError {
    #[error("{service} is unavailable (its circuit breaker is open after failed calls)")]
    Open { service: String },
    #[error("{service} did not answer within {timeout:?}")]
    Timeout { service: String, timeout: Duration },
    #[error("{service} could not be reached: {detail}")]
    Unreachable { service: String, detail: String },
    #[error("{service} has {limit} calls in flight already")]
    Busy { service: String, limit: usize },
}

impl CallError {
    /// True when the request surely never left this process (the breaker refused it, or the
    /// in-flight limit did): another instance may be tried, whatever the method.
    pub fn never_reached(&self) -> bool {
        matches!(self, Self::Open { .. } | Self::Busy { .. })
    }
}

/// The stack, as one service: a request in, a response or a [`CallError`] out.
pub type Call = BoxCloneSyncService<reqwest::Request, reqwest::Response, CallError>;

// ANCHOR: retry_policy
/// Retries a call when it is safe to repeat and its failure may pass: a transport error, a
/// timeout, or a 502/503/504. Each call gets its own copy of the policy (so its own count of
/// retries left); all of them share one budget.
#[derive(Clone)]
pub struct RetrySafe {
    retries_left: u32,
    /// Whether this call has paid into the budget yet (once per call, at its first outcome).
    deposited: bool,
    backoff: Duration,
    budget: Arc<TpsBudget>,
}

impl RetrySafe {
    pub fn new(retries: u32, backoff: Duration, budget: Arc<TpsBudget>) -> Self {
        Self {
            retries_left: retries,
            deposited: false,
            backoff,
            budget,
        }
    }
}

/// A request that may be sent twice without doing its work twice.
pub fn is_idempotent(request: &reqwest::Request) -> bool {
    use reqwest::Method;
    matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS | Method::PUT | Method::DELETE
    ) || request.headers().contains_key("idempotency-key")
}

impl tower::retry::Policy<reqwest::Request, reqwest::Response, BoxError> for RetrySafe {
    type Future = tokio::time::Sleep;

    fn retry(
        &mut self,
        request: &mut reqwest::Request,
        result: &mut Result<reqwest::Response, BoxError>,
    ) -> Option<Self::Future> {
        if !std::mem::replace(&mut self.deposited, true) {
            // One deposit per call: the budget allows retries as a share of calls.
            self.budget.deposit();
        }
        let passing = match result {
            Ok(response) => matches!(response.status().as_u16(), 502..=504),
            Err(_) => true,
        };
        if !passing || !is_idempotent(request) || self.retries_left == 0 {
            return None;
        }
        if !self.budget.withdraw() {
            tracing::warn!("retry budget spent: not retrying");
            return None;
        }
        self.retries_left -= 1;
        // No jitter here, to keep the lesson small; a fleet of clients should add some, or
        // they retry in step.
        let pause = self.backoff;
        self.backoff = self.backoff.saturating_mul(2).min(Duration::from_secs(10));
        Some(tokio::time::sleep(pause))
    }

    fn clone_request(&mut self, request: &reqwest::Request) -> Option<reqwest::Request> {
        // A streaming body cannot be sent twice; the services here send bytes.
        request.try_clone()
    }
}
// ANCHOR_END: retry_policy

/// A retry budget: retries at most 20% of the calls of the last 10 seconds, plus a reserve of
/// 10 a second (100 over the window) so that a quiet caller can still retry. Under a few dozen
/// calls a second the reserve is most of it: the budget bites when the load is high, which is
/// when retries would hurt.
pub fn budget() -> Arc<TpsBudget> {
    Arc::new(TpsBudget::new(Duration::from_secs(10), 10, 0.2))
}

/// What the breaker counts as a failure: an error, or the service saying it failed (5xx). A
/// 4xx is the caller's mistake: the service is fine.
fn failed(result: &Result<reqwest::Response, BoxError>) -> bool {
    result
        .as_ref()
        .map_or(true, |response| response.status().is_server_error())
}

type FailedFn = fn(&Result<reqwest::Response, BoxError>) -> bool;

/// A handle on a stack's breaker: is it open?
pub type Breaker = CircuitBreakerHandle<FnClassifier<FailedFn>>;

// ANCHOR: stack
/// Wraps `inner` (an HTTP client, or a stand-in in a test) in the whole stack for calls to
/// `service`. Returns the stack, and a handle on its breaker (`/ready` asks it).
pub fn stack<S>(service: &str, policy: &Policy, budget: Arc<TpsBudget>, inner: S) -> (Call, Breaker)
where
    S: Service<reqwest::Request, Response = reqwest::Response> + Clone + Send + Sync + 'static,
    S::Error: Into<BoxError> + Send + 'static,
    S::Future: Send + 'static,
{
    let name = service.to_owned();
    let (breaker, handle) = CircuitBreakerLayer::builder()
        .name(service)
        .consecutive_failures(policy.failures_to_open)
        .wait_duration_in_open(policy.open_for)
        .permitted_calls_in_half_open(1)
        .failure_classifier(failed as FailedFn)
        .on_state_transition(move |from, to| {
            tracing::warn!(service = %name, ?from, ?to, "circuit breaker");
        })
        .build_with_handle()
        .expect("the breaker's settings are valid");
    let (name, timeout, limit) = (service.to_owned(), policy.timeout, policy.max_in_flight);
    let stack = ServiceBuilder::new()
        .map_err(move |error: BoxError| classify(&name, timeout, limit, error))
        .load_shed()
        .concurrency_limit(policy.max_in_flight)
        .map_err(|error: CircuitBreakerError<BoxError>| -> BoxError {
            match error {
                CircuitBreakerError::OpenCircuit => Box::new(BreakerOpen),
                CircuitBreakerError::Inner(inner) => inner,
            }
        })
        .layer(breaker)
        .retry(RetrySafe::new(policy.retries, policy.backoff, budget))
        .timeout(policy.timeout)
        .service(inner.map_err(Into::into));
    (BoxCloneSyncService::new(stack), handle)
}
// ANCHOR_END: stack

/// The breaker said no.
#[derive(Debug, thiserror::Error)]
#[error("the circuit breaker is open")]
struct BreakerOpen;

fn classify(service: &str, timeout: Duration, limit: usize, error: BoxError) -> CallError {
    let service = service.to_owned();
    if error.is::<BreakerOpen>() {
        CallError::Open { service }
    } else if error.is::<tower::timeout::error::Elapsed>() {
        CallError::Timeout { service, timeout }
    } else if error.is::<tower::load_shed::error::Overloaded>() {
        CallError::Busy { service, limit }
    } else {
        CallError::Unreachable {
            service,
            detail: error_chain(&*error),
        }
    }
}

/// An error and its causes, on one line.
fn error_chain(error: &(dyn std::error::Error + 'static)) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// Sends `request` through `call`.
pub async fn send(call: &Call, request: reqwest::Request) -> Result<reqwest::Response, CallError> {
    call.clone().oneshot(request).await
}
