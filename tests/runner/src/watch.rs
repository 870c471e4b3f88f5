//! Watch mode, what `cargo learn` does with no command: show the next unfinished exercise,
//! re-check it every time its file is saved, and move on when it passes.
//!
//! Three sources of input feed one channel: the file watcher (notify), the keyboard (a thread
//! reading lines from stdin) and the check itself, which runs on a thread of its own. So the
//! main loop hears a save while a check is running: it cancels that check (an endless loop
//! need not run to its time limit) and starts a fresh one on the new file.

use std::io::BufRead;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::Duration;

use anyhow::Context;
use console::{Term, style};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use notify::{RecursiveMode, Watcher};

use crate::Ctx;
use crate::grade::{Graded, Verdict};
use crate::manifest::Exercise;
use crate::term::{list, print_hint};

enum Input {
    Saved(Vec<PathBuf>),
    Key(String),
    Eof,
}

/// How one check in watch mode ended.
enum Outcome {
    Verdict(Verdict),
    /// The file was saved again while it ran: check the new file.
    SavedAgain,
    Quit,
}

pub fn watch(ctx: &mut Ctx) -> anyhow::Result<ExitCode> {
    let (tx, rx) = mpsc::channel();
    let files_tx = tx.clone();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        if let Ok(event) = event
            && (event.kind.is_modify() || event.kind.is_create())
        {
            let _ = files_tx.send(Input::Saved(event.paths));
        }
    })
    .context("cannot watch the exercise files")?;
    watcher
        .watch(&ctx.root.join("exercises"), RecursiveMode::Recursive)
        .context("cannot watch exercises/")?;
    std::thread::spawn(move || {
        for line in std::io::stdin().lock().lines() {
            match line {
                Ok(line) => {
                    if tx.send(Input::Key(line.trim().to_lowercase())).is_err() {
                        return;
                    }
                }
                Err(_) => break,
            }
        }
        let _ = tx.send(Input::Eof);
    });

    let mut stdin_open = true;
    loop {
        let Some(exercise) = ctx.next_unfinished().cloned() else {
            show_progress(ctx);
            println!(
                "\n{} Every exercise is done. Well played! The book's chapters go further.",
                style("🎉").bold()
            );
            return Ok(ExitCode::SUCCESS);
        };
        let term = Term::stdout();
        if term.is_term() {
            let _ = term.clear_screen();
        }
        show_progress(ctx);
        println!(
            "\n{} {} — {}\n",
            style("Current exercise:").bold(),
            style(&exercise.name).bold().cyan(),
            exercise.file.display()
        );
        let target = ctx.root.join(&exercise.file);
        println!(
            "Checking {} ({})...",
            style(&exercise.name).bold(),
            exercise.file.display()
        );
        let verdict = loop {
            match check_while_listening(ctx, &exercise, &target, &rx, &mut stdin_open)? {
                Outcome::Verdict(verdict) => break verdict,
                Outcome::SavedAgain => {
                    println!("Saved again: checking the new version...");
                    // Editors save in several steps; let them finish, then check once.
                    std::thread::sleep(Duration::from_millis(150));
                    while rx.try_recv().is_ok() {}
                }
                Outcome::Quit => return Ok(ExitCode::SUCCESS),
            }
        };
        let passed = ctx.conclude(&exercise, &verdict)?;
        if passed {
            println!("\nOn to the next one...");
            std::thread::sleep(Duration::from_millis(800));
            continue;
        }
        println!(
            "\nEdit {} and save: it is checked again. {}",
            exercise.file.display(),
            if stdin_open {
                "Keys (then Enter): [h]int  [l]ist  [c]heck  [q]uit"
            } else {
                "Ctrl-C quits."
            }
        );
        // Wait for something that concerns this exercise.
        loop {
            let input = rx.recv().context("the file watcher stopped")?;
            match input {
                Input::Saved(paths) if paths.contains(&target) => {
                    // Editors save in several steps; let them finish, then check once.
                    std::thread::sleep(Duration::from_millis(150));
                    while rx.try_recv().is_ok() {}
                    break;
                }
                Input::Saved(_) => {}
                Input::Key(key) => match key.as_str() {
                    "h" | "hint" => {
                        let asked = ctx.progress.ask_hint(&exercise.id)?;
                        print_hint(&exercise, asked);
                    }
                    "l" | "list" => list(ctx),
                    "c" | "check" | "" => break,
                    "q" | "quit" => return Ok(ExitCode::SUCCESS),
                    other => println!("Unknown key `{other}`: h, l, c or q, then Enter."),
                },
                Input::Eof => stdin_open = false,
            }
        }
    }
}

/// Checks `exercise` on a thread of its own, showing the time it has taken so far, while
/// listening for saves and keys: a save of the exercise's file cancels the check.
fn check_while_listening(
    ctx: &Ctx,
    exercise: &Exercise,
    target: &std::path::Path,
    rx: &mpsc::Receiver<Input>,
    stdin_open: &mut bool,
) -> anyhow::Result<Outcome> {
    let cancel = AtomicBool::new(false);
    let grader = ctx.grader(Graded::Exercise);
    let spinner = ProgressBar::with_draw_target(None, ProgressDrawTarget::stdout());
    if let Ok(spinner_style) = ProgressStyle::with_template("{spinner} checking {msg}  {elapsed}") {
        spinner.set_style(spinner_style);
    }
    spinner.set_message(exercise.name.clone());
    spinner.enable_steady_tick(Duration::from_millis(100));
    let (done_tx, done_rx) = mpsc::channel();
    std::thread::scope(|scope| {
        scope.spawn(|| {
            let cancelled = || cancel.load(Ordering::Relaxed);
            let _ = done_tx.send(grader.grade_unless(exercise, &cancelled));
        });
        let mut outcome = None;
        loop {
            // Has the check ended? If not, listen to the learner for a moment.
            if let Ok(result) = done_rx.try_recv() {
                spinner.finish_and_clear();
                return match (outcome, result?) {
                    (Some(outcome), _) => Ok(outcome),
                    (None, Some(verdict)) => Ok(Outcome::Verdict(verdict)),
                    (None, None) => Ok(Outcome::SavedAgain),
                };
            }
            match rx.recv_timeout(Duration::from_millis(50)) {
                Ok(Input::Saved(paths)) if paths.iter().any(|p| p == target) => {
                    cancel.store(true, Ordering::Relaxed);
                    outcome.get_or_insert(Outcome::SavedAgain);
                }
                Ok(Input::Key(key)) if matches!(key.as_str(), "q" | "quit") => {
                    cancel.store(true, Ordering::Relaxed);
                    outcome = Some(Outcome::Quit);
                }
                Ok(Input::Eof) => *stdin_open = false,
                Ok(_) | Err(mpsc::RecvTimeoutError::Timeout) => {}
                Err(mpsc::RecvTimeoutError::Disconnected) => {
                    anyhow::bail!("the file watcher stopped")
                }
            }
        }
    })
}

fn show_progress(ctx: &Ctx) {
    let total = ctx.manifest.exercises.len() as u64;
    let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stdout());
    if let Ok(bar_style) =
        ProgressStyle::with_template("Progress: [{bar:40.green/dim}] {pos}/{len} exercises done")
    {
        bar.set_style(bar_style.progress_chars("#>-"));
    }
    bar.set_position(ctx.done_count() as u64);
    bar.abandon();
    if !Term::stdout().is_term() {
        // indicatif draws only on a terminal; say it in words elsewhere.
        println!("Progress: {}/{total} exercises done", ctx.done_count());
    }
}
