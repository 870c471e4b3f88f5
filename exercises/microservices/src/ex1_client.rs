//! # Microservices 1: a client with a timeout and a bounded, safe retry
//!
//! The gateway calls orders over the network, and the network has three ways to fail: the
//! connection is refused (orders is down), nothing comes back (orders is stuck), or orders
//! answers that it cannot serve now (502, 503, 504). A caller that waits without a limit hangs
//! with it; a caller that retries everything places the same order twice.
//!
//! The network here is a stand-in (given): `network.send(&request)` returns a `Response`, or a
//! `NetworkError::Refused`, or never returns at all (a stuck service). Time is tokio's, so the
//! checks can run it fast-forward.
//!
//! TODO: write `call(network, request, policy)`:
//! 1. Every attempt gets its own limit: `tokio::time::timeout(policy.timeout, ...)` around each
//!    `send`, never one limit around all of them.
//! 2. An attempt *may pass* when it timed out, was refused, or got a 502, 503 or 504. Any other
//!    answer (2xx, 4xx, 500, ...) is final: return it as `Ok(response)` at once.
//! 3. Retry only a request that is *safe to repeat*: `GET`, `PUT` or `DELETE`, or any request
//!    with an `idempotency_key`. A `POST` without a key is sent exactly once, whatever happens.
//! 4. At most `policy.retries` retries (so `retries + 1` attempts in all). Before the first
//!    retry, sleep `policy.backoff`; before each next one, twice the pause before.
//! 5. When the last attempt fails: a 502/503/504 answer is returned as `Ok(response)`; a timeout
//!    is `CallError::Timeout { attempts }`, a refusal `CallError::Refused { attempts }`, where
//!    `attempts` counts every attempt made.
//!
//! Check your work with `cargo learn check microservices1`; stuck? `cargo learn hint microservices1`.

use std::future::Future;
use std::time::Duration;

// ---- Given: requests, responses, and the network. ----

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Put,
    Delete,
}

/// A request to another service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub method: Method,
    pub path: String,
    /// The key that makes a command safe to send twice: the service applies it once.
    pub idempotency_key: Option<String>,
}

/// What the service answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Response {
    pub status: u16,
}

/// The connection could not be made: nothing reached the service.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NetworkError {
    Refused,
}

/// The way to another service.
pub trait Network {
    /// Sends `request`. May never finish: the service may be stuck.
    fn send(&self, request: &Request) -> impl Future<Output = Result<Response, NetworkError>>;
}

/// How to call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Policy {
    /// Each attempt's limit.
    pub timeout: Duration,
    /// Retries after the first attempt, for a request that is safe to repeat.
    pub retries: u32,
    /// The pause before the first retry; it doubles before each next one.
    pub backoff: Duration,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum CallError {
    #[error("no answer within the timeout, after {attempts} attempt(s)")]
    Timeout { attempts: u32 },
    #[error("the connection was refused, after {attempts} attempt(s)")]
    Refused { attempts: u32 },
}

// ---- Yours. ----

/// True when sending `request` twice does its work once.
pub fn is_safe_to_repeat(request: &Request) -> bool {
    todo!()
}

/// Calls the service behind `network`: a timeout on every attempt, and retries with backoff for
/// what is safe to repeat.
pub async fn call(
    network: &impl Network,
    request: &Request,
    policy: Policy,
) -> Result<Response, CallError> {
    todo!()
}
