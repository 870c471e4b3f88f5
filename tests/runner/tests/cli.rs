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
fn hint_points_the_way_first_and_gives_the_fuller_hint_when_asked_again() {
    let root = scratch("hint");
    let out = learn(&root, &["hint", "observer2"]);
    assert!(out.status.success());
    let first = text(&out.stdout);
    assert!(first.contains("(1 of 2)"), "{first}");
    assert!(first.contains("Ask again"), "{first}");
    assert!(
        !first.contains("std::mem::take"),
        "the first hint should point the way, not spell out the code: {first}"
    );
    assert!(
        first.contains("\"Using it\" in book/src/observer.md")
            && first.contains("observer.html#using-it"),
        "the hint should name the chapter's section: {first}"
    );
    let second = text(&learn(&root, &["hint", "observer2"]).stdout);
    assert!(second.contains("(2 of 2)"), "{second}");
    assert!(second.contains("std::mem::take"), "{second}");
}

#[test]
fn hint_without_a_name_is_for_the_next_exercise_and_names_are_found_in_any_case_or_by_number() {
    let root = scratch("hint-next");
    let stdout = text(&learn(&root, &["hint"]).stdout);
    assert!(stdout.contains("Hint for observer1"), "{stdout}");
    for name in ["Observer2", "OBSERVER2", "2"] {
        let out = learn(&root, &["hint", name]);
        assert!(out.status.success(), "`hint {name}`: {}", text(&out.stderr));
        let stdout = text(&out.stdout);
        assert!(
            stdout.contains("Hint for observer2"),
            "`hint {name}`: {stdout}"
        );
    }
}

#[test]
fn a_zero_timeout_is_refused_not_silently_changed() {
    let root = scratch("timeout");
    let out = learn(&root, &["--timeout", "0", "list"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("--timeout"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn a_missing_exercise_list_is_said_once_and_a_damaged_progress_file_gets_advice() {
    let empty = std::env::temp_dir().join(format!("learn-cli-empty-{}", std::process::id()));
    std::fs::create_dir_all(&empty).unwrap();
    let stderr = text(&learn(&empty, &["list"]).stderr);
    assert!(stderr.contains("tests/exercises.toml"), "{stderr}");
    assert_eq!(
        stderr.matches("os error 2").count(),
        1,
        "the cause should be printed once: {stderr}"
    );

    let root = scratch("damaged");
    std::fs::create_dir_all(root.join(".learn")).unwrap();
    std::fs::write(root.join(".learn/progress.toml"), b"done = [\"\xff\"]").unwrap();
    let out = learn(&root, &["list"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("delete it"),
        "{}",
        text(&out.stderr)
    );
}

/// A scratch root that is a git repository holding the shipped stubs, as `reset` needs.
fn scratch_with_git(name: &str) -> PathBuf {
    let root = scratch(name);
    let git = |args: &[&str]| {
        let out = Command::new("git")
            .current_dir(&root)
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success(), "git {args:?}: {}", text(&out.stderr));
    };
    git(&["init", "-q"]);
    git(&["hash-object", "-w", "exercises/observer/src/ex1_on_emit.rs"]);
    root
}

fn backups(root: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root.join(".learn/backups"))
        .map(|dir| dir.map(|e| e.unwrap().path()).collect())
        .unwrap_or_default();
    files.sort();
    files
}

#[test]
fn reset_never_loses_a_file_even_twice_in_one_second() {
    let root = scratch_with_git("reset");
    let file = root.join("exercises/observer/src/ex1_on_emit.rs");
    let stub = std::fs::read_to_string(&file).unwrap();
    for attempt in ["// my first attempt\n", "// my second attempt\n"] {
        std::fs::write(&file, format!("{stub}{attempt}")).unwrap();
        let out = learn(&root, &["reset", "observer1"]);
        assert!(out.status.success(), "{}", text(&out.stderr));
        assert!(text(&out.stdout).contains(".learn/backups/observer1-"));
        assert_eq!(std::fs::read_to_string(&file).unwrap(), stub);
    }
    let saved: Vec<String> = backups(&root)
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    assert_eq!(saved.len(), 2, "two resets should keep two backups");
    assert!(saved.iter().any(|s| s.ends_with("// my first attempt\n")));
    assert!(saved.iter().any(|s| s.ends_with("// my second attempt\n")));
}

#[test]
fn reset_of_a_deleted_file_makes_no_empty_backup_and_says_so() {
    let root = scratch_with_git("reset-deleted");
    let file = root.join("exercises/observer/src/ex1_on_emit.rs");
    std::fs::remove_file(&file).unwrap();
    let out = learn(&root, &["reset", "observer1"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("was missing"),
        "{}",
        text(&out.stdout)
    );
    assert!(
        backups(&root).is_empty(),
        "no backup of a file that was not there"
    );
    assert!(file.is_file());
}

#[test]
fn reset_of_a_solved_exercise_says_it_is_no_longer_done() {
    let root = scratch_with_git("reset-done");
    std::fs::create_dir_all(root.join(".learn")).unwrap();
    std::fs::write(
        root.join(".learn/progress.toml"),
        "done = [\"observer-on-emit\"]\n",
    )
    .unwrap();
    let file = root.join("exercises/observer/src/ex1_on_emit.rs");
    std::fs::copy(root.join("solutions/observer/src/ex1_on_emit.rs"), &file).unwrap();
    let stdout = text(&learn(&root, &["reset", "observer1"]).stdout);
    assert!(stdout.contains("no longer marked done"), "{stdout}");
    let list = text(&learn(&root, &["list"]).stdout);
    assert!(
        list.contains(&format!("0 of {} done", exercise_count())),
        "{list}"
    );
}

/// A scratch copy of every file git tracks (and the untracked ones it does not ignore), for
/// the commands that read the whole repository.
fn full_scratch(name: &str) -> PathBuf {
    let root = std::env::temp_dir().join(format!("learn-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    let files = Command::new("git")
        .current_dir(repo())
        .args(["ls-files", "--cached", "--others", "--exclude-standard"])
        .output()
        .unwrap();
    for file in text(&files.stdout).lines() {
        let from = repo().join(file);
        if !from.is_file() {
            continue; // deleted in the working tree
        }
        let to = root.join(file);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(from, to).unwrap();
    }
    root
}

#[test]
fn dev_check_passes_on_the_repository_and_names_what_drifted() {
    let root = full_scratch("dev-check");
    let out = learn(&root, &["dev", "check"]);
    assert!(
        out.status.success(),
        "dev check fails on the repository itself:\n{}{}",
        text(&out.stdout),
        text(&out.stderr)
    );

    // An exercise file without a row, a check without its test target, a section that is not
    // a heading: each is named.
    std::fs::write(root.join("exercises/observer/src/ex9_orphan.rs"), "").unwrap();
    let checks = root.join("tests/observer/Cargo.toml");
    let manifest = std::fs::read_to_string(&checks).unwrap();
    std::fs::write(
        &checks,
        manifest.replace("name = \"observer2\"", "name = \"observer2-renamed\""),
    )
    .unwrap();
    let list = root.join("tests/exercises.toml");
    let rows = std::fs::read_to_string(&list).unwrap();
    std::fs::write(
        &list,
        rows.replacen("section = \"Using it\"", "section = \"No such heading\"", 1),
    )
    .unwrap();
    let out = learn(&root, &["dev", "check"]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    for expected in [
        "exercises/observer/src/ex9_orphan.rs: no row",
        "no [[test]] target named `observer2`",
        "the [[test]] target `observer2-renamed` is no exercise",
        "\"No such heading\" is not a heading of book/src/observer.md",
    ] {
        assert!(
            stdout.contains(expected),
            "expected `{expected}` in:\n{stdout}"
        );
    }
}
