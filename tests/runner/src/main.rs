//! `cargo learn`: the exercise runner.
//!
//! rustlings showed how much a good runner matters: you edit, you save, and you are told at
//! once, in plain words, whether you are done and if not, why. This one does that for the
//! exercises of every pattern, reading the list from `tests/exercises.toml` and grading each
//! exercise with its checks in `tests/`, where the learner's edits cannot weaken them.

mod dev;
mod files;
mod git;
mod grade;
mod manifest;
mod progress;
mod term;
mod watch;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{Context, bail};
use clap::{Parser, Subcommand};
use console::style;

use grade::{Graded, Grader, Verdict};
use manifest::{Exercise, Manifest, UnknownExercise};
use progress::Progress;
use term::{print_hint, print_verdict};

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
        /// The exercise, as `cargo learn list` names it (in any case) or numbers it.
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
    /// Prove the exercise list, the exercise, solution and check files, the test targets, the
    /// chapters, the book's SUMMARY and the README agree, and that nothing is orphaned. CI runs
    /// this.
    Check,
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
            term::list(&ctx);
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
            let exercise = exercise.clone();
            let asked = ctx.progress.ask_hint(&exercise.id)?;
            print_hint(&exercise, asked);
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Reset { name } => files::reset(&mut ctx, &name),
        Cmd::Solution { name, diff, force } => files::solution(&ctx, &name, diff, force),
        Cmd::Dev(Dev::VerifyStubs { name }) => dev::verify_stubs(&ctx, name.as_deref()),
        Cmd::Dev(Dev::VerifyWrong { name }) => dev::verify_wrong(&ctx, name.as_deref()),
        Cmd::Dev(Dev::Bless) => dev::bless::bless(&ctx),
        Cmd::Dev(Dev::Check) => dev::check::check(&ctx),
    }
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
