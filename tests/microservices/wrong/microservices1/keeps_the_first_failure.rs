//! Known-wrong answer to `microservices1`: the first failure is the one returned, whatever the last attempt got.
//! Breaks: "When the last attempt fails: a 502/503/504 answer is returned as `Ok(response)`; a timeout is `CallError::Timeout { attempts }`, a refusal `CallError::Refused { attempts }`"
//! Why a learner writes it: the first failure feels like the "real" cause, the retries only confirming it.
//! But the caller must act on how things stand now: a service that was refused and now answers
//! 503 is up and busy, not down.
//! Rejected by: the_last_attempt_decides_what_is_returned

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
    let mut first: Option<Result<Response, CallError>> = None;
    loop {
        attempts += 1;
        let outcome = tokio::time::timeout(policy.timeout, network.send(request)).await;
        let failed = match outcome {
            Ok(Ok(response)) if !matches!(response.status, 502..=504) => return Ok(response),
            Ok(Ok(response)) => Ok(response),
            Ok(Err(NetworkError::Refused)) => Err(CallError::Refused { attempts }),
            Err(_elapsed) => Err(CallError::Timeout { attempts }),
        };
        let first = first.get_or_insert(failed);
        if attempts >= most {
            return match *first {
                Err(CallError::Timeout { .. }) => Err(CallError::Timeout { attempts }),
                Err(CallError::Refused { .. }) => Err(CallError::Refused { attempts }),
                Ok(response) => Ok(response),
            };
        }
        tokio::time::sleep(pause).await;
        pause *= 2;
    }
}
