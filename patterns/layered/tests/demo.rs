//! The demo's scripted session is part of the book; this snapshot keeps the two honest.

use std::process::Command;

#[test]
fn the_demo_session_shows_each_request_passing_through_the_layers() {
    let output = Command::new(env!("CARGO_BIN_EXE_layered"))
        .arg("--demo")
        .env_remove("DATABASE_URL")
        .env("RUST_LOG", "off")
        .output()
        .expect("the demo binary runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    insta::assert_snapshot!(String::from_utf8_lossy(&output.stdout));
}

#[test]
fn the_demo_has_a_help_text() {
    let output = Command::new(env!("CARGO_BIN_EXE_layered"))
        .arg("--help")
        .output()
        .expect("the demo binary runs");
    assert!(output.status.success());
    let help = String::from_utf8_lossy(&output.stdout);
    assert!(
        help.contains("--port <PORT>") && help.contains("--demo"),
        "{help}"
    );
}

/// On PostgreSQL the demo tells the same story twice, and leaves no schema and no table
/// behind: it works in a schema of its own and drops it.
#[tokio::test]
async fn the_demo_on_postgres_is_the_same_every_run_and_leaves_nothing_behind() {
    let Some(url) = checks::service_url("DATABASE_URL", "PostgreSQL") else {
        return;
    };
    let run = || {
        Command::new(env!("CARGO_BIN_EXE_layered"))
            .arg("--demo")
            .env("DATABASE_URL", &url)
            .env("RUST_LOG", "off")
            .output()
            .expect("the demo binary runs")
    };
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&url)
        .await
        .expect("postgres connects");
    // Schemas of the demo's, counted before and after: a run that crashed long ago may have
    // left one, and is not these runs' doing.
    let demo_schemas = async || -> i64 {
        sqlx::query_scalar(
            "SELECT COUNT(*) FROM information_schema.schemata WHERE schema_name LIKE 'layered_demo_%'",
        )
        .fetch_one(&pool)
        .await
        .expect("count the demo's schemas")
    };
    let before = demo_schemas().await;
    let (first, second) = (run(), run());
    for output in [&first, &second] {
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    assert_eq!(
        String::from_utf8_lossy(&first.stdout),
        String::from_utf8_lossy(&second.stdout),
        "a second run of the demo on PostgreSQL told a different story"
    );
    assert!(
        String::from_utf8_lossy(&first.stdout).contains("-> 201 Created"),
        "the first registration of each run should succeed"
    );
    assert_eq!(
        demo_schemas().await,
        before,
        "the demo left its schema behind"
    );
}
