//! The demo, run as a learner runs it (`cargo run -p microservices`): its output pinned by a
//! snapshot (ids, ports and the like replaced by placeholders), every child exited 0, and no
//! process left behind.

use std::process::Command;

/// The demo's output, on its embedded defaults unless `env` says otherwise. Checks that it
/// exited 0 and left no process behind.
fn demo(env: &[(&str, &str)]) -> String {
    let output = run(env, &[]);
    normalise(&output)
}

/// Runs the demo with `args`; its stdout.
fn run(env: &[(&str, &str)], args: &[&str]) -> String {
    let child = Command::new(env!("CARGO_BIN_EXE_microservices"))
        .env_remove("DATABASE_URL")
        .env_remove("NATS_URL")
        .env("RUST_LOG", "off")
        .envs(env.iter().copied())
        .args(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the demo runs");
    let pid = child.id();
    let output = child.wait_with_output().expect("the demo's output");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(
        left_behind(pid),
        Vec::<u32>::new(),
        "every service the demo (pid {pid}) started has exited"
    );
    stdout
}

/// The processes still running with the demo's data folder in their environment.
fn left_behind(demo_pid: u32) -> Vec<u32> {
    let marker = format!("microservices-demo-{demo_pid}");
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .filter_map(Result::ok)
        .filter_map(|entry| entry.file_name().to_str()?.parse::<u32>().ok())
        .filter(|pid| {
            std::fs::read(format!("/proc/{pid}/environ"))
                .is_ok_and(|env| String::from_utf8_lossy(&env).contains(&marker))
        })
        .collect()
}

/// Replaces what changes from run to run: UUIDs, ports, and the ids and kids in log lines.
fn normalise(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        let mut words = Vec::new();
        for word in line.split(' ') {
            words.push(normalise_word(word));
        }
        out.push_str(&words.join(" "));
        out.push('\n');
    }
    out
}

fn normalise_word(word: &str) -> String {
    // A UUID anywhere in the word: 8-4-4-4-12 hex digits.
    let mut out = String::new();
    let mut rest = word;
    while let Some(c) = rest.chars().next() {
        if rest.len() >= 36 && rest.is_char_boundary(36) && is_uuid(&rest[..36]) {
            out.push_str("<uuid>");
            rest = &rest[36..];
        } else {
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    if let Some(at) = out.find("127.0.0.1:") {
        let digits = out[at + 10..]
            .chars()
            .take_while(char::is_ascii_digit)
            .count();
        out.replace_range(at + 10..at + 10 + digits, "<port>");
    }
    out
}

fn is_uuid(text: &str) -> bool {
    text.char_indices().all(|(i, c)| match i {
        8 | 13 | 18 | 23 => c == '-',
        _ => c.is_ascii_hexdigit(),
    })
}

#[test]
fn the_story_runs_across_four_processes_and_every_one_exits_0() {
    let output = demo(&[]);
    insta::assert_snapshot!(output);
}

#[test]
fn nats_tells_the_same_story() {
    let Some(url) = checks::service_url("NATS_URL", "NATS with JetStream") else {
        return;
    };
    let nats = demo(&[("NATS_URL", &url)]).replace(
        "  events:    NATS JetStream (NATS_URL)",
        "  events:    a stream table in a shared SQLite file (the stand-in for a broker)",
    );
    assert_eq!(nats, demo(&[]));
}

#[test]
fn postgresql_tells_the_same_story() {
    let Some(url) = checks::service_url("DATABASE_URL", "PostgreSQL") else {
        return;
    };
    let postgres = demo(&[("DATABASE_URL", &url)]).replace(
        "  databases: a PostgreSQL schema per service (DATABASE_URL)",
        "  databases: a SQLite file per service",
    );
    assert_eq!(postgres, demo(&[]));
}

#[test]
fn two_orders_instances_tell_the_same_story() {
    let two = run(&[], &["story", "--orders-instances", "2"]);
    assert!(
        two.contains("orders#1") && two.contains("orders#2"),
        "both instances started: {two}"
    );
    assert!(two.contains("Every process stopped cleanly"), "{two}");
}
