//! The demo's narrated output is part of the book; this snapshot keeps the two honest.

use std::process::Command;

#[test]
fn the_demo_proves_one_pool() {
    let output = Command::new(env!("CARGO_BIN_EXE_singleton"))
        .env_remove("DATABASE_URL")
        .env_remove("DATABASE_MAX_CONNECTIONS")
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
    let output = Command::new(env!("CARGO_BIN_EXE_singleton"))
        .arg("--help")
        .output()
        .expect("the demo binary runs");
    assert!(output.status.success());
    assert!(String::from_utf8_lossy(&output.stdout).contains("--tasks <TASKS>"));
}
