//! What the checks of every pattern share.
//!
//! The checks themselves live beside this folder, one package per pattern (`tests/observer` is
//! `checks-observer`), and one test target per exercise: `observer1` compiles only
//! `tests/observer/ex1_on_emit.rs` and the one exercise file it grades. So a compile error in
//! one exercise never blocks the checks of another, and re-checking after an edit rebuilds one
//! small crate whose dependencies are only its own pattern's.

use std::sync::{Arc, Mutex, PoisonError};

#[cfg(feature = "proxy")]
pub mod proxy;

/// The checkout whose files a check was built to grade: `cargo learn` sets `LEARN_ROOT` when it
/// builds a check.
///
/// Reading it here is what matters: rustc records the variable, and cargo rebuilds this crate,
/// and so every check, whenever its value changes. Without that, two clones that share one
/// `CARGO_TARGET_DIR` would share one build of each check, and the second clone would be graded
/// on the first one's files.
pub const GRADED_CHECKOUT: Option<&str> = option_env!("LEARN_ROOT");

/// A record of what listeners did, in order. Clone it into each listener; every clone writes
/// to the same list. `Send + Sync`, so it also works inside tokio tasks.
#[derive(Clone, Default)]
pub struct Log(Arc<Mutex<Vec<String>>>);

impl Log {
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends one line.
    pub fn push(&self, line: impl Into<String>) {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(line.into());
    }

    /// Everything recorded so far.
    pub fn lines(&self) -> Vec<String> {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// How many lines are exactly `line`.
    pub fn count(&self, line: &str) -> usize {
        self.lines().iter().filter(|l| *l == line).count()
    }
}

/// The URL of a real server for a test, from the environment variable `var`
/// (`DATABASE_URL`, `MONGODB_URL`, ...).
///
/// - Set: the URL, and the test runs against that server.
/// - Not set, on a laptop: `None` after one clear line on the terminal; the test then returns
///   early. (The line is written past libtest's output capture, so it is seen.)
/// - Not set while `REQUIRE_SERVICES=1` (CI sets it): a panic, because a check that CI
///   skipped would be a check that never ran.
pub fn service_url(var: &str, what: &str) -> Option<String> {
    use std::io::Write;
    if let Some(url) = std::env::var(var).ok().filter(|url| !url.is_empty()) {
        return Some(url);
    }
    let required = std::env::var("REQUIRE_SERVICES").is_ok_and(|v| v == "1");
    assert!(
        !required,
        "REQUIRE_SERVICES=1 but {var} is not set: this check needs {what}"
    );
    let _ = writeln!(
        std::io::stderr(),
        "skipped: set {var} to run this check against {what}"
    );
    None
}

/// A PostgreSQL schema of a test's own, so that tests run in parallel on the shared server and
/// leave nothing behind. Needs the `postgres` feature of this crate.
#[cfg(feature = "postgres")]
pub struct PgSchema {
    admin: sqlx::AnyPool,
    name: String,
    url: String,
    /// The server's URL, without the schema: what `Drop` connects to.
    server: String,
    dropped: bool,
}

#[cfg(feature = "postgres")]
impl PgSchema {
    /// Creates a new schema on the server at `DATABASE_URL` (see [`service_url`] for what
    /// happens when it is not set). [`PgSchema::url`] connects inside it.
    pub async fn create(prefix: &str) -> Option<Self> {
        let url = service_url("DATABASE_URL", "PostgreSQL")?;
        sqlx::any::install_default_drivers();
        let admin = sqlx::any::AnyPoolOptions::new()
            .max_connections(1)
            .connect(&url)
            .await
            .expect("postgres connects");
        let name = format!("{prefix}_{}", uuid::Uuid::new_v4().simple());
        sqlx::query(sqlx::AssertSqlSafe(format!("CREATE SCHEMA \"{name}\"")))
            .execute(&admin)
            .await
            .expect("create a schema for this test");
        let separator = if url.contains('?') { '&' } else { '?' };
        let server = url.clone();
        let url = format!("{url}{separator}options[search_path]={name}");
        Some(Self {
            admin,
            name,
            url,
            server,
            dropped: false,
        })
    }

    /// `DATABASE_URL` with this schema first on the search path: every unqualified table
    /// (the migrations', the queries') lives in it.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Drops the schema and everything in it.
    pub async fn drop(mut self) {
        let drop = format!("DROP SCHEMA \"{}\" CASCADE", self.name);
        sqlx::query(sqlx::AssertSqlSafe(drop))
            .execute(&self.admin)
            .await
            .expect("drop the test schema");
        self.dropped = true;
    }
}

/// A check that failed panics before it reaches `drop().await`: its schema is dropped here
/// instead, so failing checks (every wrong answer's, in CI) leave nothing on the shared server.
/// On a thread with a runtime of its own, because the check's runtime may be unwinding; with a
/// lock timeout, because a connection of the check's may still hold a lock, and a schema left
/// behind is better than a hang.
#[cfg(feature = "postgres")]
impl Drop for PgSchema {
    fn drop(&mut self) {
        use sqlx::Connection;
        if self.dropped {
            return;
        }
        let (server, name) = (self.server.clone(), self.name.clone());
        let dropped = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .map_err(|e| e.to_string())?;
            runtime.block_on(async {
                let mut connection = sqlx::AnyConnection::connect(&server)
                    .await
                    .map_err(|e| e.to_string())?;
                for statement in [
                    "SET lock_timeout = '5s'".to_owned(),
                    format!("DROP SCHEMA IF EXISTS \"{name}\" CASCADE"),
                ] {
                    sqlx::query(sqlx::AssertSqlSafe(statement))
                        .execute(&mut connection)
                        .await
                        .map_err(|e| e.to_string())?;
                }
                Ok::<(), String>(())
            })
        })
        .join();
        if let Ok(Err(error)) = dropped {
            eprintln!("the test schema {} was left behind: {error}", self.name);
        }
    }
}

/// Runs a future to completion on this thread, with no async runtime: for checks whose package
/// must not depend on tokio (the clean architecture's use cases, graded where no runtime is
/// available). The futures it runs wait on nothing but themselves (fakes in memory), so
/// polling until ready, and parking the thread in between, is all a runtime would do here.
pub fn block_on<F: Future>(future: F) -> F::Output {
    use std::task::{Context, Poll, Wake, Waker};

    struct Unpark(std::thread::Thread);
    impl Wake for Unpark {
        fn wake(self: Arc<Self>) {
            self.0.unpark();
        }
    }

    let waker = Waker::from(Arc::new(Unpark(std::thread::current())));
    let mut context = Context::from_waker(&waker);
    let mut future = std::pin::pin!(future);
    loop {
        match future.as_mut().poll(&mut context) {
            Poll::Ready(output) => return output,
            Poll::Pending => std::thread::park(),
        }
    }
}
