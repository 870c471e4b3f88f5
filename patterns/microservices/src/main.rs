//! `cargo run -p microservices`: starts auth, orders, notifications and the gateway as four
//! child processes, each with its own database, on free ports; waits until each says it is
//! ready; tells the story through the gateway (register, log in, place an order, the email
//! sent, the order listed) with one correlation id, and shows that id in every service's log;
//! then stops them all with SIGTERM and checks that each exited 0.
//!
//! `cargo run -p microservices -- serve orders` runs one service alone (so do the binaries
//! `auth`, `orders`, `notifications` and `gateway`).
//!
//! With `DATABASE_URL` set to PostgreSQL, each service gets a schema of its own there for the
//! run; with `NATS_URL`, the events go through NATS JetStream instead of the stand-in file.

use std::collections::BTreeMap;
use std::process::{ExitCode, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::{Context, bail};
use clap::{Parser, Subcommand};
use tokio::io::{AsyncBufReadExt, BufReader};
use uuid::Uuid;

#[derive(Parser)]
#[command(about = "The microservices pattern: four processes, one story")]
struct Args {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Runs one service until SIGTERM: auth, orders, notifications or gateway.
    Serve { service: String },
    /// Tells the story (the default).
    Story {
        /// How many orders instances the gateway spreads requests over.
        #[arg(long, default_value_t = 1)]
        orders_instances: usize,
        /// After the story, keep the services running (for a load generator) until SIGTERM or
        /// Ctrl-C; prints the gateway's URL and the story's token.
        #[arg(long)]
        serve: bool,
    },
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    match args.command {
        Some(Command::Serve { service }) => {
            microservices::service::init_logging(&service);
            match microservices::service::run(&service).await {
                Ok(()) => ExitCode::SUCCESS,
                Err(error) => {
                    tracing::error!(%error, "the service stopped");
                    eprintln!("{service}: {error}");
                    ExitCode::from(2)
                }
            }
        }
        Some(Command::Story {
            orders_instances,
            serve,
        }) => finish(story(orders_instances, serve).await),
        None => finish(story(1, false).await),
    }
}

fn finish(result: anyhow::Result<()>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

/// Every line the services wrote to stderr during the story, by service.
#[derive(Clone, Default)]
struct Logs {
    lines: Arc<Mutex<BTreeMap<String, Vec<String>>>>,
    /// Cleared after the story: under `--serve` the services run on, and their lines are no
    /// longer kept (they would grow without bound under a load generator).
    done: Arc<std::sync::atomic::AtomicBool>,
}

impl Logs {
    fn push(&self, service: &str, line: String) {
        if self.done.load(std::sync::atomic::Ordering::Relaxed) {
            return;
        }
        if let Ok(mut logs) = self.lines.lock() {
            logs.entry(service.to_owned()).or_default().push(line);
        }
    }

    fn stop_keeping(&self) {
        self.done.store(true, std::sync::atomic::Ordering::Relaxed);
    }

    /// The lines of `service` that mention `needle`.
    fn mentioning(&self, service: &str, needle: &str) -> Vec<String> {
        self.lines
            .lock()
            .map(|logs| {
                logs.get(service)
                    .into_iter()
                    .flatten()
                    .filter(|line| line.contains(needle))
                    .cloned()
                    .collect()
            })
            .unwrap_or_default()
    }

    fn all(&self, service: &str) -> Vec<String> {
        self.mentioning(service, "")
    }
}

/// A service running as a child process. Dropped without [`Running::stop`], it is killed.
struct Running {
    name: String,
    url: String,
    process: tokio::process::Child,
    /// Copies its log into the `Logs`; done when the process has closed its stderr.
    log_reader: Option<tokio::task::JoinHandle<()>>,
}

// ANCHOR: spawn
/// Starts `microservices serve <service>` as a child process with `env`, and reads the port it
/// listens on from the first line it prints. Its log (stderr) goes into `logs`.
async fn spawn(
    service: &str,
    name: &str,
    env: &[(String, String)],
    logs: &Logs,
) -> anyhow::Result<Running> {
    let mut process = tokio::process::Command::new(std::env::current_exe()?)
        .args(["serve", service])
        .envs(env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .env("PORT", "0")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .with_context(|| format!("starting {name}"))?;
    let log_reader = process.stderr.take().map(|stderr| {
        let (logs, name) = (logs.clone(), name.to_owned());
        tokio::spawn(async move {
            let mut lines = BufReader::new(stderr).lines();
            while let Ok(Some(line)) = lines.next_line().await {
                logs.push(&name, line);
            }
        })
    });
    let stdout = process.stdout.take().context("the child's stdout")?;
    let mut lines = BufReader::new(stdout).lines();
    let first = tokio::time::timeout(Duration::from_secs(30), lines.next_line())
        .await
        .with_context(|| format!("{name} did not say where it listens within 30 s"))??
        .with_context(|| format!("{name} exited at start: {}", logs.all(name).join("\n")))?;
    let url = first
        .split_once(" listening on ")
        .map(|(_, url)| url.to_owned())
        .with_context(|| format!("{name} printed {first:?}"))?;
    tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
    Ok(Running {
        name: name.to_owned(),
        url,
        process,
        log_reader,
    })
}
// ANCHOR_END: spawn

/// Waits until `GET {url}/ready` answers 200.
async fn ready(http: &reqwest::Client, running: &Running) -> anyhow::Result<()> {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    loop {
        let answer = http.get(format!("{}/ready", running.url)).send().await;
        if answer.is_ok_and(|response| response.status().is_success()) {
            return Ok(());
        }
        if tokio::time::Instant::now() > deadline {
            bail!("{} was not ready within 30 s", running.name);
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

// ANCHOR: stop
/// SIGTERM, then waits for the exit: the service finishes what is in flight and exits 0.
async fn stop(mut running: Running) -> anyhow::Result<i32> {
    let pid = running
        .process
        .id()
        .and_then(|id| i32::try_from(id).ok())
        .and_then(rustix::process::Pid::from_raw)
        .context("the child's process id")?;
    rustix::process::kill_process(pid, rustix::process::Signal::TERM)?;
    let status = tokio::time::timeout(Duration::from_secs(10), running.process.wait())
        .await
        .with_context(|| format!("{} did not stop within 10 s of SIGTERM", running.name))??;
    if let Some(reader) = running.log_reader.take() {
        let _ = tokio::time::timeout(Duration::from_secs(5), reader).await;
    }
    Ok(status.code().unwrap_or(-1))
}
// ANCHOR_END: stop

/// Each service's database: a SQLite file in the run's own folder, or with `DATABASE_URL` set
/// to PostgreSQL, a schema of its own there (the events pattern's `Schemas`), dropped after
/// the run.
struct Databases(Option<events::Schemas>);

impl Databases {
    async fn create() -> anyhow::Result<Self> {
        let url = std::env::var("DATABASE_URL")
            .ok()
            .filter(|url| url.starts_with("postgres"));
        Ok(Self(match url {
            None => None,
            Some(url) => Some(
                events::Schemas::connect(&url, "microservices")
                    .await
                    .with_context(|| format!("cannot reach PostgreSQL at DATABASE_URL ({url})"))?,
            ),
        }))
    }

    /// `DATABASE_URL` for `service`, if not the default file.
    async fn url(&self, service: &str) -> anyhow::Result<Option<String>> {
        Ok(match &self.0 {
            Some(schemas) => Some(schemas.url(service).await?),
            None => None,
        })
    }

    async fn drop(self) -> anyhow::Result<()> {
        if let Some(schemas) = self.0 {
            schemas.drop_all().await?;
        }
        Ok(())
    }
}

async fn story(orders_instances: usize, serve: bool) -> anyhow::Result<()> {
    let data = std::env::temp_dir().join(format!("microservices-demo-{}", std::process::id()));
    std::fs::create_dir_all(&data)?;
    let databases = Databases::create().await?;
    let logs = Logs::default();
    let told = tell(orders_instances.max(1), serve, &data, &databases, &logs).await;
    // The children are stopped (or killed, when a step failed) by now.
    databases.drop().await?;
    let _ = std::fs::remove_dir_all(&data);
    told
}

async fn tell(
    orders_instances: usize,
    serve: bool,
    data: &std::path::Path,
    databases: &Databases,
    logs: &Logs,
) -> anyhow::Result<()> {
    let nats = std::env::var("NATS_URL").ok().filter(|url| !url.is_empty());
    let stream = format!("microservices_demo_{}", std::process::id());
    let mut shared = vec![
        ("DATA_DIR".to_owned(), data.to_string_lossy().into_owned()),
        ("BUS_STREAM".to_owned(), stream.clone()),
        // The services' own log level: info, for the story's correlation id to show.
        (
            "RUST_LOG".to_owned(),
            microservices::setting("SERVICES_LOG", "info"),
        ),
    ];
    println!("Microservices: four processes, each with its own database, one story.");
    println!(
        "  databases: {}",
        if databases.0.is_some() {
            "a PostgreSQL schema per service (DATABASE_URL)"
        } else {
            "a SQLite file per service"
        }
    );
    println!(
        "  events:    {}",
        if nats.is_some() {
            "NATS JetStream (NATS_URL)"
        } else {
            "a stream table in a shared SQLite file (the stand-in for a broker)"
        }
    );
    println!(
        "  secrets:   development defaults (a signing key made at start, client secrets in \
         the code): set SIGNING_KEY_FILE and CLIENT_SECRETS in production"
    );

    let http = microservices::service::http_client()?;

    println!("\n1. Start the services, each a child process on a free port:");
    let auth_db = databases.url("auth").await?;
    let auth = spawn("auth", "auth", &with_db(&shared, auth_db), logs).await?;
    shared.push(("AUTH_URL".to_owned(), auth.url.clone()));
    // Instances of one service share its database: they are one service, scaled out. (On
    // SQLite each runs a relay over the same outbox, so an event may go out twice; the
    // notifications inbox is there for exactly that.)
    let orders_db = databases.url("orders").await?;
    let mut orders = Vec::new();
    for i in 1..=orders_instances {
        let name = if orders_instances == 1 {
            "orders".to_owned()
        } else {
            format!("orders#{i}")
        };
        orders.push(spawn("orders", &name, &with_db(&shared, orders_db.clone()), logs).await?);
    }
    let notifications_db = databases.url("notifications").await?;
    let notifications = spawn(
        "notifications",
        "notifications",
        &with_db(&shared, notifications_db),
        logs,
    )
    .await?;
    shared.push((
        "ORDERS_URLS".to_owned(),
        orders
            .iter()
            .map(|o| o.url.clone())
            .collect::<Vec<_>>()
            .join(","),
    ));
    shared.push(("NOTIFICATIONS_URL".to_owned(), notifications.url.clone()));
    let gateway = spawn("gateway", "gateway", &with_db(&shared, None), logs).await?;
    let mut everyone = vec![gateway, auth];
    everyone.extend(orders);
    everyone.push(notifications);
    for running in &everyone {
        ready(&http, running).await?;
        println!("   {:<14} ready (GET /ready: 200)", running.name);
    }
    let api = format!("{}/api", everyone[0].url);

    let correlation_id = Uuid::now_v7();
    println!("\n2. The story, through the gateway, with correlation id {correlation_id}:");
    let told = story_steps(&http, &api, correlation_id).await;
    if serve && let Ok(token) = &told {
        logs.stop_keeping();
        println!("\nServing until SIGTERM or Ctrl-C:");
        println!("   gateway: {}", everyone[0].url);
        println!("   token:   {token}");
        microservices::service::stopping().await;
    }
    let told = told.map(drop);

    let names: Vec<String> = everyone.iter().map(|r| r.name.clone()).collect();
    println!("\n3. Stop every service with SIGTERM (each finishes what is in flight):");
    let mut failed = Vec::new();
    for running in everyone {
        let name = running.name.clone();
        let code = stop(running).await?;
        println!("   {name:<14} exited {code}");
        if code != 0 {
            failed.push(name);
        }
    }
    println!("\n4. The correlation id, followed through each service's log:");
    for name in &names {
        let lines = logs.mentioning(name, &correlation_id.to_string());
        let plural = if lines.len() == 1 { "" } else { "s" };
        println!("   {name} ({} line{plural})", lines.len());
        for line in lines {
            println!("     {}", line.replace(&correlation_id.to_string(), "…"));
        }
    }

    if let Some(url) = &nats {
        events::transport::nats::JetStream::connect(url, &stream)
            .await?
            .delete()
            .await?;
    }
    told?;
    if !failed.is_empty() {
        bail!("these services did not exit 0: {}", failed.join(", "));
    }
    println!("\nEvery process stopped cleanly: nothing is left running.");
    Ok(())
}

/// The settings every service gets, and `DATABASE_URL` if one is given.
fn with_db(shared: &[(String, String)], database_url: Option<String>) -> Vec<(String, String)> {
    let mut env = shared.to_vec();
    if let Some(url) = database_url {
        env.push(("DATABASE_URL".to_owned(), url));
    }
    env
}

// ANCHOR: story
/// The story's requests; returns the user's token.
async fn story_steps(http: &reqwest::Client, api: &str, id: Uuid) -> anyhow::Result<String> {
    let id_header = ("x-correlation-id", id.to_string());
    let credentials =
        serde_json::json!({"email": "ada@example.com", "password": "correct horse battery"});

    let registered = http
        .post(format!("{api}/users"))
        .header(id_header.0, &id_header.1)
        .json(&credentials)
        .send()
        .await?;
    println!(
        "   POST /api/users            → {} (auth stores the user and an argon2 hash)",
        registered.status().as_u16()
    );
    if !registered.status().is_success() {
        bail!("registering failed: {}", registered.text().await?);
    }

    let session: serde_json::Value = http
        .post(format!("{api}/sessions"))
        .header(id_header.0, &id_header.1)
        .json(&credentials)
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    let token = session["accessToken"]
        .as_str()
        .context("the login's token")?
        .to_owned();
    println!(
        "   POST /api/sessions         → 200, a token signed by auth (EdDSA), for audience \"api\""
    );

    let order = serde_json::json!({"item": "Rust in Action", "quantity": 2});
    let key = Uuid::new_v4().to_string();
    let place = || {
        http.post(format!("{api}/orders"))
            .header(id_header.0, &id_header.1)
            .header("idempotency-key", &key)
            .bearer_auth(&token)
            .json(&order)
    };
    let placed = place().send().await?;
    let status = placed.status().as_u16();
    let placed: serde_json::Value = placed.json().await?;
    println!(
        "   POST /api/orders           → {status} (orders checks the token with auth's public key)"
    );
    if status != 201 {
        bail!("placing the order failed: {placed}");
    }
    let again = place().send().await?;
    let replayed = again
        .headers()
        .get("idempotent-replayed")
        .is_some_and(|v| v == "true");
    let again_status = again.status().as_u16();
    let again: serde_json::Value = again.json().await?;
    println!(
        "   the same POST again        → {again_status}, {} (the same Idempotency-Key: applied once)",
        if replayed && again["id"] == placed["id"] {
            "the same order"
        } else {
            "A SECOND ORDER"
        }
    );

    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    // Waiting is the demo's own business: these requests get ids of their own.
    while get(http, &format!("{api}/notifications"), &token, None).await?["notifications"]
        .as_array()
        .is_none_or(Vec::is_empty)
    {
        if tokio::time::Instant::now() > deadline {
            bail!("no notification within 20 s");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let sent = get(http, &format!("{api}/notifications"), &token, Some(id)).await?;
    let sent = sent["notifications"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let first = sent.first().context("the notification")?;
    println!(
        "   GET /api/notifications     → {} email: {:?} to {}",
        sent.len(),
        first["subject"].as_str().unwrap_or_default(),
        first["email"].as_str().unwrap_or_default()
    );
    println!(
        "                                (OrderPlaced went orders → outbox → bus → notifications, which asked auth for the address)"
    );

    let listed = get(http, &format!("{api}/orders"), &token, Some(id)).await?;
    let orders = listed["orders"].as_array().cloned().unwrap_or_default();
    let first = orders.first().context("the order")?;
    println!(
        "   GET /api/orders            → {} order: {} × {}",
        orders.len(),
        first["quantity"].as_i64().unwrap_or(0),
        first["item"].as_str().unwrap_or_default()
    );
    Ok(token)
}
// ANCHOR_END: story

/// `GET url` as the user with `token`, with the story's correlation id if `id`: the JSON answer.
async fn get(
    http: &reqwest::Client,
    url: &str,
    token: &str,
    id: Option<Uuid>,
) -> anyhow::Result<serde_json::Value> {
    let mut request = http.get(url).bearer_auth(token);
    if let Some(id) = id {
        request = request.header("x-correlation-id", id.to_string());
    }
    Ok(request.send().await?.error_for_status()?.json().await?)
}
