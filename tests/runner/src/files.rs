//! The commands that touch the learner's files: `reset` and `solution`. The one rule here is
//! that a learner's work is never lost: it is saved before anything overwrites it.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use console::style;

use crate::Ctx;
use crate::git::git_blob;
use crate::manifest::Exercise;
use crate::progress::Progress;

pub fn reset(ctx: &mut Ctx, name: &str) -> anyhow::Result<ExitCode> {
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
        (Some(current), None) if current.is_empty() => {
            println!("{file} is back to the original stub (yours was empty).")
        }
        (Some(_), None) => println!("{file} is already the original stub."),
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

pub fn solution(ctx: &Ctx, name: &str, diff: bool, force: bool) -> anyhow::Result<ExitCode> {
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
        if mine == solution {
            println!(
                "{} is the same as the reference solution, {}.",
                exercise.file.display(),
                solution_path.display()
            );
            return Ok(ExitCode::SUCCESS);
        }
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
