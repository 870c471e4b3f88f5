//! # What every service has, whatever it does
//!
//! Four things an orchestrator (the demo here, Kubernetes in production) needs from each
//! process, and that a person debugging five processes at 3 a.m. needs even more:
//!
//! - **`/health`**: "the process is alive". Restart it if this stops answering.
//! - **`/ready`**: "send me traffic". A service that cannot do its work yet (its database not
//!   open, a dependency it cannot work without behind an open breaker) says 503 here, and the
//!   load balancer sends requests elsewhere instead of to a service that will fail them.
//! - **A correlation id**: the gateway gives each request an id (or keeps the caller's), every
//!   service passes it on, in headers and in the events it publishes, and logs it. One `grep`
//!   then follows one user's request through every process.
//! - **A graceful stop**: on SIGTERM the service stops accepting connections, finishes the
//!   requests in flight, then exits 0. (An orchestrator must also stop sending it new ones:
//!   Kubernetes, for one, takes the pod out of its Service at the same moment it sends
//!   SIGTERM, which is why `deploy/kubernetes/orders.yaml` waits a few seconds first.)

use std::sync::Arc;

use axum::extract::{FromRequestParts, Request};
use axum::http::HeaderValue;
use axum::http::request::Parts;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tracing::Instrument;
use uuid::Uuid;

use crate::problem::Problem;

/// The header that carries the correlation id between services.
pub const CORRELATION_ID: &str = "x-correlation-id";

/// The id of the user's request this work is part of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CorrelationId(pub Uuid);

impl<S: Send + Sync> FromRequestParts<S> for CorrelationId {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(parts
            .extensions
            .get::<CorrelationId>()
            .copied()
            .unwrap_or_else(|| CorrelationId(Uuid::now_v7())))
    }
}

/// What `/ready` asks: `Ok`, or why not.
pub type Readiness = Arc<dyn Fn() -> Result<(), String> + Send + Sync>;

/// Always ready.
pub fn always_ready() -> Readiness {
    Arc::new(|| Ok(()))
}

// ANCHOR: serve
/// Serves `router`, plus `/health` and `/ready`, on `listener` until SIGTERM (or Ctrl-C), then
/// finishes the requests in flight and returns. The first line on stdout says where it
/// listens: whoever started the process (the demo) reads its port there.
pub async fn serve(
    name: &'static str,
    listener: tokio::net::TcpListener,
    router: axum::Router,
    readiness: Readiness,
) -> std::io::Result<()> {
    let app = router
        .route(
            "/health",
            get(|| async { axum::Json(serde_json::json!({"status": "ok"})) }),
        )
        .route(
            "/ready",
            get(move || {
                let readiness = readiness.clone();
                async move {
                    match readiness() {
                        Ok(()) => {
                            axum::Json(serde_json::json!({"status": "ready"})).into_response()
                        }
                        Err(reason) => Problem::unavailable(reason).into_response(),
                    }
                }
            }),
        )
        .fallback(|uri: axum::http::Uri| async move {
            Problem::new(
                axum::http::StatusCode::NOT_FOUND,
                format!("no route for {}", uri.path()),
            )
        })
        .method_not_allowed_fallback(|method: axum::http::Method| async move {
            Problem::new(
                axum::http::StatusCode::METHOD_NOT_ALLOWED,
                format!("{method} is not allowed here"),
            )
        })
        .layer(axum::middleware::from_fn(correlate));
    let address = listener.local_addr()?;
    println!("{name} listening on http://{address}");
    tracing::info!(%address, "listening");
    axum::serve(listener, app)
        .with_graceful_shutdown(stopping())
        .await?;
    tracing::info!("stopped: every request in flight was answered");
    Ok(())
}

/// Resolves when the process is asked to stop: SIGTERM, or Ctrl-C.
pub async fn stopping() {
    let mut terminate =
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(signal) => signal,
            Err(error) => {
                tracing::error!(%error, "cannot listen for SIGTERM; Ctrl-C only");
                let _ = tokio::signal::ctrl_c().await;
                return;
            }
        };
    tokio::select! {
        _ = terminate.recv() => tracing::info!("SIGTERM: stopping"),
        _ = tokio::signal::ctrl_c() => tracing::info!("Ctrl-C: stopping"),
    }
}
// ANCHOR_END: serve

// ANCHOR: correlate
/// Gives each request its correlation id (the caller's, or a new one), logs the request inside
/// a span that carries it, and sends it back in the response.
async fn correlate(mut request: Request, next: Next) -> Response {
    let id = request
        .headers()
        .get(CORRELATION_ID)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| Uuid::parse_str(value).ok())
        .unwrap_or_else(Uuid::now_v7);
    request.extensions_mut().insert(CorrelationId(id));
    let span = tracing::info_span!(
        "request",
        correlation_id = %id,
        method = %request.method(),
        path = %request.uri().path(),
    );
    let mut response = next.run(request).instrument(span.clone()).await;
    // Failures at info, successes at debug: the handlers log what they did.
    let status = response.status().as_u16();
    if (200..300).contains(&status) {
        span.in_scope(|| tracing::debug!(status, "answered"));
    } else {
        span.in_scope(|| tracing::info!(status, "answered"));
    }
    if let Ok(value) = HeaderValue::from_str(&id.to_string()) {
        response.headers_mut().insert(CORRELATION_ID, value);
    }
    response
}
// ANCHOR_END: correlate

/// Logs to stderr, one line per event, for `service`. No timestamps: whatever collects the
/// lines (journald, Kubernetes, the demo) stamps them.
pub fn init_logging(service: &str) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .with_target(false)
        .without_time()
        .try_init();
    tracing::debug!(service, "starting");
}

/// An HTTP client for calls to other services: plain HTTP on loopback here (TLS, with the
/// factory pattern's trust roots, when the URLs say `https://`). No call through it waits more
/// than 10 s in all; the resilience stack sets each attempt's shorter limit.
pub fn http_client() -> Result<reqwest::Client, crate::StartError> {
    Ok(reqwest::Client::builder()
        .tls_backend_preconfigured(factory::Trust::public().client_config()?)
        .connect_timeout(std::time::Duration::from_secs(1))
        .timeout(std::time::Duration::from_secs(10))
        .build()?)
}

/// The services, by the names the demo and the binaries start them with.
pub const SERVICES: [&str; 4] = ["auth", "orders", "notifications", "gateway"];

/// Where the services keep their files when nothing else is said (`DATA_DIR`).
pub fn data_dir() -> String {
    crate::setting(
        "DATA_DIR",
        &std::env::temp_dir()
            .join("backend-patterns-microservices")
            .to_string_lossy(),
    )
}

// ANCHOR: run
/// Runs the service called `name` until SIGTERM, set up from the environment: `HOST` (the
/// address to listen on: `127.0.0.1` by default, `0.0.0.0` in a container), `PORT` (0, the
/// default, takes any free one), `DATA_DIR`, and the service's own settings.
pub async fn run(name: &str) -> Result<(), crate::StartError> {
    let data_dir = data_dir();
    std::fs::create_dir_all(&data_dir)?;
    let port: u16 =
        crate::setting("PORT", "0")
            .parse()
            .map_err(|_| crate::StartError::Setting {
                name: "PORT",
                reason: "a port number, 0 to 65535".to_owned(),
            })?;
    let host = crate::setting("HOST", "127.0.0.1");
    let listener = tokio::net::TcpListener::bind((host.as_str(), port)).await?;
    match name {
        "auth" => crate::auth::run(crate::auth::Config::from_env(&data_dir)?, listener).await,
        "orders" => crate::orders::run(crate::orders::Config::from_env(&data_dir)?, listener).await,
        "notifications" => {
            let config = crate::notifications::Config::from_env(&data_dir)?;
            crate::notifications::run(config, listener).await
        }
        "gateway" => crate::gateway::run(crate::gateway::Config::from_env(), listener).await,
        other => Err(crate::StartError::Setting {
            name: "service",
            reason: format!("no service {other:?}; one of {}", SERVICES.join(", ")),
        }),
    }
}
// ANCHOR_END: run
