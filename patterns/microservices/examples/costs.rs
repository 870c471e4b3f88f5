//! What a boundary costs: the same `GET /orders` answered in process (the router called as a
//! function), and over loopback HTTP (the same router behind a socket); and one event from
//! publish to delivery through the broker stand-in (a SQLite file) and, with `NATS_URL`, through
//! NATS JetStream. Prints p50 and p99 of each.
//!
//! `cargo run --release -p microservices --example costs` (figures in the chapter).

use std::time::{Duration, Instant};

use events::{Subscription, Transport};

use microservices::auth::{self, Auth};
use microservices::orders::{self, Orders};
use tower::ServiceExt;

const SAMPLES: usize = 2000;

fn percentiles(mut samples: Vec<Duration>) -> (Duration, Duration) {
    samples.sort();
    let at = |p: f64| samples[((samples.len() as f64 - 1.0) * p).round() as usize];
    (at(0.50), at(0.99))
}

fn report(what: &str, samples: Vec<Duration>) {
    let (p50, p99) = percentiles(samples);
    println!("{what:<44} p50 {p50:>10.1?}   p99 {p99:>10.1?}");
}

async fn serve(router: axum::Router) -> anyhow::Result<String> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let address = listener.local_addr()?;
    tokio::spawn(async move { axum::serve(listener, router).await });
    Ok(format!("http://{address}"))
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let dir = std::env::temp_dir().join(format!("microservices-costs-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let data = dir.to_string_lossy().into_owned();
    let http = microservices::service::http_client()?;

    // Auth and orders, each on its own SQLite file, as the services run them.
    let mut auth_config = auth::Config::from_env(&data)?;
    auth_config.database_url = format!("sqlite://{data}/auth.sqlite?mode=rwc");
    let auth_url = serve(auth::router(Auth::start(&auth_config).await?)).await?;
    let credentials =
        serde_json::json!({"email": "ada@example.com", "password": "correct horse battery"});
    http.post(format!("{auth_url}/users"))
        .json(&credentials)
        .send()
        .await?;
    let session: serde_json::Value = http
        .post(format!("{auth_url}/sessions"))
        .json(&credentials)
        .send()
        .await?
        .json()
        .await?;
    let token = session["accessToken"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let orders_config = orders::Config {
        database_url: format!("sqlite://{data}/orders.sqlite?mode=rwc"),
        auth_url: auth_url.clone(),
        bus: microservices::bus::Settings::from_env(&data),
        delay: None,
    };
    let router = orders::router(Orders::start(&orders_config, http.clone()).await?);

    println!("{SAMPLES} samples each, after 200 to warm up; release build recommended.\n");

    // The same two routes, called in process (the router as a function, no socket) and over
    // loopback HTTP (one keep-alive connection): `/health` does no work, so it shows the
    // boundary alone; `/orders` checks the token and reads the database.
    let app = router.route(
        "/health",
        axum::routing::get(|| async { axum::Json(serde_json::json!({"status": "ok"})) }),
    );
    let orders_url = serve(app.clone()).await?;
    for path in ["/health", "/orders"] {
        let mut samples = Vec::with_capacity(SAMPLES);
        for n in 0..SAMPLES + 200 {
            let request = axum::http::Request::get(path)
                .header("authorization", format!("Bearer {token}"))
                .body(axum::body::Body::empty())?;
            let started = Instant::now();
            let response = app.clone().oneshot(request).await?;
            let _ = axum::body::to_bytes(response.into_body(), usize::MAX).await?;
            if n >= 200 {
                samples.push(started.elapsed());
            }
        }
        report(&format!("GET {path}, in process"), samples);
        let mut samples = Vec::with_capacity(SAMPLES);
        for n in 0..SAMPLES + 200 {
            let started = Instant::now();
            let response = http
                .get(format!("{orders_url}{path}"))
                .bearer_auth(&token)
                .send()
                .await?;
            let _ = response.bytes().await?;
            if n >= 200 {
                samples.push(started.elapsed());
            }
        }
        report(&format!("GET {path}, over loopback HTTP"), samples);
    }

    // 3. One event, publish to delivery, through the broker.
    let file = microservices::bus::FileLog::open(&format!("{data}/bus.sqlite")).await?;
    report(
        "an event, the SQLite stand-in (50 ms polls)",
        through(&file).await?,
    );
    if let Ok(url) = std::env::var("NATS_URL") {
        let stream = format!("microservices_costs_{}", std::process::id());
        let nats = events::transport::nats::JetStream::connect(&url, &stream).await?;
        report("an event, NATS JetStream", through(&nats).await?);
        nats.delete().await?;
    } else {
        println!("(NATS_URL not set: the JetStream figure is skipped)");
    }
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}

/// Publish-to-delivery times of events through `transport`, one at a time: a reader waits in
/// a task of its own, as a consuming service does, and each event is published while it waits.
async fn through<T: Transport + Clone + 'static>(transport: &T) -> anyhow::Result<Vec<Duration>> {
    let (delivered, mut arrivals) = tokio::sync::mpsc::unbounded_channel();
    let reader = {
        let transport = transport.clone();
        tokio::spawn(async move {
            let mut reader = transport.subscribe(None).await?;
            loop {
                let record = reader.next().await?;
                if let Ok(envelope) = events::Envelope::from_bytes(&record.bytes)
                    && delivered.send((envelope.id, Instant::now())).is_err()
                {
                    return Ok::<(), events::TransportError>(());
                }
            }
        })
    };
    let wanted = SAMPLES / 4;
    let mut samples = Vec::with_capacity(wanted);
    for n in 0..wanted + 20 {
        let placed = microservices::orders::OrderPlaced {
            order_id: format!("o-{n}"),
            user_id: "u-1".into(),
            item: "a book".into(),
            quantity: 1,
        };
        let envelope = microservices::orders::envelope(&placed, uuid::Uuid::now_v7());
        // Let the reader go back to waiting, and publish at a different moment of the
        // stand-in's 50 ms poll each time (1 to 53 ms after the last delivery).
        tokio::time::sleep(Duration::from_millis(1 + (n as u64 * 37) % 53)).await;
        let started = Instant::now();
        transport.publish(&envelope).await?;
        let arrived = loop {
            let (id, at) = arrivals
                .recv()
                .await
                .ok_or_else(|| anyhow::anyhow!("the reader stopped"))?;
            if id == envelope.id {
                break at;
            }
        };
        if n >= 20 {
            samples.push(arrived - started);
        }
    }
    reader.abort();
    Ok(samples)
}
