//! The demo's narrated output is part of the book; this snapshot keeps the two honest.

use std::process::Command;

#[test]
fn the_demo_sends_through_every_notifier() {
    let outbox = std::env::temp_dir().join(format!("factory-demo-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&outbox);
    let output = Command::new(env!("CARGO_BIN_EXE_factory"))
        .arg("--outbox")
        .arg(&outbox)
        .env_remove("SMTP_URL")
        .env_remove("SMS_API_URL")
        .env_remove("SMS_API_KEY")
        .env("RUST_LOG", "off")
        .output()
        .expect("the demo binary runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    insta::assert_snapshot!(String::from_utf8_lossy(&output.stdout));
    assert_eq!(
        factory::channels::outbox_files(&outbox).len(),
        2,
        "two emails in the outbox"
    );
    std::fs::remove_dir_all(outbox).expect("the outbox can be removed");
}

#[test]
fn the_demo_has_a_help_text() {
    let output = Command::new(env!("CARGO_BIN_EXE_factory"))
        .arg("--help")
        .output()
        .expect("the demo binary runs");
    assert!(output.status.success());
    assert!(String::from_utf8_lossy(&output.stdout).contains("--outbox <OUTBOX>"));
}
