//! `cargo learn dev ...`: the commands for the authors of exercises, and what CI runs to prove
//! that the checks have teeth.
//!
//! A check earns its keep only by failing wrong code. Two kinds of wrong code are kept in the
//! repository and graded on every CI run:
//! - the untouched stubs (`verify-stubs`): every check must fail on each of them;
//! - the known-wrong answers in `tests/<pattern>/wrong/<exercise>/` (`verify-wrong`): code that
//!   compiles and handles the happy path but breaks one rule of the task statement, the way a
//!   learner would. Each must be rejected, by the check it names.

pub mod bless;
pub mod check;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use console::style;

use crate::Ctx;
use crate::git::git_hash;
use crate::grade::{Graded, Verdict};
use crate::manifest::{Exercise, Manifest};

/// Every exercise keeps at least this many known-wrong answers beside its checks.
pub const MIN_WRONG_ANSWERS: usize = 3;

/// `//! Rejected by: the compiler`: a wrong answer that reaches for a crate its exercise's
/// check package does not have (see `rule` in tests/exercises.toml).
pub const REJECTED_BY_THE_COMPILER: &str = "the compiler";

/// The exercises a dev command covers: the one named, or all.
fn chosen<'a>(ctx: &'a Ctx, name: Option<&str>) -> anyhow::Result<Vec<&'a Exercise>> {
    Ok(match name {
        Some(name) => vec![ctx.find(name)?],
        None => ctx.manifest.exercises.iter().collect(),
    })
}

/// CI's teeth check: a check that passes on an untouched stub proves nothing.
pub fn verify_stubs(ctx: &Ctx, name: Option<&str>) -> anyhow::Result<ExitCode> {
    let exercises = chosen(ctx, name)?;
    let mut problems = Vec::new();
    for exercise in &exercises {
        if git_hash(&ctx.root, &exercise.file)? != exercise.stub {
            problems.push(format!(
                "{}: {} is not the stub recorded in {} (run `cargo learn dev bless` if you \
                 changed the stub on purpose)",
                exercise.name,
                exercise.file.display(),
                Manifest::PATH
            ));
            continue;
        }
        let verdict = ctx.grader(Graded::Exercise).grade(exercise)?;
        let problem = match &verdict {
            Verdict::Failed {
                passed: 0,
                failures,
            } => {
                println!(
                    "{} {}: the stub fails all {} checks",
                    style("✓").green(),
                    exercise.name,
                    failures.len()
                );
                continue;
            }
            Verdict::Failed { passed, .. } => {
                format!("{passed} checks pass on the untouched stub: they have no teeth")
            }
            Verdict::Passed { .. } => "the untouched stub passes its checks".to_owned(),
            Verdict::CompileError { errors, .. } => {
                format!("the stub does not compile:\n{}", errors.join("\n"))
            }
            Verdict::TimedOut { .. } => "the checks hang on the stub".to_owned(),
            Verdict::Crashed { output } => format!("the checks crash on the stub:\n{output}"),
        };
        problems.push(format!("{}: {problem}", exercise.name));
    }
    report(
        &problems,
        &format!(
            "All {} exercise stubs fail every one of their checks.",
            exercises.len()
        ),
    )
}

/// One known-wrong answer: `tests/<pattern>/wrong/<exercise>/<mistake>.rs`.
#[derive(Debug)]
pub struct WrongAnswer {
    pub path: PathBuf,
    /// The rule of the task statement it breaks, quoted.
    pub rule: String,
    /// The checks that must reject it.
    pub rejected_by: Vec<String>,
}

impl WrongAnswer {
    /// The mistake's name: the file name without `.rs`.
    pub fn mistake(&self) -> String {
        self.path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default()
    }

    /// Reads the header every wrong answer opens with:
    ///
    /// ```text
    /// //! Known-wrong answer to `observer2`: ids taken from the list's length.
    /// //! Breaks: "every registration gets a new `ListenerId`, never reused, even after `off`"
    /// //! Rejected by: handles_are_unique_and_never_reused
    /// ```
    pub fn parse(path: PathBuf, text: &str) -> Result<Self, String> {
        let field = |key: &str| {
            text.lines()
                .take_while(|line| line.starts_with("//!"))
                .find_map(|line| line.strip_prefix(&format!("//! {key}:")))
                .map(|value| value.trim().to_owned())
                .filter(|value| !value.is_empty())
        };
        let rule = field("Breaks").ok_or(
            "its header has no `//! Breaks: \"...\"` line quoting the rule of the task \
             statement that it breaks",
        )?;
        let rejected_by: Vec<String> = field("Rejected by")
            .ok_or("its header has no `//! Rejected by: CHECK[, CHECK]` line")?
            .split(',')
            .map(|name| name.trim().to_owned())
            .filter(|name| !name.is_empty())
            .collect();
        Ok(Self {
            path,
            rule,
            rejected_by,
        })
    }
}

/// The known-wrong answers kept for `exercise`, sorted by name.
pub fn wrong_answers(root: &Path, exercise: &Exercise) -> anyhow::Result<Vec<PathBuf>> {
    let dir = wrong_dir(root, exercise);
    let mut paths = Vec::new();
    match std::fs::read_dir(&dir) {
        Ok(entries) => {
            for entry in entries {
                let path = entry?.path();
                if path.extension().is_some_and(|e| e == "rs") {
                    paths.push(path);
                }
            }
        }
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
        Err(error) => return Err(error).context(format!("cannot read {}", dir.display())),
    }
    paths.sort();
    Ok(paths)
}

/// `tests/<pattern>/wrong/<exercise>/`.
pub fn wrong_dir(root: &Path, exercise: &Exercise) -> PathBuf {
    root.join("tests")
        .join(&exercise.pattern)
        .join("wrong")
        .join(&exercise.name)
}

/// CI's second teeth check: every known-wrong answer compiles and is rejected by the check its
/// header names.
pub fn verify_wrong(ctx: &Ctx, name: Option<&str>) -> anyhow::Result<ExitCode> {
    let exercises = chosen(ctx, name)?;
    let mut problems = Vec::new();
    let mut total = 0;
    for exercise in &exercises {
        // How many there must be is `dev check`'s business; this grades those there are.
        for path in wrong_answers(&ctx.root, exercise)? {
            total += 1;
            let shown = relative(&ctx.root, &path).display().to_string();
            let text =
                std::fs::read_to_string(&path).with_context(|| format!("cannot read {shown}"))?;
            let wrong = match WrongAnswer::parse(path, &text) {
                Ok(wrong) => wrong,
                Err(problem) => {
                    problems.push(format!("{shown}: {problem}"));
                    continue;
                }
            };
            match grade_wrong(ctx, exercise, &wrong, &text)? {
                Ok(rejected_by) => println!(
                    "{} {}/{}: rejected by {}",
                    style("✓").green(),
                    exercise.name,
                    wrong.mistake(),
                    rejected_by.join(", ")
                ),
                Err(problem) => problems.push(format!("{shown}: {problem}")),
            }
        }
    }
    report(
        &problems,
        &format!(
            "All {total} known-wrong answers to {} exercises are rejected, each by the check it \
             names.",
            exercises.len()
        ),
    )
}

/// Grades one wrong answer; `Ok(Ok(checks that failed))` when it is rejected as it says.
fn grade_wrong(
    ctx: &Ctx,
    exercise: &Exercise,
    wrong: &WrongAnswer,
    text: &str,
) -> anyhow::Result<Result<Vec<String>, String>> {
    let wip = ctx.root.join("tests").join(&exercise.pattern).join("wip");
    std::fs::create_dir_all(&wip).with_context(|| format!("cannot create {}", wip.display()))?;
    let file_name = exercise
        .file
        .file_name()
        .context("an exercise file has no name")?;
    let slot = wip.join(file_name);
    std::fs::write(&slot, text).with_context(|| format!("cannot write {}", slot.display()))?;
    let verdict = ctx.grader(Graded::WrongAnswer).grade(exercise);
    let _ = std::fs::remove_file(&slot);
    Ok(match verdict? {
        Verdict::Failed { failures, .. } => {
            let failed: Vec<String> = failures.into_iter().map(|f| f.test).collect();
            let missing: Vec<&str> = wrong
                .rejected_by
                .iter()
                .filter(|check| !failed.contains(check))
                .map(String::as_str)
                .collect();
            if missing.is_empty() {
                Ok(wrong.rejected_by.clone())
            } else {
                Err(format!(
                    "rejected, but not by {} as its header says: the checks that failed are {}",
                    missing.join(", "),
                    failed.join(", ")
                ))
            }
        }
        Verdict::Passed { tests } => Err(format!(
            "PASSES all {tests} checks: no check enforces the rule it breaks: {}",
            wrong.rule
        )),
        // The one mistake the compiler catches on purpose: a crate the check package keeps
        // away from the exercise (its `rule`).
        Verdict::CompileError { errors, .. }
            if wrong.rejected_by == [REJECTED_BY_THE_COMPILER]
                && exercise.rule.is_some()
                && errors.iter().any(|e| e.contains("unlinked crate")) =>
        {
            Ok(wrong.rejected_by.clone())
        }
        Verdict::CompileError { errors, .. } => Err(format!(
            "does not compile (a known-wrong answer must compile: its mistake is one of \
             behaviour, which only a check can catch; unless the exercise has a `rule` and the \
             header says `Rejected by: {REJECTED_BY_THE_COMPILER}`):\n{}",
            errors.join("\n")
        )),
        Verdict::TimedOut { limit } => Err(format!(
            "the checks hang on it (stopped after {} s): a check should fail with a message, \
             not hang",
            limit.as_secs()
        )),
        Verdict::Crashed { output } => Err(format!("the checks crash on it:\n{output}")),
    })
}

fn relative<'a>(root: &Path, path: &'a Path) -> &'a Path {
    path.strip_prefix(root).unwrap_or(path)
}

pub(crate) fn report(problems: &[String], all_good: &str) -> anyhow::Result<ExitCode> {
    if problems.is_empty() {
        println!("{all_good}");
        return Ok(ExitCode::SUCCESS);
    }
    for problem in problems {
        println!("{} {problem}", style("✗").red().bold());
    }
    Ok(ExitCode::FAILURE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wrong_answer_header_names_its_rule_and_checks() {
        let text = "//! Known-wrong answer to `observer2`: ids from the length.\n\
                    //! Breaks: \"ids never reused\"\n\
                    //! Rejected by: handles_are_unique, off_twice\n\
                    pub fn f() {}\n";
        let wrong = WrongAnswer::parse(PathBuf::from("w/ids_from_length.rs"), text).unwrap();
        assert_eq!(wrong.rule, "\"ids never reused\"");
        assert_eq!(wrong.rejected_by, ["handles_are_unique", "off_twice"]);
        assert_eq!(wrong.mistake(), "ids_from_length");
        let error = WrongAnswer::parse(PathBuf::from("w.rs"), "//! Breaks: x\n").unwrap_err();
        assert!(error.contains("Rejected by"), "{error}");
    }
}
