//! The demo's narrated output is part of the book; this snapshot keeps the two honest.

use std::process::Command;

#[test]
fn the_demo_tells_the_whole_story() {
    let output = Command::new(env!("CARGO_BIN_EXE_observer"))
        .env("NO_COLOR", "1")
        .env("RUST_LOG", "off")
        .output()
        .expect("the demo binary runs");
    assert!(
        output.status.success(),
        "the demo exited with {}",
        output.status
    );
    insta::assert_snapshot!(String::from_utf8_lossy(&output.stdout));
}

#[test]
fn the_demo_has_a_help_text() {
    let output = Command::new(env!("CARGO_BIN_EXE_observer"))
        .arg("--help")
        .output()
        .expect("the demo binary runs");
    assert!(output.status.success());
    let help = String::from_utf8_lossy(&output.stdout);
    assert!(help.contains("--email <EMAIL>"), "{help}");
}
