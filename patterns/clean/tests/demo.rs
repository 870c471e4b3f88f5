//! The demo, run as a learner runs it (`cargo run -p clean`), its output pinned by a snapshot:
//! the same story on every run, HTTP and the command line both shown.

use std::process::Command;

#[test]
fn the_demo_places_orders_over_http_and_from_the_command_line() {
    let output = Command::new(env!("CARGO_BIN_EXE_clean"))
        .env_remove("DATABASE_URL")
        .env("RUST_LOG", "off")
        .output()
        .expect("the demo runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    insta::assert_snapshot!(String::from_utf8_lossy(&output.stdout));
}

#[test]
fn the_command_line_refuses_bad_arguments_with_exit_code_2() {
    let output = Command::new(env!("CARGO_BIN_EXE_clean"))
        .args([
            "orders",
            "place",
            "--customer",
            "ada@example.com",
            "--line",
            "keyboard",
        ])
        .env_remove("DATABASE_URL")
        .env("OUTBOX_DIR", std::env::temp_dir().join("clean-demo-outbox"))
        .output()
        .expect("the command line runs");
    assert_eq!(output.status.code(), Some(2));
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(
        said.contains("\"keyboard\" is not PRODUCT=QUANTITY"),
        "{said}"
    );
}
