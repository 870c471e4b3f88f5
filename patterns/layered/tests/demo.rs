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
