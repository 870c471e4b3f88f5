//! Known-wrong answer to `microservices1`: the pause comes after every attempt, the last one too.
//! Breaks: "Before the first retry, sleep `policy.backoff`; before each next one, twice the pause before."
//! Why a learner writes it: "attempt, then wait" is the shape of most retry loops written from memory,
//! and the attempts still happen at the right times. But the caller then waits one more pause
//! for nothing, after the answer is already decided, and a POST that must not be retried is
//! held back too.
//! Rejected by: a_post_without_an_idempotency_key_is_sent_exactly_once, retries_stop_at_the_policy_s_number

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
    matches!(request.method, Method::Get | Method::Put | Method::Delete)
        || request.idempotency_key.is_some()
}

/// Calls the service behind `network`: a timeout on every attempt, and retries with backoff for
/// what is safe to repeat.
pub async fn call(
    network: &impl Network,
    request: &Request,
    policy: Policy,
) -> Result<Response, CallError> {
    let most = if is_safe_to_repeat(request) {
        policy.retries + 1
    } else {
        1
    };
    let mut pause = policy.backoff;
    let mut attempts = 0;
    loop {
        attempts += 1;
        let outcome = tokio::time::timeout(policy.timeout, network.send(request)).await;
        let failed = match outcome {
            Ok(Ok(response)) if !matches!(response.status, 502..=504) => return Ok(response),
            Ok(Ok(response)) => Ok(response),
            Ok(Err(NetworkError::Refused)) => Err(CallError::Refused { attempts }),
            Err(_elapsed) => Err(CallError::Timeout { attempts }),
        };
        tokio::time::sleep(pause).await;
        pause *= 2;
        if attempts >= most {
            return failed;
        }
    }
}
