//! `cargo learn dev check`: one exercise lives in many places (its manifest row, the stub, the
//! solution, the check, the check's test target, the wrong answers, the chapter's section, the
//! book's SUMMARY, the README), and nothing but this check notices when they drift apart. CI
//! runs it, so adding a pattern is one checked step: follow CONTRIBUTING.md until it passes.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::ExitCode;

use console::style;

use crate::Ctx;
use crate::dev::{MIN_WRONG_ANSWERS, report, wrong_answers};
use crate::manifest::Exercise;

/// Packages under tests/ that are not a pattern's checks.
const NOT_PATTERNS: [&str; 2] = ["runner", "support"];

pub fn check(ctx: &Ctx) -> anyhow::Result<ExitCode> {
    let mut problems = Problems::default();
    let root = ctx.root.as_path();
    let patterns: BTreeSet<&str> = ctx
        .manifest
        .exercises
        .iter()
        .map(|e| e.pattern.as_str())
        .collect();
    for exercise in &ctx.manifest.exercises {
        check_exercise(root, exercise, &mut problems);
    }
    for pattern in &patterns {
        let exercises: Vec<&Exercise> = ctx
            .manifest
            .exercises
            .iter()
            .filter(|e| e.pattern == *pattern)
            .collect();
        check_pattern(root, pattern, &exercises, &mut problems);
    }
    check_folders(root, &patterns, &mut problems);
    check_book_and_readme(root, &patterns, &mut problems);

    let summary = format!(
        "{} exercises of {} patterns: the exercise list, the exercise, solution and check files, \
         the test targets, the wrong answers, the chapters, the SUMMARY and the README agree, \
         and nothing is orphaned.",
        ctx.manifest.exercises.len(),
        patterns.len()
    );
    report(&problems.0, &format!("{} {summary}", style("✓").green()))
}

#[derive(Default)]
struct Problems(Vec<String>);

impl Problems {
    fn add(&mut self, problem: impl Into<String>) {
        self.0.push(problem.into());
    }
}

fn read(root: &Path, path: &Path, problems: &mut Problems) -> Option<String> {
    match std::fs::read_to_string(root.join(path)) {
        Ok(text) => Some(text),
        Err(error) => {
            problems.add(format!("cannot read {}: {error}", path.display()));
            None
        }
    }
}

/// Everything one manifest row promises.
fn check_exercise(root: &Path, exercise: &Exercise, problems: &mut Problems) {
    let name = &exercise.name;
    let src = Path::new("exercises").join(&exercise.pattern).join("src");
    if exercise.file.parent() != Some(src.as_path()) {
        problems.add(format!(
            "{name}: its file {} is not in {}",
            exercise.file.display(),
            src.display()
        ));
    }
    let Some(file_name) = exercise.file.file_name().map(|n| n.to_string_lossy()) else {
        problems.add(format!("{name}: its file has no name"));
        return;
    };
    // The exercise and its solution are compiled twice: as modules of their crates, and as the
    // `#[path]` module `exercise` of the check. So they cannot name `crate::` or `super::`.
    for path in [exercise.file.clone(), exercise.solution()] {
        let Some(text) = read(root, &path, problems) else {
            continue;
        };
        for forbidden in ["crate::", "super::"] {
            if text
                .lines()
                .any(|l| !l.trim_start().starts_with("//") && l.contains(forbidden))
            {
                problems.add(format!(
                    "{}: uses `{forbidden}`, but the check compiles it as a `#[path]` module, \
                     where `{forbidden}` means something else: keep exercise files \
                     self-contained",
                    path.display()
                ));
            }
        }
        if path == exercise.file && !text.contains(&format!("cargo learn check {name}")) {
            problems.add(format!(
                "{}: its doc comment should tell the learner to run `cargo learn check {name}`",
                path.display()
            ));
        }
    }
    // The check grades the three files through its `#[path]` preamble.
    let check = exercise.check_file();
    if let Some(text) = read(root, &check, problems) {
        let pattern = &exercise.pattern;
        for path in [
            format!("../../exercises/{pattern}/src/{file_name}"),
            format!("wip/{file_name}"),
            format!("../../solutions/{pattern}/src/{file_name}"),
        ] {
            if !text.contains(&format!("path = \"{path}\"")) {
                problems.add(format!(
                    "{}: its preamble does not grade `{path}` (copy the preamble of another \
                     check and change the file name)",
                    check.display()
                ));
            }
        }
    }
    // The chapter and the section the hint points to.
    if let Some(text) = read(root, &exercise.chapter(), problems) {
        let heading = text
            .lines()
            .filter_map(|l| l.strip_prefix('#'))
            .any(|l| l.trim_start_matches('#').trim() == exercise.section);
        if !heading {
            problems.add(format!(
                "{name}: its section \"{}\" is not a heading of {}",
                exercise.section,
                exercise.chapter().display()
            ));
        }
    }
    match wrong_answers(root, exercise) {
        Ok(wrong) if wrong.len() >= MIN_WRONG_ANSWERS => {}
        Ok(wrong) => problems.add(format!(
            "{name}: {} known-wrong answers in {}; every exercise keeps at least \
             {MIN_WRONG_ANSWERS}",
            wrong.len(),
            crate::dev::wrong_dir(Path::new(""), exercise).display()
        )),
        Err(error) => problems.add(format!("{name}: {error:#}")),
    }
}

/// The pattern's folders hold exactly its exercises: a test target, a module and a solution
/// for each, and nothing without a row.
fn check_pattern(root: &Path, pattern: &str, exercises: &[&Exercise], problems: &mut Problems) {
    let names: BTreeSet<&str> = exercises.iter().map(|e| e.name.as_str()).collect();
    let files: BTreeSet<String> = exercises
        .iter()
        .filter_map(|e| e.file.file_name())
        .map(|n| n.to_string_lossy().into_owned())
        .collect();

    // tests/<pattern>/Cargo.toml: the package, its features, one [[test]] per exercise.
    let manifest = Path::new("tests").join(pattern).join("Cargo.toml");
    let checks_toml = read_toml(root, &manifest, problems);
    if let Some(toml) = &checks_toml {
        check_cargo_toml(root, pattern, toml, &names, &manifest, problems);
    }
    // One exercise file is compiled by three packages: its own, the solutions' (the same file
    // solved) and the checks'. Their dependency lists must agree.
    let exercises_toml = Path::new("exercises").join(pattern).join("Cargo.toml");
    let solutions_toml = Path::new("solutions").join(pattern).join("Cargo.toml");
    let deps = |toml: &Option<toml::Table>, key: &str| {
        toml.as_ref()
            .and_then(|t| t.get(key))
            .and_then(|d| d.as_table())
            .cloned()
            .unwrap_or_default()
    };
    let exercise_deps = deps(&read_toml(root, &exercises_toml, problems), "dependencies");
    let solution_deps = deps(&read_toml(root, &solutions_toml, problems), "dependencies");
    if exercise_deps != solution_deps {
        problems.add(format!(
            "{} and {} must list the same [dependencies]: the solution is the exercise, solved",
            exercises_toml.display(),
            solutions_toml.display()
        ));
    }
    // A dev-dependency, or an optional dependency behind a feature that some rows ask for
    // (features keep crates away from the exercises that must do without them).
    let dev_deps = deps(&checks_toml, "dev-dependencies");
    let optional_deps = deps(&checks_toml, "dependencies");
    for name in exercise_deps.keys() {
        if !dev_deps.contains_key(name) && !optional_deps.contains_key(name) {
            problems.add(format!(
                "{}: the exercises use `{name}`, so the checks, which compile them, need it as \
                 a dev-dependency (or an optional dependency behind a feature)",
                manifest.display()
            ));
        }
    }
    // Every check file is a target's source; every exercise and solution file has a row.
    let checks_dir = Path::new("tests").join(pattern);
    for file in rs_files(root, &checks_dir) {
        if !files.contains(&file) && !file.ends_with("compile_fail.rs") {
            problems.add(format!(
                "{}: a check file of no exercise (no row in tests/exercises.toml has the file \
                 {file})",
                checks_dir.join(&file).display()
            ));
        }
    }
    for kind in ["exercises", "solutions"] {
        let src = Path::new(kind).join(pattern).join("src");
        for file in rs_files(root, &src) {
            if file != "lib.rs" && !files.contains(&file) {
                problems.add(format!(
                    "{}: no row in tests/exercises.toml names this file",
                    src.join(&file).display()
                ));
            }
        }
        // lib.rs declares every module, so rust-analyzer and `cargo build` see each file.
        if let Some(lib) = read(root, &src.join("lib.rs"), problems) {
            for file in &files {
                let module = file.trim_end_matches(".rs");
                if !lib.contains(&format!("mod {module};")) {
                    problems.add(format!(
                        "{}: does not declare `pub mod {module};`",
                        src.join("lib.rs").display()
                    ));
                }
            }
        }
    }
    // tests/<pattern>/wrong/<name>/ for exercises that exist.
    let wrong = checks_dir.join("wrong");
    for dir in subfolders(root, &wrong) {
        if !names.contains(dir.as_str()) {
            problems.add(format!(
                "{}: wrong answers for `{dir}`, which is not an exercise of {pattern}",
                wrong.join(&dir).display()
            ));
        }
    }
    // The pattern crate the exercises practise.
    if !root
        .join("patterns")
        .join(pattern)
        .join("Cargo.toml")
        .is_file()
    {
        problems.add(format!(
            "{pattern}: there is no pattern crate patterns/{pattern}"
        ));
    }
}

fn check_cargo_toml(
    root: &Path,
    pattern: &str,
    toml: &toml::Table,
    names: &BTreeSet<&str>,
    manifest: &Path,
    problems: &mut Problems,
) {
    let at = manifest.display();
    let package = toml
        .get("package")
        .and_then(|p| p.get("name"))
        .and_then(|n| n.as_str());
    if package != Some(&format!("checks-{pattern}")) {
        problems.add(format!("{at}: the package must be named checks-{pattern}"));
    }
    let features = toml.get("features").and_then(|f| f.as_table());
    for feature in ["exercises", "wrong"] {
        if !features.is_some_and(|f| f.contains_key(feature)) {
            problems.add(format!(
                "{at}: no feature `{feature}` (the runner builds with it)"
            ));
        }
    }
    let dev_deps = toml.get("dev-dependencies").and_then(|d| d.as_table());
    if !dev_deps.is_some_and(|d| d.contains_key("checks")) {
        // `checks` rebuilds every check per checkout: see `checks::GRADED_CHECKOUT`.
        problems.add(format!("{at}: every checks package depends on `checks`"));
    }
    let targets: Vec<(String, String)> = toml
        .get("test")
        .and_then(|t| t.as_array())
        .map(|targets| {
            targets
                .iter()
                .map(|t| {
                    let field = |k: &str| {
                        t.get(k)
                            .and_then(|v| v.as_str())
                            .unwrap_or_default()
                            .to_owned()
                    };
                    (field("name"), field("path"))
                })
                .collect()
        })
        .unwrap_or_default();
    for name in names {
        if !targets.iter().any(|(target, _)| target == name) {
            problems.add(format!(
                "{at}: no [[test]] target named `{name}` (the runner builds `--test {name}`)"
            ));
        }
    }
    for (target, path) in &targets {
        if !names.contains(target.as_str()) && !target.ends_with("_compile_fail") {
            problems.add(format!(
                "{at}: the [[test]] target `{target}` is no exercise in tests/exercises.toml \
                 (only `<pattern>_compile_fail` targets may stand without one)"
            ));
        }
        let folder = manifest.parent().unwrap_or(Path::new(""));
        if !path.is_empty() && !root.join(folder).join(path).is_file() {
            problems.add(format!(
                "{at}: the [[test]] `{target}` points at a missing {path}"
            ));
        }
    }
}

/// No folder of exercises, solutions or checks without rows.
fn check_folders(root: &Path, patterns: &BTreeSet<&str>, problems: &mut Problems) {
    for kind in ["exercises", "solutions", "tests"] {
        for dir in subfolders(root, Path::new(kind)) {
            if kind == "tests" && NOT_PATTERNS.contains(&dir.as_str()) {
                continue;
            }
            if !patterns.contains(dir.as_str()) {
                problems.add(format!(
                    "{kind}/{dir}: no exercise in tests/exercises.toml belongs to `{dir}`"
                ));
            }
        }
    }
    for dir in subfolders(root, Path::new("patterns")) {
        if !patterns.contains(dir.as_str()) {
            problems.add(format!(
                "patterns/{dir}: a pattern without exercises in tests/exercises.toml"
            ));
        }
    }
}

/// Each pattern has its chapter in the SUMMARY, the introduction's table and the README's list.
fn check_book_and_readme(root: &Path, patterns: &BTreeSet<&str>, problems: &mut Problems) {
    let summary = read(root, Path::new("book/src/SUMMARY.md"), problems).unwrap_or_default();
    let intro = read(root, Path::new("book/src/introduction.md"), problems).unwrap_or_default();
    let readme = read(root, Path::new("README.md"), problems).unwrap_or_default();
    let listed = readme
        .lines()
        .find(|l| l.starts_with("Patterns available now:"))
        .unwrap_or_default();
    for pattern in patterns {
        let link = format!("]({pattern}.md)");
        if !summary.contains(&link) {
            problems.add(format!("book/src/SUMMARY.md: no entry for {pattern}.md"));
        }
        if !intro.contains(&link) {
            problems.add(format!(
                "book/src/introduction.md: the patterns table does not link {pattern}.md"
            ));
        }
        if !listed.contains(&format!("**{pattern}**")) {
            problems.add(format!(
                "README.md: the line \"Patterns available now:\" does not list **{pattern}**"
            ));
        }
    }
    // And the other way round: a chapter in the SUMMARY is a pattern with exercises, or one of
    // the book's own pages.
    for line in summary.lines() {
        let Some(page) = line
            .split("](")
            .nth(1)
            .and_then(|rest| rest.split(')').next())
        else {
            continue;
        };
        let stem = page.trim_end_matches(".md");
        if !patterns.contains(stem) && !["introduction", "getting-started"].contains(&stem) {
            problems.add(format!(
                "book/src/SUMMARY.md: {page} is neither a pattern with exercises nor a known page"
            ));
        }
    }
}

fn read_toml(root: &Path, path: &Path, problems: &mut Problems) -> Option<toml::Table> {
    let text = read(root, path, problems)?;
    match text.parse::<toml::Table>() {
        Ok(toml) => Some(toml),
        Err(error) => {
            problems.add(format!("{}: {error}", path.display()));
            None
        }
    }
}

/// The names of the `.rs` files directly in `dir`, sorted.
fn rs_files(root: &Path, dir: &Path) -> Vec<String> {
    entries(root, dir, |p| {
        p.is_file() && p.extension().is_some_and(|e| e == "rs")
    })
}

/// The names of the folders directly in `dir`, sorted.
fn subfolders(root: &Path, dir: &Path) -> Vec<String> {
    entries(root, dir, Path::is_dir)
}

fn entries(root: &Path, dir: &Path, keep: impl Fn(&Path) -> bool) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(root.join(dir))
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| keep(p))
        .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .filter(|n| !n.starts_with('.'))
        .collect();
    names.sort();
    names
}
