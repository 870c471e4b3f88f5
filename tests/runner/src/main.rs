//! `cargo learn`: the exercise runner.
//!
//! rustlings showed how much a good runner matters: you edit, you save, and you are told at
//! once, in plain words, whether you are done and if not, why. This one does that for the
//! exercises of every pattern, reading the list from `tests/exercises.toml` and grading each
//! exercise with its checks in `tests/`, where the learner's edits cannot weaken them.

mod grade;
mod manifest;
mod progress;
mod watch;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Duration;

use anyhow::{Context, bail};
use clap::{Parser, Subcommand};
use console::style;

use grade::{Grader, Verdict};
use manifest::{Exercise, Manifest, UnknownExercise};
use progress::Progress;

/// Do the exercises of Backend Patterns in Rust, checked as you save.
///
/// With no command, watches: shows the next unfinished exercise and re-checks it every time
/// you save its file.
#[derive(Parser)]
#[command(name = "cargo learn", version, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Option<Cmd>,
    /// Seconds an exercise's checks may run before they are stopped (an endless loop, say).
    #[arg(long, global = true, default_value_t = 20, value_name = "SECONDS")]
    timeout: u64,
}

#[derive(Subcommand)]
enum Cmd {
    /// Show the next unfinished exercise and re-check it on every save (the default).
    Watch,
    /// List the exercises and which ones you have done.
    List,
    /// Check one exercise (by default the next unfinished one), or all of them.
    Check {
        /// The exercise, as `cargo learn list` names it.
        name: Option<String>,
        /// Check every exercise.
        #[arg(long, conflicts_with = "name")]
        all: bool,
    },
    /// Show the hint for an exercise.
    Hint { name: String },
    /// Put an exercise back as it was shipped, keeping a backup of your file.
    Reset { name: String },
    /// Show the reference solution of an exercise, or its diff against your file.
    Solution {
        name: String,
        /// Show a diff from your file to the solution instead of the whole solution.
        #[arg(long)]
        diff: bool,
        /// Show it even though you have not solved the exercise yet.
        #[arg(long)]
        force: bool,
    },
    /// Commands for the authors of exercises.
    #[command(hide = true, subcommand)]
    Dev(Dev),
}

#[derive(Subcommand)]
enum Dev {
    /// Prove every check has teeth: each exercise file is the untouched stub, compiles, and
    /// fails every one of its checks. CI runs this.
    VerifyStubs,
    /// Record the current exercise files as the shipped stubs in tests/exercises.toml.
    Bless,
}

/// An error the learner made in the command line: exit code 2, like clap's own.
#[derive(Debug, thiserror::Error)]
#[error(transparent)]
struct UsageError(#[from] UnknownExercise);

fn main() -> ExitCode {
    let cli = Cli::parse();
    if std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()) {
        console::set_colors_enabled(false);
        console::set_colors_enabled_stderr(false);
    }
    match run(cli) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("{} {error:#}", style("error:").red().bold());
            if error.downcast_ref::<UsageError>().is_some() {
                ExitCode::from(2)
            } else {
                ExitCode::FAILURE
            }
        }
    }
}

/// Everything a command needs: where the repository is, the exercises, the progress.
pub struct Ctx {
    root: PathBuf,
    manifest: Manifest,
    progress: Progress,
    timeout: Duration,
}

impl Ctx {
    fn find(&self, name: &str) -> Result<&Exercise, UsageError> {
        Ok(self.manifest.find(name)?)
    }

    fn grader(&self) -> Grader<'_> {
        Grader {
            root: &self.root,
            timeout: self.timeout,
            color: console::colors_enabled(),
        }
    }

    /// The first exercise not done yet, in manifest order.
    fn next_unfinished(&self) -> Option<&Exercise> {
        self.manifest
            .exercises
            .iter()
            .find(|e| !self.progress.is_done(&e.id))
    }

    fn done_count(&self) -> usize {
        self.manifest
            .exercises
            .iter()
            .filter(|e| self.progress.is_done(&e.id))
            .count()
    }

    /// Grades one exercise, prints the verdict, and records it in the progress file.
    fn check(&mut self, exercise: &Exercise) -> anyhow::Result<bool> {
        println!(
            "Checking {} ({})...",
            style(&exercise.name).bold(),
            exercise.file.display()
        );
        let verdict = self.grader().grade(exercise)?;
        print_verdict(exercise, &verdict);
        self.progress.record(&exercise.id, verdict.passed())?;
        Ok(verdict.passed())
    }
}

fn repository_root() -> PathBuf {
    let root = match std::env::var_os("LEARN_ROOT") {
        Some(root) => PathBuf::from(root),
        // This crate lives in tests/runner of the repository.
        None => {
            let here = Path::new(env!("CARGO_MANIFEST_DIR"));
            here.ancestors().nth(2).unwrap_or(here).to_path_buf()
        }
    };
    // The file watcher reports canonical paths; compare like with like.
    root.canonicalize().unwrap_or(root)
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let root = repository_root();
    let mut ctx = Ctx {
        manifest: Manifest::load(&root)?,
        progress: Progress::load(&root)?,
        timeout: Duration::from_secs(cli.timeout.max(1)),
        root,
    };
    match cli.command.unwrap_or(Cmd::Watch) {
        Cmd::Watch => watch::watch(&mut ctx),
        Cmd::List => {
            list(&ctx);
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Check { name, all } => check(&mut ctx, name.as_deref(), all),
        Cmd::Hint { name } => {
            let exercise = ctx.find(&name)?;
            print_hint(exercise);
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Reset { name } => reset(&mut ctx, &name),
        Cmd::Solution { name, diff, force } => solution(&ctx, &name, diff, force),
        Cmd::Dev(Dev::VerifyStubs) => verify_stubs(&ctx),
        Cmd::Dev(Dev::Bless) => bless(&ctx),
    }
}

fn list(ctx: &Ctx) {
    println!(
        "{:<3} {:<12} {:<12} {:<7} {}",
        style("#").bold(),
        style("name").bold(),
        style("pattern").bold(),
        style("status").bold(),
        style("file").bold()
    );
    for (i, exercise) in ctx.manifest.exercises.iter().enumerate() {
        let status = if ctx.progress.is_done(&exercise.id) {
            style("done   ").green()
        } else {
            style("pending").yellow()
        };
        println!(
            "{:<3} {:<12} {:<12} {} {}",
            i + 1,
            exercise.name,
            exercise.pattern,
            status,
            exercise.file.display()
        );
    }
    println!(
        "\n{} of {} done. `cargo learn` picks up at the next one.",
        ctx.done_count(),
        ctx.manifest.exercises.len()
    );
}

fn check(ctx: &mut Ctx, name: Option<&str>, all: bool) -> anyhow::Result<ExitCode> {
    let chosen: Vec<Exercise> = if all {
        ctx.manifest.exercises.clone()
    } else if let Some(name) = name {
        vec![ctx.find(name)?.clone()]
    } else if let Some(next) = ctx.next_unfinished() {
        vec![next.clone()]
    } else {
        println!("Every exercise is done. `cargo learn check --all` re-checks them all.");
        return Ok(ExitCode::SUCCESS);
    };
    let mut failed = 0;
    for exercise in &chosen {
        if !ctx.check(exercise)? {
            failed += 1;
        }
    }
    if all {
        println!(
            "\n{} of {} exercises pass.",
            chosen.len() - failed,
            chosen.len()
        );
    }
    Ok(if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

pub fn print_hint(exercise: &Exercise) {
    println!(
        "{} {}",
        style("Hint for").bold(),
        style(&exercise.name).bold()
    );
    println!("{}", exercise.hint.trim());
    println!(
        "\nThe chapter that teaches it: {} (`mdbook serve book --open`).",
        exercise.chapter.display()
    );
}

pub fn print_verdict(exercise: &Exercise, verdict: &Verdict) {
    match verdict {
        Verdict::Passed { tests } => println!(
            "{} {}: all {tests} checks pass.",
            style("✓").green().bold(),
            style(&exercise.name).bold()
        ),
        Verdict::CompileError { errors, warnings } => {
            println!(
                "{} {} does not compile. The compiler says (first error first):\n",
                style("✗").red().bold(),
                exercise.file.display()
            );
            for error in errors {
                println!("{}", error.trim_end());
            }
            if *warnings > 0 {
                println!("({warnings} warnings not shown: fix the errors first)");
            }
        }
        Verdict::Failed { failures, passed } => {
            let total = failures.len() + passed;
            println!(
                "{} {}: {} of {total} checks fail.\n",
                style("✗").red().bold(),
                style(&exercise.name).bold(),
                failures.len()
            );
            for failure in failures {
                let test = failure.test.replace('_', " ");
                let at = failure.location.as_deref().unwrap_or("?");
                if failure.message.starts_with("not yet implemented") {
                    // The usual state of a fresh stub: one line each is enough.
                    println!(
                        "  {} {test}: {}",
                        style("✗").red(),
                        style(format!("not done yet (`todo!()` at {at})")).dim()
                    );
                    continue;
                }
                println!("  {} {test}", style("✗").red());
                for line in failure.message.lines() {
                    println!("      {line}");
                }
                println!("      {}", style(format!("at {at}")).dim());
            }
            println!("\nStuck? `cargo learn hint {}`", exercise.name);
        }
        Verdict::TimedOut { limit } => println!(
            "{} {}: the checks were still running after {} s and were stopped. Look for a loop \
             that never ends, or something awaited that never comes (a channel nobody closes, a \
             task never shut down). `--timeout` sets the limit.",
            style("✗").red().bold(),
            style(&exercise.name).bold(),
            limit.as_secs()
        ),
        Verdict::Crashed { output } => {
            println!(
                "{} {}: the checks crashed before they could report:\n{}",
                style("✗").red().bold(),
                style(&exercise.name).bold(),
                output.trim_end()
            );
        }
    }
}

fn reset(ctx: &mut Ctx, name: &str) -> anyhow::Result<ExitCode> {
    let exercise = ctx.find(name)?.clone();
    let stub = git_blob(&ctx.root, &exercise.stub).with_context(|| {
        format!(
            "cannot find the original of {} in git; `git checkout -- {}` restores the last \
             committed version",
            exercise.file.display(),
            exercise.file.display()
        )
    })?;
    let path = ctx.root.join(&exercise.file);
    let current = std::fs::read(&path).unwrap_or_default();
    if current == stub {
        println!("{} is already the original stub.", exercise.file.display());
        return Ok(ExitCode::SUCCESS);
    }
    let backups = ctx.root.join(Progress::DIR).join("backups");
    std::fs::create_dir_all(&backups)?;
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let backup = backups.join(format!("{}-{stamp}.rs", exercise.name));
    std::fs::write(&backup, &current)
        .with_context(|| format!("cannot save a backup to {}", backup.display()))?;
    std::fs::write(&path, &stub).with_context(|| format!("cannot write {}", path.display()))?;
    ctx.progress.record(&exercise.id, false)?;
    println!(
        "{} is back to the original stub. Your version is saved in {}.",
        exercise.file.display(),
        backup.strip_prefix(&ctx.root).unwrap_or(&backup).display()
    );
    Ok(ExitCode::SUCCESS)
}

fn solution(ctx: &Ctx, name: &str, diff: bool, force: bool) -> anyhow::Result<ExitCode> {
    let exercise = ctx.find(name)?;
    if !force && !ctx.progress.is_done(&exercise.id) {
        println!(
            "You have not solved {} yet. Reading the solution first is a choice worth making \
             on purpose: try `cargo learn hint {}`, or run `cargo learn solution {} --force`.",
            exercise.name, exercise.name, exercise.name
        );
        return Ok(ExitCode::FAILURE);
    }
    let solution_path = exercise.solution();
    let solution = std::fs::read_to_string(ctx.root.join(&solution_path))
        .with_context(|| format!("cannot read {}", solution_path.display()))?;
    if diff {
        let mine = std::fs::read_to_string(ctx.root.join(&exercise.file)).unwrap_or_default();
        let text = similar::TextDiff::from_lines(&mine, &solution)
            .unified_diff()
            .header(
                &exercise.file.display().to_string(),
                &solution_path.display().to_string(),
            )
            .to_string();
        for line in text.lines() {
            let line = match line.chars().next() {
                Some('+') => style(line).green(),
                Some('-') => style(line).red(),
                Some('@') => style(line).cyan(),
                _ => style(line),
            };
            println!("{line}");
        }
    } else {
        println!("{}\n", style(solution_path.display()).bold());
        print!("{solution}");
    }
    Ok(ExitCode::SUCCESS)
}

/// The stub as shipped, from git's object store: offline, and untouched by the learner's commits.
fn git_blob(root: &Path, id: &str) -> anyhow::Result<Vec<u8>> {
    let output = Command::new("git")
        .current_dir(root)
        .args(["cat-file", "blob", id])
        .output()
        .context("cannot run git")?;
    if !output.status.success() {
        bail!("{}", String::from_utf8_lossy(&output.stderr).trim());
    }
    Ok(output.stdout)
}

fn git_hash(root: &Path, file: &Path) -> anyhow::Result<String> {
    let output = Command::new("git")
        .current_dir(root)
        .arg("hash-object")
        .arg(file)
        .output()
        .context("cannot run git")?;
    if !output.status.success() {
        bail!("{}", String::from_utf8_lossy(&output.stderr).trim());
    }
    Ok(String::from_utf8_lossy(&output.stdout).trim().to_owned())
}

/// CI's teeth check: a check that passes on an untouched stub proves nothing.
fn verify_stubs(ctx: &Ctx) -> anyhow::Result<ExitCode> {
    let mut problems = Vec::new();
    for exercise in &ctx.manifest.exercises {
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
        let verdict = ctx.grader().grade(exercise)?;
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
    if problems.is_empty() {
        println!(
            "All {} exercise stubs fail every one of their checks.",
            ctx.manifest.exercises.len()
        );
        return Ok(ExitCode::SUCCESS);
    }
    for problem in &problems {
        println!("{} {problem}", style("✗").red().bold());
    }
    Ok(ExitCode::FAILURE)
}

fn bless(ctx: &Ctx) -> anyhow::Result<ExitCode> {
    let path = ctx.root.join(Manifest::PATH);
    let mut text = std::fs::read_to_string(&path)?;
    for exercise in &ctx.manifest.exercises {
        let hash = git_hash(&ctx.root, &exercise.file)?;
        if hash == exercise.stub {
            continue;
        }
        text = set_stub(&text, &exercise.name, &hash)
            .with_context(|| format!("cannot find the `stub` line of {}", exercise.name))?;
        // `reset` reads the stub from git's object store: put it there.
        let stored = Command::new("git")
            .current_dir(&ctx.root)
            .args(["hash-object", "-w"])
            .arg(&exercise.file)
            .output()?;
        if !stored.status.success() {
            bail!("git hash-object -w {} failed", exercise.file.display());
        }
        println!("{}: stub is now {hash}", exercise.name);
    }
    std::fs::write(&path, text)?;
    Ok(ExitCode::SUCCESS)
}

/// Replaces the value of the first `stub = "..."` after the row whose name is `name`.
fn set_stub(text: &str, name: &str, hash: &str) -> Option<String> {
    let row = text.find(&format!("name = \"{name}\""))?;
    let start = row + text[row..].find("stub = \"")? + "stub = \"".len();
    let end = start + text[start..].find('"')?;
    Some(format!("{}{hash}{}", &text[..start], &text[end..]))
}

#[cfg(test)]
mod tests {
    use super::set_stub;

    #[test]
    fn bless_changes_only_the_named_rows_stub() {
        let text = "name = \"a1\"\nstub = \"\"\n\nname = \"a2\"\nstub = \"\"\n";
        let text = set_stub(text, "a2", "beef").unwrap();
        assert_eq!(
            text,
            "name = \"a1\"\nstub = \"\"\n\nname = \"a2\"\nstub = \"beef\"\n"
        );
        assert!(set_stub(&text, "a3", "beef").is_none());
    }
}
