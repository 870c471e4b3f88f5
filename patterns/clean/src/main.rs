//! `cargo run -p clean`: the demo. Orders placed over HTTP and from the command line, through
//! the same use cases, on SQLite in memory; it prints each step and exits.
//! `cargo run -p clean -- serve`: the HTTP API (DATABASE_URL, or SQLite in memory).
//! `cargo run -p clean -- orders place --customer ada@example.com --line keyboard=1`: the
//! command line (DATABASE_URL, or a database in memory that is gone when it exits).

use std::ffi::OsString;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use clean_adapters::sql::DEFAULT_DATABASE_URL;
use clean_adapters::{cli, http};

/// Clean architecture: one set of use cases, two ways in.
#[derive(Parser)]
#[command(version, long_about = None)]
struct Args {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Runs the narrated demo (the default).
    Demo,
    /// Serves the HTTP API on 127.0.0.1.
    Serve {
        /// Port to listen on (0 picks a free one).
        #[arg(long, default_value_t = 3000)]
        port: u16,
    },
    /// The command line: `orders --help` lists its commands.
    #[command(disable_help_flag = true)]
    Orders {
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        args: Vec<OsString>,
    },
}

#[tokio::main]
async fn main() -> anyhow::Result<ExitCode> {
    let args = Args::parse();
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(
            std::io::IsTerminal::is_terminal(&std::io::stderr())
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        )
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
        )
        .init();
    let url = std::env::var("DATABASE_URL").unwrap_or_else(|_| DEFAULT_DATABASE_URL.to_owned());
    match args.command.unwrap_or(Command::Demo) {
        Command::Demo => {
            demo().await?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Serve { port } => {
            let app = clean::live(clean::store(&url).await?)?;
            let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
            println!(
                "Orders API on http://{} (POST /orders, GET /orders/{{id}}, POST /orders/{{id}}/confirm, POST /orders/{{id}}/cancel, GET /stock/{{product}})",
                listener.local_addr()?
            );
            axum::serve(listener, http::router(app)).await?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Orders { args } => {
            let app = clean::live(clean::store(&url).await?)?;
            let argv = std::iter::once(OsString::from("orders")).chain(args);
            let code = cli::run(&app, argv, &mut std::io::stdout(), &mut std::io::stderr()).await;
            Ok(ExitCode::from(code))
        }
    }
}

// ANCHOR: demo
/// The story: two ways in, one set of use cases, on SQLite in memory.
async fn demo() -> anyhow::Result<()> {
    let store = clean::store("sqlite:file:clean-demo?mode=memory&cache=shared").await?;
    let app = clean::narrated(store);
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0)).await?;
    let base = format!("http://{}", listener.local_addr()?);
    let server = tokio::spawn(axum::serve(listener, http::router(app.clone())).into_future());
    // reqwest is built on rustls without a crypto provider of its own: the program picks one.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let client = reqwest::Client::new();

    println!("Clean architecture: one set of use cases, two ways in (HTTP and a command line).");
    let stock: Vec<String> = clean::CATALOGUE
        .iter()
        .map(|(product, n)| format!("{n} {product}"))
        .collect();
    println!("In stock: {} (SQLite in memory).\n", stock.join(", "));

    let http = async |method: &str, path: &str, body: Option<&str>| -> anyhow::Result<()> {
        println!("HTTP  {method} {path} {}", body.unwrap_or(""));
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
        println!("  -> {}: {}\n", response.status(), response.text().await?);
        Ok(())
    };
    let cli = async |args: &str| {
        println!("CLI   $ orders {args}");
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let argv = std::iter::once("orders").chain(args.split(' '));
        let code = cli::run(&app, argv, &mut out, &mut err).await;
        out.extend(err);
        print!("  -> {}", String::from_utf8_lossy(&out));
        println!("     (exit code {code})\n");
    };

    http(
        "POST",
        "/orders",
        Some(r#"{"customer":"ada@example.com","lines":[{"product":"keyboard","quantity":1},{"product":"mouse","quantity":2}]}"#),
    )
    .await?;
    cli("place --customer grace@example.com --line monitor=2").await;
    http(
        "POST",
        "/orders",
        Some(r#"{"customer":"alan@example.com","lines":[{"product":"keyboard","quantity":1},{"product":"monitor","quantity":1}]}"#),
    )
    .await?;
    cli("stock keyboard").await;
    http("POST", "/orders/order-1/confirm", None).await?;
    cli("cancel order-1").await;
    cli("cancel order-2").await;
    http("GET", "/stock/monitor", None).await?;
    cli("place --customer ada@example.com --line keyboard=0").await;
    http(
        "POST",
        "/orders",
        Some(r#"{"customer":"ada@example.com","lines":[]}"#),
    )
    .await?;

    println!(
        "Both ways in called the same PlaceOrder, ConfirmOrder and CancelOrder; neither knows"
    );
    println!("SQL, and the use cases know neither HTTP nor the terminal.");
    server.abort();
    Ok(())
}
// ANCHOR_END: demo
