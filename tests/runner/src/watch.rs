//! Watch mode, what `cargo learn` does with no command: show the next unfinished exercise,
//! re-check it every time its file is saved, and move on when it passes.
//!
//! Two sources of input feed one channel: the file watcher (notify) and the keyboard (a
//! thread reading lines from stdin). The main loop handles one message at a time, so a save
//! that lands while a check is running is not lost: it triggers the next check.

use std::io::BufRead;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::mpsc;
use std::time::Duration;

use anyhow::Context;
use console::{Term, style};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use notify::{RecursiveMode, Watcher};

use crate::{Ctx, list, print_hint};

enum Input {
    Saved(Vec<PathBuf>),
    Key(String),
    Eof,
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
        let passed = ctx.check(&exercise)?;
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
        let target = ctx.root.join(&exercise.file);
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
                    "h" | "hint" => print_hint(&exercise),
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
