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

#[test]
fn logs_into_a_pipe_have_no_colour_codes_and_name_listeners_in_words() {
    // No NO_COLOR here: stderr is a pipe, and that alone must turn colour off.
    let output = Command::new(env!("CARGO_BIN_EXE_observer"))
        .env_remove("NO_COLOR")
        .env_remove("RUST_LOG")
        .output()
        .expect("the demo binary runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("listener #3 failed"),
        "the demo's failing listener should be logged: {stderr}"
    );
    assert!(
        !stderr.contains('\u{1b}'),
        "escape codes in logs written to a pipe: {stderr:?}"
    );
    assert!(
        stderr.contains("listener #") && !stderr.contains("TypeId"),
        "a listener is named in words, not by its TypeId: {stderr}"
    );
}
