//! `cargo learn`: the exercise runner.
//!
//! rustlings showed how much a good runner matters: you edit, you save, and you are told at
//! once, in plain words, whether you are done and if not, why. This one does that for the
//! exercises of every pattern, reading the list from `tests/exercises.toml` and grading each
//! exercise with its checks in `tests/`, where the learner's edits cannot weaken them.

mod dev;
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

use grade::{Graded, Grader, Verdict};
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
    #[arg(
        long,
        global = true,
        default_value_t = 20,
        value_name = "SECONDS",
        value_parser = clap::value_parser!(u64).range(1..)
    )]
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
    /// Show the hint for an exercise (by default the next unfinished one).
    Hint { name: Option<String> },
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
    VerifyStubs {
        /// Only this exercise.
        name: Option<String>,
    },
    /// Prove every known-wrong answer in tests/<pattern>/wrong/ compiles and is rejected by
    /// the check its header names. CI runs this.
    VerifyWrong {
        /// Only this exercise.
        name: Option<String>,
    },
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

    fn grader(&self, graded: Graded) -> Grader<'_> {
        Grader {
            root: &self.root,
            timeout: self.timeout,
            color: console::colors_enabled(),
            graded,
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
        let verdict = self.grader(Graded::Exercise).grade(exercise)?;
        self.conclude(exercise, &verdict)
    }

    /// Prints a verdict and records it in the progress file.
    fn conclude(&mut self, exercise: &Exercise, verdict: &Verdict) -> anyhow::Result<bool> {
        print_verdict(exercise, verdict);
        self.progress.record(&exercise.id, verdict.passed())?;
        Ok(verdict.passed())
    }
}

/// The checkout to work on: the nearest folder, from the current directory up, that holds
/// `tests/exercises.toml` (`LEARN_ROOT` overrides it, for the runner's own tests).
///
/// Not the folder this binary was compiled in: with one `CARGO_TARGET_DIR` shared by two clones,
/// cargo may hand one clone the binary built in the other, and a moved clone keeps its old path.
fn repository_root() -> anyhow::Result<PathBuf> {
    let root = match std::env::var_os("LEARN_ROOT") {
        Some(root) => PathBuf::from(root),
        None => {
            let here = std::env::current_dir().context("cannot read the current directory")?;
            match here
                .ancestors()
                .find(|dir| dir.join(Manifest::PATH).is_file())
            {
                Some(root) => root.to_path_buf(),
                None => bail!(
                    "{} is not inside a clone of Backend Patterns in Rust (no {} in it or \
                     above it): run `cargo learn` inside the repository",
                    here.display(),
                    Manifest::PATH
                ),
            }
        }
    };
    // The file watcher reports canonical paths; compare like with like.
    Ok(root.canonicalize().unwrap_or(root))
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let root = repository_root()?;
    let mut ctx = Ctx {
        manifest: Manifest::load(&root)?,
        progress: Progress::load(&root)?,
        timeout: Duration::from_secs(cli.timeout),
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
            let exercise = match name {
                Some(name) => ctx.find(&name)?,
                None => match ctx.next_unfinished() {
                    Some(next) => next,
                    None => {
                        println!("Every exercise is done: `cargo learn hint NAME` for any one.");
                        return Ok(ExitCode::SUCCESS);
                    }
                },
            };
            print_hint(exercise);
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Reset { name } => reset(&mut ctx, &name),
        Cmd::Solution { name, diff, force } => solution(&ctx, &name, diff, force),
        Cmd::Dev(Dev::VerifyStubs { name }) => dev::verify_stubs(&ctx, name.as_deref()),
        Cmd::Dev(Dev::VerifyWrong { name }) => dev::verify_wrong(&ctx, name.as_deref()),
        Cmd::Dev(Dev::Bless) => dev::bless(&ctx),
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
                println!("{}\n", error.trim_end());
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
                let test = &failure.test;
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
    let current = match std::fs::read(&path) {
        Ok(current) => Some(current),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => None,
        Err(error) => {
            return Err(error).context(format!(
                "cannot read {}, so it was not reset (nothing was changed)",
                exercise.file.display()
            ));
        }
    };
    let was_done = ctx.progress.is_done(&exercise.id);
    if current.as_deref() == Some(stub.as_slice()) && !was_done {
        println!("{} is already the original stub.", exercise.file.display());
        return Ok(ExitCode::SUCCESS);
    }
    // Never lose the learner's work: the backup is written (to a name no other backup has)
    // before the file is touched, and an empty or missing file needs no backup.
    let saved = match current.as_deref() {
        Some(current) if !current.is_empty() && current != stub => {
            Some(backup(ctx, &exercise, current)?)
        }
        _ => None,
    };
    std::fs::write(&path, &stub).with_context(|| format!("cannot write {}", path.display()))?;
    ctx.progress.record(&exercise.id, false)?;
    let file = exercise.file.display();
    match (current, saved) {
        (None, _) => println!("{file} was missing: the original stub is back in its place."),
        (Some(_), Some(backup)) => println!(
            "{file} is back to the original stub. Your version is saved in {}.",
            backup.strip_prefix(&ctx.root).unwrap_or(&backup).display()
        ),
        (Some(_), None) => println!("{file} is back to the original stub (yours was empty)."),
    }
    if was_done {
        println!(
            "{} is no longer marked done: it counts again once its checks pass.",
            exercise.name
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Saves `contents` as `.learn/backups/<name>-<unix time>[-N].rs`, never over another backup.
fn backup(ctx: &Ctx, exercise: &Exercise, contents: &[u8]) -> anyhow::Result<PathBuf> {
    use std::io::Write;
    let dir = ctx.root.join(Progress::DIR).join("backups");
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let mut n = 1;
    loop {
        let name = match n {
            1 => format!("{}-{stamp}.rs", exercise.name),
            n => format!("{}-{stamp}-{n}.rs", exercise.name),
        };
        let path = dir.join(name);
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(mut file) => {
                file.write_all(contents)
                    .and_then(|()| file.sync_all())
                    .with_context(|| format!("cannot save a backup to {}", path.display()))?;
                return Ok(path);
            }
            Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => n += 1,
            Err(error) => {
                return Err(error).context(format!("cannot save a backup to {}", path.display()));
            }
        }
    }
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
