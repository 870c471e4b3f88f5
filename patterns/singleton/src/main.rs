//! `cargo run -p singleton`: proof that the process builds exactly one pool, however many
//! tasks ask for it at once, and that a failed first attempt is not remembered.

use std::collections::HashSet;

use clap::Parser;
use singleton::{
    CONFIG, Config, DatabaseCell, UserStore, connect, database, database_cell, redact,
};

/// The singleton pattern, narrated: one database pool for the whole process.
///
/// Uses an in-memory SQLite database, or the server in DATABASE_URL when it is set.
#[derive(Parser)]
#[command(version, long_about = None)]
struct Args {
    /// How many tasks ask for the pool at the same moment.
    #[arg(long, default_value_t = 100)]
    tasks: usize,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
        )
        .with_writer(std::io::stderr)
        // Colour only for a person at a terminal, and never with NO_COLOR set (no-color.org):
        // piped into a file or `tail`, escape codes are noise.
        .with_ansi(
            std::io::IsTerminal::is_terminal(&std::io::stderr())
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        )
        .init();

    println!("Singleton: one database pool for the whole process, built on first use.\n");

    println!("1. The configuration is read from the environment once (LazyLock):");
    println!(
        "   database_url = {}, max_connections = {}\n",
        redact(&CONFIG.database_url),
        CONFIG.max_connections
    );

    // ANCHOR: proof
    println!(
        "2. {} tasks ask for the database at the same moment:",
        args.tasks
    );
    // Each task answers with the address of the `Database` it got: pointer identity, what
    // `===` on two objects means in JavaScript. One address means one pool.
    let tasks: Vec<_> = (0..args.tasks)
        .map(|_| tokio::spawn(async { database().await.map(|db| db as *const _ as usize) }))
        .collect();
    let mut addresses = HashSet::new();
    for task in tasks {
        addresses.insert(task.await??);
    }
    let cell = database_cell();
    println!(
        "   initialiser runs: {}, pools built: {}, distinct pools handed out: {}\n",
        cell.attempts(),
        cell.pools_built(),
        addresses.len()
    );
    anyhow::ensure!(
        cell.pools_built() == 1 && addresses.len() == 1,
        "more than one pool"
    );
    // ANCHOR_END: proof

    println!("3. The pool answers, through the global:");
    let two: i32 = sqlx::query_scalar("SELECT 1 + 1")
        .fetch_one(database().await?.pool())
        .await?;
    println!("   SELECT 1 + 1 -> {two}\n");

    // ANCHOR: retry
    println!("4. A failed first attempt is not remembered:");
    let cell = DatabaseCell::new();
    let broken = Config {
        database_url: "sqlite:/nonexistent-directory/users.db".to_owned(),
        max_connections: 1,
    };
    match cell.get(&broken).await {
        Ok(_) => anyhow::bail!("a database in a missing directory should not open"),
        // The error says what failed; its `source()` says why (what SQLite answered).
        Err(error) => match std::error::Error::source(&error) {
            Some(cause) => println!("   first attempt: {error}: {cause}"),
            None => println!("   first attempt: {error}"),
        },
    }
    cell.get(&Config::in_memory("retry-demo")).await?;
    println!(
        "   second attempt: connected. Attempts: {}, pools built: {}\n",
        cell.attempts(),
        cell.pools_built()
    );
    // ANCHOR_END: retry

    println!("5. The alternative: hand the pool in (dependency injection).");
    let a = UserStore::new(connect(&Config::in_memory("store-a")).await?);
    let b = UserStore::new(connect(&Config::in_memory("store-b")).await?);
    for store in [&a, &b] {
        store.create_table().await?;
    }
    a.add("only-in-a@example.com").await?;
    println!(
        "   two stores, each given its own pool: a has {} user, b has {}\n",
        a.count().await?,
        b.count().await?
    );
    println!("Done: one pool, built once; a failed start retried; and a testable alternative.");
    Ok(())
}
