//! Starting the services as real processes (their own binaries), for the fault labs.

#![allow(dead_code)]

use std::path::PathBuf;
use std::process::Stdio;
use std::time::{Duration, Instant};

use tokio::io::{AsyncBufReadExt, BufReader};

/// One service process. Killed when dropped.
pub struct Service {
    pub name: &'static str,
    pub url: String,
    pub port: u16,
    env: Vec<(String, String)>,
    child: Option<tokio::process::Child>,
}

fn binary(name: &str) -> &'static str {
    match name {
        "auth" => env!("CARGO_BIN_EXE_auth"),
        "orders" => env!("CARGO_BIN_EXE_orders"),
        "notifications" => env!("CARGO_BIN_EXE_notifications"),
        "gateway" => env!("CARGO_BIN_EXE_gateway"),
        other => panic!("no service {other}"),
    }
}

/// An HTTP client (reqwest's default one would need a TLS provider installed first).
pub fn http() -> reqwest::Client {
    microservices::service::http_client().expect("an HTTP client")
}

/// A folder of its own for one lab's files (databases, the bus file, emails).
pub fn data_dir(lab: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "microservices-lab-{lab}-{}",
        uuid::Uuid::new_v4().simple()
    ));
    std::fs::create_dir_all(&dir).expect("a data folder");
    dir
}

impl Service {
    /// Starts `name` with `env` (on `PORT`, or any free port), and waits for its `/ready`.
    pub async fn start(name: &'static str, env: &[(&str, String)]) -> Self {
        let mut service = Self {
            name,
            url: String::new(),
            port: 0,
            env: env
                .iter()
                .map(|(k, v)| ((*k).to_owned(), v.clone()))
                .collect(),
            child: None,
        };
        service.spawn().await;
        service
    }

    async fn spawn(&mut self) {
        let mut command = tokio::process::Command::new(binary(self.name));
        // Nothing from the test's own environment decides where the data goes: each lab says.
        command
            .env_remove("DATABASE_URL")
            .env_remove("NATS_URL")
            .env("RUST_LOG", "warn")
            .envs(self.env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .kill_on_drop(true);
        if self.port != 0 {
            command.env("PORT", self.port.to_string());
        }
        let mut child = command.spawn().expect("the service starts");
        let stdout = child.stdout.take().expect("its stdout");
        let mut lines = BufReader::new(stdout).lines();
        let first = tokio::time::timeout(Duration::from_secs(30), lines.next_line())
            .await
            .expect("it says where it listens within 30 s")
            .expect("its stdout")
            .expect("a first line");
        self.url = first
            .split_once(" listening on ")
            .expect("`NAME listening on URL`")
            .1
            .to_owned();
        self.port = self
            .url
            .rsplit(':')
            .next()
            .and_then(|p| p.parse().ok())
            .expect("a port");
        tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
        self.child = Some(child);
        self.wait_ready().await;
    }

    /// Waits until `/ready` says 200.
    pub async fn wait_ready(&self) {
        let http = http();
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let answer = http.get(format!("{}/ready", self.url)).send().await;
            if answer.is_ok_and(|r| r.status().is_success()) {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "{} not ready within 30 s",
                self.name
            );
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
    }

    /// SIGKILL: the process dies at once, mid-whatever.
    pub async fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            child.kill().await.expect("killed");
        }
    }

    /// SIGTERM, and its exit code.
    pub async fn stop(&mut self) -> i32 {
        let Some(mut child) = self.child.take() else {
            return -1;
        };
        let pid = child
            .id()
            .and_then(|id| i32::try_from(id).ok())
            .and_then(rustix::process::Pid::from_raw)
            .expect("a pid");
        rustix::process::kill_process(pid, rustix::process::Signal::TERM).expect("SIGTERM");
        tokio::time::timeout(Duration::from_secs(10), child.wait())
            .await
            .expect("it stops within 10 s")
            .expect("its status")
            .code()
            .unwrap_or(-1)
    }

    /// Starts it again, on the same port, with the same settings.
    pub async fn restart(&mut self) {
        self.spawn().await;
    }
}

/// A user of the API, through the gateway.
pub struct Client {
    pub http: reqwest::Client,
    pub api: String,
    pub token: String,
}

impl Client {
    /// Registers `email` and logs in, through the gateway at `gateway`.
    pub async fn sign_up(gateway: &str, email: &str) -> Self {
        let http = http();
        let api = format!("{gateway}/api");
        let credentials = serde_json::json!({"email": email, "password": "correct horse battery"});
        let registered = http
            .post(format!("{api}/users"))
            .json(&credentials)
            .send()
            .await
            .expect("the gateway answers");
        assert_eq!(registered.status().as_u16(), 201, "registered");
        let session: serde_json::Value = http
            .post(format!("{api}/sessions"))
            .json(&credentials)
            .send()
            .await
            .expect("the gateway answers")
            .json()
            .await
            .expect("a session");
        let token = session["accessToken"].as_str().expect("a token").to_owned();
        Self { http, api, token }
    }

    /// `POST /api/orders` with `key`: the status and body.
    pub async fn place(&self, key: &str, item: &str) -> (u16, serde_json::Value) {
        let response = self
            .http
            .post(format!("{}/orders", self.api))
            .bearer_auth(&self.token)
            .header("idempotency-key", key)
            .json(&serde_json::json!({"item": item, "quantity": 1}))
            .send()
            .await
            .expect("the gateway answers");
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or_default())
    }

    /// `GET /api/{path}`: the status, the content type and the body.
    pub async fn get(&self, path: &str) -> (u16, String, serde_json::Value) {
        let response = self
            .http
            .get(format!("{}/{path}", self.api))
            .bearer_auth(&self.token)
            .send()
            .await
            .expect("the gateway answers");
        let status = response.status().as_u16();
        let content_type = response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        (
            status,
            content_type,
            response.json().await.unwrap_or_default(),
        )
    }
}

/// A private in-memory SQLite database's URL.
pub fn memory(name: &str) -> String {
    singleton::Config::in_memory(&format!("{name}-{}", uuid::Uuid::new_v4())).database_url
}

/// Serves `router` in this process as the binaries serve it (with `/health`, `/ready` and the
/// fallbacks), on a free port; returns its URL.
pub async fn serve(name: &'static str, router: axum::Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a free port");
    let url = format!("http://{}", listener.local_addr().expect("its address"));
    tokio::spawn(microservices::service::serve(
        name,
        listener,
        router,
        microservices::service::always_ready(),
    ));
    url
}

/// Auth (signing with `key`) and orders in this process, each on its own in-memory database;
/// their URLs.
pub async fn auth_and_orders(key: microservices::tokens::SigningKey) -> (String, String) {
    use microservices::{auth, orders};
    let mut config = auth::Config::from_env("/nonexistent").expect("settings");
    config.database_url = memory("auth");
    config.signing_key = Some(key);
    let auth = auth::Auth::start(&config).await.expect("auth");
    let auth_url = serve("auth", auth::router(auth)).await;
    let orders = orders::Orders::start(
        &orders::Config {
            database_url: memory("orders"),
            auth_url: auth_url.clone(),
            // Nothing here publishes: the relay is not started.
            bus: microservices::bus::Settings {
                nats_url: None,
                stream: "unused".into(),
                file: "unused".into(),
            },
            delay: None,
        },
        http(),
    )
    .await
    .expect("orders");
    let orders_url = serve("orders", orders::router(orders)).await;
    (auth_url, orders_url)
}
