//! What the learner reads: the list, hints and verdicts, in the same words everywhere.

use console::style;

use crate::Ctx;
use crate::grade::Verdict;
use crate::manifest::Exercise;

pub fn list(ctx: &Ctx) {
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

/// Shows the hint of `exercise` the `asked`-th time the learner asks for it: the first hint
/// only the first time, then the fuller one too.
pub fn print_hint(exercise: &Exercise, asked: u32) {
    let (shown, of) = if asked <= 1 { (1, 2) } else { (2, 2) };
    println!(
        "{} {} ({shown} of {of}):",
        style("Hint for").bold(),
        style(&exercise.name).bold()
    );
    println!("{}", exercise.hint.trim());
    if asked <= 1 {
        println!(
            "\nStill stuck? Ask again for a fuller hint: `h` in watch mode, or `cargo learn hint {}`.",
            exercise.name
        );
    } else {
        println!("\n{}", exercise.full_hint.trim());
    }
    println!(
        "\nThe section that teaches it: \"{}\" in {} (in the served book, `mdbook serve book \
         --open`: {}).",
        exercise.section,
        exercise.chapter().display(),
        exercise.section_link()
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
            if let Some(rule) = &exercise.rule
                && errors.iter().any(|e| e.contains("unlinked crate"))
            {
                println!("{} {rule}\n", style("Note:").yellow().bold());
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
