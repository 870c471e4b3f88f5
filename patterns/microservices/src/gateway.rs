//! # The gateway: one front door, and the place where failures stop spreading
//!
//! Clients should not know that orders is two processes on two ports today and five tomorrow.
//! They talk to the gateway (`/api/...`), and the gateway forwards each request to the service
//! that owns it. That makes the gateway the natural place for what every request needs:
//!
//! - **checking the user's token at the edge**, so a forged token never reaches a service (the
//!   services check it again: a request can reach them by other paths);
//! - **the resilience stack** around each call (see [`crate::resilience`]), with one circuit
//!   breaker per instance;
//! - **spreading load over instances**, round-robin, passing over an instance whose breaker
//!   is open, and trying the next one when a call that is safe to repeat fails;
//! - **answering for a service that cannot**: a dead service becomes a 503 problem the client
//!   can act on (at once, once its breaker is open), a slow one a 504 after the attempts'
//!   timeouts: never a hung request.
//! - **probing what is down**: while an instance's breaker is open, the gateway sends its
//!   `/health` a trial call every second, so that an instance that comes back gets traffic
//!   again even when no client is calling it (and `/ready` turns 200 again).

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use axum::extract::{FromRef, State};
use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};

use crate::StartError;
use crate::problem::Problem;
use crate::resilience::{self, Call, CallError, Policy};
use crate::service::CorrelationId;
use crate::tokens::{User, Verifier};

/// How the gateway is set up.
#[derive(Clone)]
pub struct Config {
    pub auth_url: String,
    /// One or more instances (`ORDERS_URLS`, comma-separated).
    pub orders_urls: Vec<String>,
    pub notifications_url: String,
    pub policy: Policy,
}

impl Config {
    pub fn from_env() -> Self {
        let mut policy = Policy::default();
        if let Some(ms) = std::env::var("CALL_TIMEOUT_MS")
            .ok()
            .and_then(|ms| ms.parse().ok())
        {
            policy.timeout = std::time::Duration::from_millis(ms);
        }
        Self {
            auth_url: crate::setting("AUTH_URL", "http://127.0.0.1:4001"),
            orders_urls: crate::setting("ORDERS_URLS", "http://127.0.0.1:4002")
                .split(',')
                .map(|url| url.trim().to_owned())
                .filter(|url| !url.is_empty())
                .collect(),
            notifications_url: crate::setting("NOTIFICATIONS_URL", "http://127.0.0.1:4003"),
            policy,
        }
    }
}

/// One instance of a service, behind its own resilience stack.
#[derive(Clone)]
struct Upstream {
    name: String,
    base: String,
    call: Call,
    breaker: resilience::Breaker,
}

impl Upstream {
    fn new(name: String, base: &str, policy: &Policy, http: &reqwest::Client) -> Self {
        let (call, breaker) = resilience::stack(&name, policy, resilience::budget(), http.clone());
        Self {
            name,
            base: base.trim_end_matches('/').to_owned(),
            call,
            breaker,
        }
    }
}

/// The instances of one service, and whose turn is next.
#[derive(Clone)]
struct Instances {
    list: Arc<[Upstream]>,
    next: Arc<AtomicUsize>,
    /// Whether the service applies an `Idempotency-Key` (then the client's is passed on, and
    /// a call that carries one may be retried); elsewhere the header is dropped.
    takes_keys: bool,
}

impl Instances {
    fn new(list: Vec<Upstream>, takes_keys: bool) -> Self {
        Self {
            list: Arc::from(list),
            next: Arc::default(),
            takes_keys,
        }
    }
}

/// What the gateway's handlers share.
#[derive(Clone)]
pub struct Gateway {
    http: reqwest::Client,
    auth: Instances,
    orders: Instances,
    notifications: Instances,
    verifier: Arc<Verifier>,
}

impl FromRef<Gateway> for Arc<Verifier> {
    fn from_ref(gateway: &Gateway) -> Self {
        gateway.verifier.clone()
    }
}

impl Gateway {
    pub fn new(config: &Config, http: reqwest::Client) -> Self {
        let one = |name: &str, url: &str| {
            let upstream = Upstream::new(name.to_owned(), url, &config.policy, &http);
            Instances::new(vec![upstream], false)
        };
        let orders: Vec<Upstream> = config
            .orders_urls
            .iter()
            .enumerate()
            .map(|(i, url)| {
                let name = if config.orders_urls.len() == 1 {
                    "orders".to_owned()
                } else {
                    format!("orders#{}", i + 1)
                };
                Upstream::new(name, url, &config.policy, &http)
            })
            .collect();
        let jwks = format!(
            "{}/.well-known/jwks.json",
            config.auth_url.trim_end_matches('/')
        );
        Self {
            auth: one("auth", &config.auth_url),
            orders: Instances::new(orders, true),
            notifications: one("notifications", &config.notifications_url),
            verifier: Arc::new(Verifier::remote("gateway", &jwks, http.clone())),
            http,
        }
    }

    /// Ready unless auth's breaker is open, or every orders instance's is: then the gateway
    /// can only fail requests, and a load balancer should send them to another gateway.
    pub fn readiness(&self) -> Result<(), String> {
        if self.auth.list.iter().all(|u| u.breaker.is_open()) {
            return Err("auth is unavailable (circuit open)".to_owned());
        }
        if self.orders.list.iter().all(|u| u.breaker.is_open()) {
            return Err("every orders instance is unavailable (circuit open)".to_owned());
        }
        Ok(())
    }

    /// Every second, a trial `GET /health` to each instance whose breaker is open: the breaker
    /// half-opens only when a call comes, and with its instance out of rotation (and the
    /// gateway perhaps out of its load balancer's, `/ready` failing) none would.
    pub async fn probe(&self) {
        let mut every = tokio::time::interval(std::time::Duration::from_secs(1));
        loop {
            every.tick().await;
            let all = [&self.auth, &self.orders, &self.notifications];
            for upstream in all.into_iter().flat_map(|group| group.list.iter()) {
                if !upstream.breaker.is_open() {
                    continue;
                }
                let Ok(request) = self.http.get(format!("{}/health", upstream.base)).build() else {
                    continue;
                };
                match resilience::send(&upstream.call, request).await {
                    Ok(_) if !upstream.breaker.is_open() => {
                        tracing::info!(upstream = %upstream.name, "back: its breaker closed");
                    }
                    _ => {}
                }
            }
        }
    }
}

/// The gateway's routes.
pub fn router(gateway: Gateway) -> axum::Router {
    axum::Router::new()
        .route("/api/users", post(register))
        .route("/api/sessions", post(login))
        .route("/api/orders", post(place_order).get(list_orders))
        .route("/api/notifications", get(list_notifications))
        .with_state(gateway)
}

/// Runs the gateway on `listener` until SIGTERM.
pub async fn run(config: Config, listener: tokio::net::TcpListener) -> Result<(), StartError> {
    let gateway = Gateway::new(&config, crate::service::http_client()?);
    let readiness = {
        let gateway = gateway.clone();
        Arc::new(move || gateway.readiness())
    };
    let prober = {
        let gateway = gateway.clone();
        tokio::spawn(async move { gateway.probe().await })
    };
    let served = crate::service::serve("gateway", listener, router(gateway), readiness).await;
    prober.abort();
    served?;
    Ok(())
}

async fn register(
    State(g): State<Gateway>,
    id: CorrelationId,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    forward(&g, &g.auth, Method::POST, "/users", id, &headers, body).await
}

async fn login(
    State(g): State<Gateway>,
    id: CorrelationId,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    forward(&g, &g.auth, Method::POST, "/sessions", id, &headers, body).await
}

async fn place_order(
    State(g): State<Gateway>,
    _: User,
    id: CorrelationId,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    forward(&g, &g.orders, Method::POST, "/orders", id, &headers, body).await
}

async fn list_orders(
    State(g): State<Gateway>,
    _: User,
    id: CorrelationId,
    headers: HeaderMap,
) -> Response {
    let body = axum::body::Bytes::new();
    forward(&g, &g.orders, Method::GET, "/orders", id, &headers, body).await
}

async fn list_notifications(
    State(g): State<Gateway>,
    _: User,
    id: CorrelationId,
    headers: HeaderMap,
) -> Response {
    let body = axum::body::Bytes::new();
    let path = "/notifications";
    forward(&g, &g.notifications, Method::GET, path, id, &headers, body).await
}

/// The headers a request keeps on its way through (and `idempotency-key`, to a service that
/// applies it).
const FORWARDED: [&str; 2] = ["authorization", "content-type"];

// ANCHOR: forward
/// Sends the request to one of `instances`, round-robin, and hands back its answer. A call
/// that failed is tried on the next instance if it surely never arrived (an open breaker
/// refuses it at once), or is safe to repeat. When no instance answers, the client gets a 503
/// (or 504 for a timeout) problem that says why.
async fn forward(
    gateway: &Gateway,
    instances: &Instances,
    method: Method,
    path: &str,
    CorrelationId(id): CorrelationId,
    headers: &HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    let upstreams = &instances.list;
    let start = instances.next.fetch_add(1, Ordering::Relaxed);
    let mut last = None;
    for i in 0..upstreams.len() {
        let upstream = &upstreams[(start + i) % upstreams.len()];
        let mut request = gateway
            .http
            .request(method.clone(), format!("{}{path}", upstream.base))
            .header(crate::service::CORRELATION_ID, id.to_string())
            .body(body.clone());
        for name in FORWARDED {
            if let Some(value) = headers.get(name) {
                request = request.header(name, value);
            }
        }
        if instances.takes_keys
            && let Some(key) = headers.get("idempotency-key")
        {
            request = request.header("idempotency-key", key);
        }
        let request = match request.build() {
            Ok(request) => request,
            Err(error) => return Problem::internal(error).into_response(),
        };
        let idempotent = resilience::is_idempotent(&request);
        match resilience::send(&upstream.call, request).await {
            Ok(response) => {
                tracing::info!(
                    upstream = %upstream.name,
                    status = response.status().as_u16(),
                    "forwarded"
                );
                return relay(response).await;
            }
            Err(error) => {
                tracing::warn!(upstream = %upstream.name, %error, "call failed");
                let again = error.never_reached() || idempotent;
                last = Some(error);
                if !again {
                    break;
                }
            }
        }
    }
    match last {
        Some(error) => unavailable(error).into_response(),
        None => Problem::unavailable("no instance to send the request to").into_response(),
    }
}
// ANCHOR_END: forward

/// The upstream's answer, as the client's: status, content type and body.
async fn relay(response: reqwest::Response) -> Response {
    let status =
        StatusCode::from_u16(response.status().as_u16()).unwrap_or(StatusCode::BAD_GATEWAY);
    let content_type = response.headers().get("content-type").cloned();
    let replayed = response.headers().get("idempotent-replayed").cloned();
    match response.bytes().await {
        Ok(bytes) => {
            let mut answer = (status, bytes).into_response();
            if let Some(value) = content_type {
                answer.headers_mut().insert("content-type", value);
            }
            if let Some(value) = replayed {
                answer.headers_mut().insert("idempotent-replayed", value);
            }
            answer
        }
        Err(error) => Problem::new(
            StatusCode::BAD_GATEWAY,
            format!("the service's answer broke off: {error}"),
        )
        .into_response(),
    }
}

/// A call that got no answer, as a problem: 504 for a timeout, 503 otherwise.
fn unavailable(error: CallError) -> Problem {
    let status = match error {
        CallError::Timeout { .. } => StatusCode::GATEWAY_TIMEOUT,
        CallError::Open { .. } | CallError::Unreachable { .. } | CallError::Busy { .. } => {
            StatusCode::SERVICE_UNAVAILABLE
        }
    };
    Problem::new(status, error.to_string())
}
