//! The runner as a learner meets it: the commands that need no build, run as a process.
//! Each test points the runner at its own copy of the repository's exercise list
//! (`LEARN_ROOT`), so none of them touches your real progress.

// Test code: a panic with the error is exactly the report we want.
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn repo() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}

/// A scratch root holding the real manifest and the real exercise and solution files, and no
/// progress.
fn scratch(name: &str) -> PathBuf {
    let root = std::env::temp_dir().join(format!("learn-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(root.join("tests")).unwrap();
    std::fs::copy(
        repo().join("tests/exercises.toml"),
        root.join("tests/exercises.toml"),
    )
    .unwrap();
    for kind in ["exercises", "solutions"] {
        for pattern in std::fs::read_dir(repo().join(kind)).unwrap() {
            let src = pattern.unwrap().path().join("src");
            let to = root
                .join(kind)
                .join(src.strip_prefix(repo().join(kind)).unwrap());
            std::fs::create_dir_all(&to).unwrap();
            for file in std::fs::read_dir(&src).unwrap() {
                let file = file.unwrap().path();
                std::fs::copy(&file, to.join(file.file_name().unwrap())).unwrap();
            }
        }
    }
    root
}

/// How many exercises the manifest lists.
fn exercise_count() -> usize {
    std::fs::read_to_string(repo().join("tests/exercises.toml"))
        .unwrap()
        .matches("[[exercise]]")
        .count()
}

fn learn(root: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_learn"))
        .args(args)
        .env("LEARN_ROOT", root)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn an_unknown_name_exits_2_and_names_the_closest_exercise() {
    let root = scratch("unknown");
    for command in ["check", "hint", "reset", "solution"] {
        let out = learn(&root, &[command, "obsrever2"]);
        assert_eq!(
            out.status.code(),
            Some(2),
            "`{command}`: {}",
            text(&out.stderr)
        );
        let stderr = text(&out.stderr);
        assert!(
            stderr.contains("no exercise named `obsrever2`") && stderr.contains("`observer2`"),
            "`{command}` should name the closest exercise: {stderr}"
        );
        assert!(
            !stderr.contains('\u{1b}'),
            "NO_COLOR is honoured: {stderr:?}"
        );
    }
}

#[test]
fn list_shows_every_exercise_as_pending_on_a_fresh_clone() {
    let root = scratch("list");
    let out = learn(&root, &["list"]);
    assert!(out.status.success());
    let stdout = text(&out.stdout);
    for n in 1..=5 {
        assert!(stdout.contains(&format!("observer{n}")), "{stdout}");
    }
    let total = exercise_count();
    assert_eq!(stdout.matches("pending").count(), total, "{stdout}");
    assert!(stdout.contains(&format!("0 of {total} done")), "{stdout}");
}

#[test]
fn progress_is_keyed_by_id_so_a_renamed_exercise_stays_done() {
    let root = scratch("rename");
    std::fs::create_dir_all(root.join(".learn")).unwrap();
    std::fs::write(
        root.join(".learn/progress.toml"),
        "done = [\"observer-on-emit\"]\n",
    )
    .unwrap();
    let manifest = root.join("tests/exercises.toml");
    let renamed = std::fs::read_to_string(&manifest)
        .unwrap()
        .replace("name = \"observer1\"", "name = \"observer-basics\"");
    std::fs::write(&manifest, renamed).unwrap();
    let stdout = text(&learn(&root, &["list"]).stdout);
    let row = stdout
        .lines()
        .find(|l| l.contains("observer-basics"))
        .unwrap();
    assert!(row.contains("done"), "{stdout}");
    assert!(
        stdout.contains(&format!("1 of {} done", exercise_count())),
        "{stdout}"
    );
}

#[test]
fn peeking_at_an_unsolved_solution_needs_force() {
    let root = scratch("solution");
    let out = learn(&root, &["solution", "observer1"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stdout).contains("--force"),
        "{}",
        text(&out.stdout)
    );
    assert!(
        !text(&out.stdout).contains("fn emit"),
        "the solution was shown without --force"
    );

    let out = learn(&root, &["solution", "observer1", "--force"]);
    assert!(out.status.success());
    assert!(text(&out.stdout).contains("self.listeners.push(Box::new(listener))"));

    let out = learn(&root, &["solution", "observer1", "--force", "--diff"]);
    let diff = text(&out.stdout);
    assert!(diff.contains("-        todo!()"), "{diff}");
    assert!(
        diff.contains("+        self.listeners.push(Box::new(listener));"),
        "{diff}"
    );
}

#[test]
fn hint_shows_the_hint_and_the_chapter() {
    let root = scratch("hint");
    let out = learn(&root, &["hint", "observer2"]);
    assert!(out.status.success());
    let stdout = text(&out.stdout);
    assert!(stdout.contains("std::mem::take"), "{stdout}");
    assert!(stdout.contains("book/src/observer.md"), "{stdout}");
}
