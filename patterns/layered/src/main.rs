//! `cargo run -p layered`: the users API on 127.0.0.1 (SQLite in memory, or DATABASE_URL).
//! `cargo run -p layered -- --demo`: the same server, plus a scripted client session that
//! prints each request, its response, and the layers it went through; then it exits.

use clap::Parser;
use layered::startup::{self, DEFAULT_DATABASE_URL};
use layered::trace::SpanTree;
use tracing_subscriber::Layer;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;

/// Layered architecture, as an HTTP API: route, controller, service, repository, database.
#[derive(Parser)]
#[command(version, long_about = None)]
struct Args {
    /// Port to listen on, on 127.0.0.1 (0 picks a free one).
    #[arg(long, default_value_t = 3000)]
    port: u16,
    /// Run a scripted client session against the server, print it, and exit.
    #[arg(long)]
    demo: bool,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    // Logs on stderr (RUST_LOG, default warn), and, for the demo only, the layers' spans
    // recorded to be printed (a server that recorded every span would keep them for ever).
    let spans = SpanTree::new();
    tracing_subscriber::registry()
        .with(
            tracing_subscriber::fmt::layer()
                .with_writer(std::io::stderr)
                // Colour only for a person at a terminal, and never with NO_COLOR set (no-color.org):
                // piped into a file or `tail`, escape codes are noise.
                .with_ansi(
                    std::io::IsTerminal::is_terminal(&std::io::stderr())
                        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
                )
                .with_filter(
                    tracing_subscriber::EnvFilter::try_from_default_env()
                        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
                ),
        )
        .with(args.demo.then(|| spans.clone()))
        .init();
    let url = std::env::var("DATABASE_URL").unwrap_or_else(|_| DEFAULT_DATABASE_URL.to_owned());
    if !args.demo {
        let pool = startup::connect_database(&url).await?;
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", args.port)).await?;
        let address = listener.local_addr()?;
        println!("Users API on http://{address} (POST /users, GET /users, GET /users/{{id}})");
        axum::serve(listener, startup::app(pool)).await?;
        return Ok(());
    }
    // The demo tells the same story on every run: on a server database it works in a schema
    // of its own, dropped afterwards, so it neither meets an earlier run's users nor leaves
    // its own behind.
    let scratch = Scratch::create(&url).await?;
    let outcome = async {
        let pool = startup::connect_database(scratch.url()).await?;
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0)).await?;
        let address = listener.local_addr()?;
        let server = tokio::spawn(axum::serve(listener, startup::app(pool.clone())).into_future());
        let outcome = demo(&format!("http://{address}"), &spans).await;
        server.abort();
        pool.close().await;
        outcome
    }
    .await;
    scratch.drop().await?;
    outcome
}

/// Where the demo runs: the database at `DATABASE_URL` as it is (SQLite in memory is new on
/// every run), or, on PostgreSQL, a schema made for this run.
struct Scratch {
    url: String,
    schema: Option<(sqlx::AnyPool, String)>,
}

impl Scratch {
    async fn create(url: &str) -> anyhow::Result<Self> {
        if !url.starts_with("postgres") {
            return Ok(Self {
                url: url.to_owned(),
                schema: None,
            });
        }
        sqlx::any::install_default_drivers();
        let admin = sqlx::AnyPool::connect(url).await?;
        let schema = format!("layered_demo_{}", std::process::id());
        sqlx::query(sqlx::AssertSqlSafe(format!("CREATE SCHEMA \"{schema}\"")))
            .execute(&admin)
            .await?;
        let separator = if url.contains('?') { '&' } else { '?' };
        Ok(Self {
            url: format!("{url}{separator}options[search_path]={schema}"),
            schema: Some((admin, schema)),
        })
    }

    fn url(&self) -> &str {
        &self.url
    }

    async fn drop(self) -> anyhow::Result<()> {
        if let Some((admin, schema)) = self.schema {
            sqlx::query(sqlx::AssertSqlSafe(format!(
                "DROP SCHEMA \"{schema}\" CASCADE"
            )))
            .execute(&admin)
            .await?;
        }
        Ok(())
    }
}

/// A client session: what a user of the API would send, and what comes back.
async fn demo(base: &str, spans: &SpanTree) -> anyhow::Result<()> {
    // reqwest is built on rustls without a crypto provider of its own (the usual one,
    // aws-lc-rs, needs cmake to build): a program picks one for the whole process, once.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let client = reqwest::Client::new();
    spans.take();
    println!("Layered architecture: route -> controller -> service -> repository -> database.\n");
    let steps: [(&str, &str, Option<&str>); 6] = [
        (
            "POST",
            "/users",
            Some(r#"{"email": " Ada@Example.com ", "name": "Ada", "password": "correct horse"}"#),
        ),
        (
            "POST",
            "/users",
            Some(
                r#"{"email": "ada@example.com", "name": "Ada again", "password": "battery staple"}"#,
            ),
        ),
        (
            "POST",
            "/users",
            Some(r#"{"email": "not-an-email", "name": "X", "password": "12345678"}"#),
        ),
        ("POST", "/users", Some(r#"{"email": "grace@example.com""#)),
        ("GET", "/users", None),
        ("GET", "/users/7d3c2a1e-0000-4000-8000-000000000000", None),
    ];
    for (method, path, body) in steps {
        let request = match method {
            "POST" => client.post(format!("{base}{path}")),
            _ => client.get(format!("{base}{path}")),
        };
        let request = match body {
            Some(body) => request
                .header("content-type", "application/json")
                .body(body.to_owned()),
            None => request,
        };
        let response = request.send().await?;
        let status = response.status();
        let mut text = response.text().await?;
        // Ids are random UUIDs: show their shape, not their value.
        if let Ok(mut json) = serde_json::from_str::<serde_json::Value>(&text) {
            hide_ids(&mut json);
            text = json.to_string();
        }
        println!("{method} {path} {}", body.unwrap_or(""));
        for line in spans.take() {
            println!("  | {line}");
        }
        println!("  -> {status}: {text}\n");
    }
    println!("Done: the password hash never left the service; every error above is JSON.");
    Ok(())
}

fn hide_ids(json: &mut serde_json::Value) {
    match json {
        serde_json::Value::Object(map) if map.contains_key("id") => {
            map.insert("id".into(), "<uuid>".into());
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(hide_ids),
        _ => {}
    }
}
