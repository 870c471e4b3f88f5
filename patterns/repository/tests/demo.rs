//! The demo's narrated output is part of the book; this snapshot keeps the two honest.

use std::process::Command;

fn demo(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_repository"))
        .args(args)
        .env("RUST_LOG", "off")
        .env("RUST_BACKTRACE", "0")
        .output()
        .expect("the demo binary runs")
}

#[test]
fn the_default_backend_needs_nothing_installed() {
    let output = demo(&[]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    insta::assert_snapshot!(String::from_utf8_lossy(&output.stdout));
}

#[test]
fn every_backend_tells_the_same_story() {
    let sqlite = String::from_utf8_lossy(&demo(&["--backend", "sqlite"]).stdout).into_owned();
    let memory = String::from_utf8_lossy(&demo(&["--backend", "memory"]).stdout).into_owned();
    let story = |text: &str| text.lines().skip(1).collect::<Vec<_>>().join("\n");
    assert_eq!(
        story(&memory),
        story(&sqlite),
        "memory and SQLite should behave the same"
    );
}

#[test]
fn an_unknown_backend_is_refused_with_the_valid_ones() {
    let output = demo(&["--backend", "oracle"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("[possible values: memory, sqlite, postgres, mongo]"),
        "{stderr}"
    );
}
