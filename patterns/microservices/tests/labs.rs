//! The fault labs, each a check, on real processes (the services' own binaries), each with its
//! own database files:
//!
//! 1. orders killed: the gateway answers 503 problem+json within a second, its breaker opens
//!    and `/ready` says so; orders restarted: the gateway recovers on its own;
//! 2. notifications down while orders are placed: the events wait, and after it returns every
//!    one is delivered, none lost, none twice (on the SQLite stand-in, and on NATS JetStream
//!    with `NATS_URL`);
//! 3. a slow orders: the caller times out and says so, and a flood of requests is answered in
//!    bounded time instead of piling up;
//! 4. two orders instances behind the gateway: the story passes with one of them killed.

mod common;

use std::time::{Duration, Instant};

use common::{Client, Service, data_dir};

struct Lab {
    auth: Service,
    orders: Vec<Service>,
    gateway: Service,
    data: std::path::PathBuf,
    shared: Vec<(&'static str, String)>,
}

impl Lab {
    /// Auth, `instances` of orders and the gateway (notifications is the lab's to start),
    /// with `extra` settings for orders and the gateway.
    async fn start(name: &str, instances: usize, extra: &[(&'static str, String)]) -> Self {
        let data = data_dir(name);
        let mut shared = vec![("DATA_DIR", data.to_string_lossy().into_owned())];
        shared.extend(extra.iter().cloned());
        let auth = Service::start("auth", &shared).await;
        shared.push(("AUTH_URL", auth.url.clone()));
        let mut orders = Vec::new();
        for _ in 0..instances {
            orders.push(Service::start("orders", &shared).await);
        }
        let mut gateway_env = shared.clone();
        gateway_env.push((
            "ORDERS_URLS",
            orders
                .iter()
                .map(|o| o.url.clone())
                .collect::<Vec<_>>()
                .join(","),
        ));
        // Where notifications will listen: a port nobody listens on until the lab starts it.
        let notifications_port = checks::proxy::free_port().await;
        gateway_env.push((
            "NOTIFICATIONS_URL",
            format!("http://127.0.0.1:{notifications_port}"),
        ));
        shared.push(("PORT_OF_NOTIFICATIONS", notifications_port.to_string()));
        let gateway = Service::start("gateway", &gateway_env).await;
        Self {
            auth,
            orders,
            gateway,
            data,
            shared,
        }
    }

    async fn notifications(&self) -> Service {
        let port = self
            .shared
            .iter()
            .find(|(k, _)| *k == "PORT_OF_NOTIFICATIONS")
            .map(|(_, v)| v.clone())
            .expect("a port");
        let mut env = self.shared.clone();
        env.push(("PORT", port));
        Service::start("notifications", &env).await
    }

    async fn ready(&self) -> u16 {
        common::http()
            .get(format!("{}/ready", self.gateway.url))
            .send()
            .await
            .expect("the gateway answers")
            .status()
            .as_u16()
    }
}

impl Drop for Lab {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.data);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lab1_orders_killed_the_gateway_answers_503_at_once_and_recovers_after_a_restart() {
    let mut lab = Lab::start("lab1", 1, &[]).await;
    let ada = Client::sign_up(&lab.gateway.url, "ada@example.com").await;
    assert_eq!(ada.place("order-1", "Rust in Action").await.0, 201);

    lab.orders[0].kill().await;
    for n in 1..=5 {
        let started = Instant::now();
        let (status, content_type, body) = ada.get("orders").await;
        let took = started.elapsed();
        assert_eq!(status, 503, "request {n} with orders dead: {body}");
        assert_eq!(content_type, "application/problem+json", "request {n}");
        assert!(
            took < Duration::from_secs(1),
            "request {n}: answered in {took:?}, not hung"
        );
        println!("lab 1: request {n} → 503 in {took:?}: {}", body["detail"]);
    }
    assert_eq!(
        lab.ready().await,
        503,
        "the gateway is not ready while every orders breaker is open"
    );

    lab.orders[0].restart().await;
    // No client calls now: the gateway's own probe must find orders back (a breaker only
    // half-opens when a call comes, and a load balancer sends none to a gateway that is not
    // ready).
    let started = Instant::now();
    while lab.ready().await != 200 {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "the gateway was not ready again within 10 s of orders' restart, with no client \
             calling"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    println!(
        "lab 1: orders restarted; with no client calling, the gateway's probe closed the breaker \
         and /ready said 200 after {:?}, without a restart of the gateway",
        started.elapsed()
    );
    let (status, _, body) = ada.get("orders").await;
    assert_eq!(status, 200, "orders is back: {body}");
    assert_eq!(
        body["orders"].as_array().map(Vec::len),
        Some(1),
        "the order placed before the kill is still there"
    );
    assert_eq!(lab.ready().await, 200);
    assert_eq!(lab.gateway.stop().await, 0);
}

/// Places 20 orders (5 of them sent twice) while notifications is down, then starts it: every
/// one is emailed once.
async fn notifications_down(bus: &[(&'static str, String)]) {
    let lab = Lab::start("lab2", 1, bus).await;
    let grace = Client::sign_up(&lab.gateway.url, "grace@example.com").await;
    for n in 0..20 {
        assert_eq!(grace.place(&format!("order-{n}"), "a book").await.0, 201);
    }
    for n in 0..5 {
        assert_eq!(
            grace.place(&format!("order-{n}"), "a book").await.0,
            200,
            "a retried order is the same order"
        );
    }
    let (status, content_type, _) = grace.get("notifications").await;
    assert_eq!(status, 503, "notifications is down: the gateway says so");
    assert_eq!(content_type, "application/problem+json");

    let mut notifications = lab.notifications().await;
    let started = Instant::now();
    let sent = loop {
        let (status, _, body) = grace.get("notifications").await;
        let sent = body["notifications"].as_array().map_or(0, Vec::len);
        if status == 200 && sent >= 20 {
            break sent;
        }
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "only {sent} of 20 delivered within 20 s"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    // A moment more, for any copy that would come late.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let (_, _, body) = grace.get("notifications").await;
    assert_eq!(
        body["notifications"].as_array().map(Vec::len),
        Some(20),
        "20 orders, 20 emails: 0 lost, 0 twice"
    );
    let emails = std::fs::read_dir(lab.data.join("emails"))
        .expect("the email folder")
        .count();
    assert_eq!(emails, 20, "20 .eml files written");
    println!(
        "lab 2: 20 orders placed while notifications was down; {sent} emails after it returned, \
         in {:?}",
        started.elapsed()
    );
    assert_eq!(notifications.stop().await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lab2_notifications_down_the_events_wait_and_each_is_delivered_once() {
    notifications_down(&[]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lab2_on_nats_jetstream() {
    let Some(url) = checks::service_url("NATS_URL", "NATS with JetStream") else {
        return;
    };
    let stream = format!("microservices_lab2_{}", uuid::Uuid::new_v4().simple());
    notifications_down(&[("NATS_URL", url.clone()), ("BUS_STREAM", stream.clone())]).await;
    events::transport::nats::JetStream::connect(&url, &stream)
        .await
        .expect("NATS")
        .delete()
        .await
        .expect("the stream deleted");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lab3_a_slow_service_the_caller_times_out_and_nothing_piles_up() {
    let lab = Lab::start(
        "lab3",
        1,
        &[
            ("FAULT_DELAY_MS", "10000".to_owned()),
            ("CALL_TIMEOUT_MS", "300".to_owned()),
        ],
    )
    .await;
    let alan = Client::sign_up(&lab.gateway.url, "alan@example.com").await;
    let started = Instant::now();
    let (status, content_type, body) = alan.get("orders").await;
    let took = started.elapsed();
    assert_eq!(status, 504, "{body}");
    assert_eq!(content_type, "application/problem+json");
    assert!(
        body["detail"]
            .as_str()
            .is_some_and(|d| d.contains("did not answer within 300ms")),
        "it says so: {body}"
    );
    assert!(
        took < Duration::from_secs(2),
        "three 300 ms attempts: {took:?}"
    );

    // A flood: 200 requests at once. Each is answered (504, or 503 once the breaker is open
    // or the in-flight limit is reached), all within a bounded time: none waits for the slow
    // service's 10 s.
    let started = Instant::now();
    let flood: Vec<_> = (0..200)
        .map(|_| {
            let (http, api, token) = (alan.http.clone(), alan.api.clone(), alan.token.clone());
            tokio::spawn(async move {
                http.get(format!("{api}/orders"))
                    .bearer_auth(token)
                    .send()
                    .await
                    .map(|r| r.status().as_u16())
            })
        })
        .collect();
    let mut statuses = std::collections::BTreeMap::new();
    for request in flood {
        let status = request.await.expect("the task").expect("an answer");
        *statuses.entry(status).or_insert(0) += 1;
    }
    let took = started.elapsed();
    assert!(
        statuses.keys().all(|s| *s == 503 || *s == 504),
        "only 503 and 504: {statuses:?}"
    );
    assert!(
        took < Duration::from_secs(6),
        "200 requests answered in {took:?}, well before the slow service's 10 s"
    );
    println!(
        "lab 3: a 10 s orders behind a 300 ms timeout; 200 requests at once: {statuses:?} in \
         {took:?}"
    );
    let health = common::http()
        .get(format!("{}/health", lab.gateway.url))
        .send()
        .await
        .expect("the gateway still answers")
        .status();
    assert_eq!(health.as_u16(), 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lab4_two_orders_instances_the_story_passes_with_one_killed() {
    let mut lab = Lab::start("lab4", 2, &[]).await;
    let _notifications = lab.notifications().await;
    let edsger = Client::sign_up(&lab.gateway.url, "edsger@example.com").await;
    for n in 0..4 {
        assert_eq!(edsger.place(&format!("before-{n}"), "a pen").await.0, 201);
    }
    lab.orders[0].kill().await;
    for n in 0..10 {
        let (status, body) = edsger.place(&format!("after-{n}"), "a pen").await;
        assert_eq!(status, 201, "order {n} with one instance dead: {body}");
    }
    let (status, _, body) = edsger.get("orders").await;
    assert_eq!(status, 200);
    assert_eq!(body["orders"].as_array().map(Vec::len), Some(14));
    let started = Instant::now();
    loop {
        let (_, _, body) = edsger.get("notifications").await;
        let sent = body["notifications"].as_array().map_or(0, Vec::len);
        if sent == 14 {
            break;
        }
        assert!(sent < 14, "{sent} emails for 14 orders");
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "{sent} of 14 emails in 20 s"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    println!(
        "lab 4: orders#1 killed; 10 more orders placed through orders#2, 14 listed, 14 emails"
    );
    let _ = &lab.auth;
}
