//! `cargo run -p repository -- --backend memory|sqlite|postgres|mongo`: the same service code,
//! run against the backend you choose. The default, SQLite in memory, needs nothing installed;
//! `postgres` uses `DATABASE_URL` and `mongo` uses `MONGODB_URL`, each inside a schema or
//! database of its own that it drops at the end.

use clap::{Parser, ValueEnum};
use repository::memory::MemoryRepository;
use repository::mongo::MongoRepository;
use repository::sql::SqlRepository;
use repository::{Page, RepoError, UserRepository, UserService, UserUpdate};

/// The repository pattern, narrated: one service, the database of your choice.
#[derive(Parser)]
#[command(version, long_about = None)]
struct Args {
    /// Where users are stored.
    #[arg(long, value_enum, default_value_t = Backend::Sqlite)]
    backend: Backend,
}

#[derive(Clone, Copy, ValueEnum)]
enum Backend {
    /// A map in memory.
    Memory,
    /// SQLite in memory, through sqlx (the embedded default).
    Sqlite,
    /// PostgreSQL at DATABASE_URL, through sqlx.
    Postgres,
    /// MongoDB at MONGODB_URL, through the mongodb driver.
    Mongo,
}

#[tokio::main(flavor = "current_thread")]
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
    match args.backend {
        Backend::Memory => story("memory (a BTreeMap)", MemoryRepository::new()).await,
        Backend::Sqlite => {
            let url = "sqlite:file:repository-demo?mode=memory&cache=shared";
            story(
                "SQLite in memory, via sqlx",
                SqlRepository::connect(url).await?,
            )
            .await
        }
        Backend::Postgres => {
            let url = std::env::var("DATABASE_URL").map_err(|_| {
                anyhow::anyhow!("--backend postgres needs DATABASE_URL (postgres://user@host/db)")
            })?;
            sqlx::any::install_default_drivers();
            let admin = sqlx::AnyPool::connect(&url).await?;
            let schema = format!("repository_demo_{}", std::process::id());
            let create = format!("CREATE SCHEMA \"{schema}\"");
            sqlx::query(sqlx::AssertSqlSafe(create))
                .execute(&admin)
                .await?;
            let separator = if url.contains('?') { '&' } else { '?' };
            let scoped = format!("{url}{separator}options[search_path]={schema}");
            let outcome = match SqlRepository::connect(&scoped).await {
                Ok(repo) => story("PostgreSQL, via sqlx", repo).await,
                Err(error) => Err(error.into()),
            };
            let drop = format!("DROP SCHEMA \"{schema}\" CASCADE");
            sqlx::query(sqlx::AssertSqlSafe(drop))
                .execute(&admin)
                .await?;
            outcome
        }
        Backend::Mongo => {
            let url = std::env::var("MONGODB_URL").map_err(|_| {
                anyhow::anyhow!("--backend mongo needs MONGODB_URL (mongodb://host:27017/)")
            })?;
            let database = format!("repository_demo_{}", std::process::id());
            let outcome = match MongoRepository::connect(&url, &database).await {
                Ok(repo) => story("MongoDB, via the mongodb driver", repo).await,
                Err(error) => Err(error.into()),
            };
            let client = mongodb::Client::with_uri_str(&url).await?;
            client.database(&database).drop().await?;
            outcome
        }
    }
}

// ANCHOR: story
/// The service code: it is generic over the repository and never learns which one it has.
async fn story<R: UserRepository>(backend: &str, repo: R) -> anyhow::Result<()> {
    println!("Repository: the same service code, on {backend}.\n");
    let service = UserService::new(repo);

    println!("1. Register three users:");
    for (email, name) in [
        ("ada@example.com", "Ada"),
        ("Grace@Example.com", "Grace"),
        ("linus@example.com", "Linus"),
    ] {
        let user = service.register(email, name).await?;
        println!("   {} <{}>", user.name, user.email);
    }

    println!("\n2. Register ada@example.com again:");
    match service.register("ADA@example.com", "Ada again").await {
        Err(error @ RepoError::Duplicate(_)) => println!("   refused: {error}"),
        other => anyhow::bail!("a duplicate email was not refused: {other:?}"),
    }

    println!("\n3. Look up grace@example.com:");
    let grace = service
        .lookup("grace@example.com")
        .await?
        .ok_or_else(|| anyhow::anyhow!("grace is missing"))?;
    println!(
        "   found {} (the id is a UUID the application made)",
        grace.name
    );

    println!("\n4. A name that looks like an attack is just a name:");
    let bobby = service
        .register("bobby@example.com", "Robert'); DROP TABLE users; --")
        .await?;
    println!("   stored and read back: {:?}", bobby.name);

    println!("\n5. Rename Grace, then list the users, two per page:");
    let repo = service.repo();
    let update = UserUpdate {
        name: Some("Grace Hopper".to_owned()),
        email: None,
    };
    repo.update(&grace.id, update).await?;
    for offset in [0, 2] {
        let page = repo.list(Page { offset, limit: 2 }).await?;
        let names: Vec<&str> = page.iter().map(|u| u.name.as_str()).collect();
        println!("   page at {offset}: {}", names.join(", "));
    }

    println!("\n6. Delete Linus, then delete him again:");
    let linus = service
        .lookup("linus@example.com")
        .await?
        .ok_or_else(|| anyhow::anyhow!("linus is missing"))?;
    repo.delete(&linus.id).await?;
    match repo.delete(&linus.id).await {
        Err(RepoError::NotFound(_)) => println!("   deleted; the second delete is NotFound"),
        other => anyhow::bail!("deleting twice should be NotFound: {other:?}"),
    }
    println!("\nDone: every step above ran the same code, whatever the backend.");
    Ok(())
}
// ANCHOR_END: story
