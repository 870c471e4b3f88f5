//! Grading one exercise: build its check against the learner's file, run it with a time limit,
//! and turn what cargo and the test harness print into a verdict a learner can act on.
//!
//! The check for `observer1` is the test target `observer1` of the package `checks-observer`
//! (`tests/observer`), built with
//! `--features exercises` so that it grades `exercises/` instead of `solutions/`. Each exercise
//! is its own small test target, so re-checking after an edit rebuilds one small crate.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::Context;
use serde::Deserialize;

use crate::manifest::Exercise;

/// What grading found.
#[derive(Debug)]
pub enum Verdict {
    /// Every check passed.
    Passed { tests: usize },
    /// The learner's file does not compile: the compiler's errors, first error first.
    CompileError {
        errors: Vec<String>,
        warnings: usize,
    },
    /// Some checks failed.
    Failed {
        failures: Vec<Failure>,
        passed: usize,
    },
    /// The checks did not finish within the time limit and were killed.
    TimedOut { limit: Duration },
    /// The test binary died without the harness reporting (an abort, a stack overflow...).
    Crashed { output: String },
}

/// One failing check.
#[derive(Debug, PartialEq)]
pub struct Failure {
    pub test: String,
    /// The panic message (an assertion's text, or "not yet implemented").
    pub message: String,
    /// Where it panicked, `file:line:column`.
    pub location: Option<String>,
}

impl Verdict {
    pub fn passed(&self) -> bool {
        matches!(self, Verdict::Passed { .. })
    }
}

pub struct Grader<'a> {
    pub root: &'a Path,
    pub timeout: Duration,
    pub color: bool,
    /// Which file the check grades.
    pub graded: Graded,
}

/// Which file a check is built against. Each is a feature of the checks package, choosing the
/// `#[path]` of the check's `mod exercise`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Graded {
    /// The learner's file in `exercises/` (feature `exercises`).
    Exercise,
    /// A known-wrong answer, copied to `tests/<pattern>/wip/` (feature `wrong`).
    WrongAnswer,
}

impl Graded {
    fn feature(self) -> &'static str {
        match self {
            Graded::Exercise => "exercises",
            Graded::WrongAnswer => "wrong",
        }
    }
}

impl Grader<'_> {
    /// What the file is graded as, and whatever else the exercise's check needs.
    fn features(&self, exercise: &Exercise) -> String {
        std::iter::once(self.graded.feature())
            .chain(exercise.features.iter().map(String::as_str))
            .collect::<Vec<_>>()
            .join(",")
    }

    /// Grades `exercise` against the learner's file.
    pub fn grade(&self, exercise: &Exercise) -> anyhow::Result<Verdict> {
        let never = || false;
        Ok(self
            .grade_unless(exercise, &never)?
            .expect("a grading that is never cancelled ends with a verdict"))
    }

    /// Grades `exercise`, but gives up (`Ok(None)`) once `cancelled()` says so: watch mode
    /// cancels a check when the file is saved again. The build is left to finish (stopping
    /// cargo mid-build would leave its rustc processes writing); the checks are stopped at
    /// once, endless loop or not.
    pub fn grade_unless(
        &self,
        exercise: &Exercise,
        cancelled: &dyn Fn() -> bool,
    ) -> anyhow::Result<Option<Verdict>> {
        let binary = match self.build(exercise)? {
            Ok(binary) => binary,
            Err(verdict) => return Ok(Some(verdict)),
        };
        if cancelled() {
            return Ok(None);
        }
        self.run(&binary, cancelled)
    }

    /// Builds the check; `Ok(Err(verdict))` when the learner's code does not compile.
    fn build(&self, exercise: &Exercise) -> anyhow::Result<Result<PathBuf, Verdict>> {
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let format = if self.color {
            "--message-format=json-diagnostic-rendered-ansi"
        } else {
            "--message-format=json"
        };
        let output = Command::new(cargo)
            .current_dir(self.root)
            .args([
                "test",
                "--quiet",
                "--no-default-features",
                "--features",
                &self.features(exercise),
                "--no-run",
                format,
            ])
            .args([
                "--package",
                &exercise.check_package(),
                "--test",
                &exercise.name,
            ])
            // Checks are built per checkout: see `checks::GRADED_CHECKOUT`.
            .env("LEARN_ROOT", self.root)
            .stdin(Stdio::null())
            .output()
            .context("cannot run cargo")?;

        let mut binary = None;
        let mut errors = Vec::new();
        let mut summaries = Vec::new();
        let mut warnings = 0;
        for line in String::from_utf8_lossy(&output.stdout).lines() {
            let Ok(message) = serde_json::from_str::<CargoMessage>(line) else {
                continue;
            };
            match message.reason.as_str() {
                "compiler-artifact"
                    if message
                        .target
                        .as_ref()
                        .is_some_and(|t| t.name == exercise.name) =>
                {
                    binary = message.executable.or(binary);
                }
                "compiler-message" => {
                    let Some(diagnostic) = message.message else {
                        continue;
                    };
                    // rustc names the learner's file through the check's `#[path]`:
                    // `tests/observer/../../exercises/...`; show the plain path.
                    let rendered = diagnostic
                        .rendered
                        .replace(&format!("tests/{}/../../", exercise.pattern), "");
                    match diagnostic.level.as_str() {
                        "error" | "error: internal compiler error" => {
                            // "aborting due to 2 previous errors" has no code location: last.
                            if diagnostic.spans.is_empty() {
                                summaries.push(rendered);
                            } else {
                                errors.push(rendered);
                            }
                        }
                        "warning" => warnings += 1,
                        _ => {}
                    }
                }
                _ => {}
            }
        }
        if output.status.success()
            && let Some(binary) = binary
        {
            return Ok(Ok(binary));
        }
        errors.extend(summaries);
        if errors.is_empty() {
            // cargo itself failed (a broken Cargo.toml, a missing test target...).
            errors.push(String::from_utf8_lossy(&output.stderr).into_owned());
        }
        Ok(Err(Verdict::CompileError { errors, warnings }))
    }

    /// Runs the test binary, killing it after the time limit or when cancelled.
    fn run(&self, binary: &Path, cancelled: &dyn Fn() -> bool) -> anyhow::Result<Option<Verdict>> {
        let mut child = Command::new(binary)
            .current_dir(self.root)
            // The harness runs the checks in parallel, as `cargo test` does (they are written
            // for it); the report sorts them by name, so it reads the same on every run.
            .env("RUST_BACKTRACE", "0")
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .with_context(|| format!("cannot run {}", binary.display()))?;
        // Read both pipes on threads, so a chatty test cannot fill a pipe and block.
        let stdout = drain(child.stdout.take());
        let stderr = drain(child.stderr.take());
        let started = Instant::now();
        let status = loop {
            if let Some(status) = child.try_wait()? {
                break Some(status);
            }
            if cancelled() {
                kill(&mut child);
                return Ok(None);
            }
            if started.elapsed() > self.timeout {
                kill(&mut child);
                break None;
            }
            std::thread::sleep(Duration::from_millis(10));
        };
        let stdout = stdout.join().unwrap_or_default();
        let stderr = stderr.join().unwrap_or_default();
        let Some(status) = status else {
            return Ok(Some(Verdict::TimedOut {
                limit: self.timeout,
            }));
        };
        Ok(Some(verdict(status, &stdout, &stderr)))
    }
}

/// What the checks' exit status and output say.
fn verdict(status: std::process::ExitStatus, stdout: &str, stderr: &str) -> Verdict {
    let summary = parse_harness(stdout);
    if summary.total() == 0 {
        return Verdict::Crashed {
            output: format!("{status}\n{stdout}{stderr}"),
        };
    }
    if summary.total() < summary.announced {
        // `std::process::exit` in the exercise, or an abort: not every check had its say.
        return Verdict::Crashed {
            output: format!(
                "only {} of {} checks reported before the checks stopped ({status})\n{stderr}",
                summary.total(),
                summary.announced
            ),
        };
    }
    if status.success() && summary.failures.is_empty() {
        return Verdict::Passed {
            tests: summary.passed,
        };
    }
    if summary.failures.is_empty() {
        return Verdict::Crashed {
            output: format!("{status}\n{stdout}{stderr}"),
        };
    }
    Verdict::Failed {
        failures: summary.failures,
        passed: summary.passed,
    }
}

fn kill(child: &mut Child) {
    let _ = child.kill();
    let _ = child.wait();
}

fn drain(pipe: Option<impl Read + Send + 'static>) -> std::thread::JoinHandle<String> {
    std::thread::spawn(move || {
        let mut text = String::new();
        if let Some(mut pipe) = pipe {
            let mut bytes = Vec::new();
            let _ = pipe.read_to_end(&mut bytes);
            text = String::from_utf8_lossy(&bytes).into_owned();
        }
        text
    })
}

#[derive(Deserialize)]
struct CargoMessage {
    reason: String,
    target: Option<Target>,
    executable: Option<PathBuf>,
    message: Option<Diagnostic>,
}

#[derive(Deserialize)]
struct Target {
    name: String,
}

#[derive(Deserialize)]
struct Diagnostic {
    level: String,
    rendered: String,
    #[serde(default)]
    spans: Vec<serde_json::Value>,
}

/// What libtest printed: which tests passed, and why the others failed.
#[derive(Debug, Default)]
pub struct HarnessSummary {
    /// From `running N tests`.
    pub announced: usize,
    pub passed: usize,
    pub passed_names: Vec<String>,
    pub failures: Vec<Failure>,
}

impl HarnessSummary {
    fn total(&self) -> usize {
        self.passed + self.failures.len()
    }
}

/// Reads libtest's plain output: `test NAME ... ok|FAILED` lines, then one
/// `---- NAME stdout ----` section per failure holding the panic message.
pub fn parse_harness(stdout: &str) -> HarnessSummary {
    let mut summary = HarnessSummary::default();
    let mut failed = Vec::new();
    for line in stdout.lines() {
        if let Some(count) = line
            .strip_prefix("running ")
            .and_then(|l| l.split(' ').next())
            .and_then(|n| n.parse().ok())
        {
            summary.announced = count;
        }
        let Some(rest) = line.strip_prefix("test ") else {
            continue;
        };
        if let Some(name) = rest.strip_suffix(" ... ok") {
            summary.passed += 1;
            summary.passed_names.push(name.to_owned());
        } else if let Some(name) = rest.strip_suffix(" ... FAILED") {
            failed.push(name.to_owned());
        }
    }
    for test in failed {
        let header = format!("---- {test} stdout ----");
        let section: Vec<&str> = stdout
            .split_once(&header)
            .map(|(_, after)| {
                after
                    .lines()
                    .take_while(|l| !l.starts_with("---- ") && *l != "failures:")
                    .collect()
            })
            .unwrap_or_default();
        let mut location = None;
        let mut message = Vec::new();
        let mut in_panic = false;
        for line in section {
            if let Some(at) = line
                .strip_prefix("thread '")
                .and_then(|l| l.split_once(" panicked at "))
                .map(|(_, at)| at.trim_end_matches(':'))
            {
                // The last panic is the one that failed the check: a check may provoke and
                // catch panics of its own before it (a listener that panics on purpose).
                location = Some(clean_path(at));
                message.clear();
                in_panic = true;
            } else if line.starts_with("note: run with `RUST_BACKTRACE") {
                in_panic = false;
            } else if in_panic {
                message.push(line);
            }
        }
        let message = message.join("\n").trim().to_owned();
        summary.failures.push(Failure {
            test,
            message,
            location,
        });
    }
    summary.failures.sort_by(|a, b| a.test.cmp(&b.test));
    summary
}

/// `tests/observer/../../exercises/observer/src/ex1.rs:4:9` → `exercises/observer/src/ex1.rs:4:9`.
/// (rustc names workspace files relative to the workspace root.)
fn clean_path(location: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in location.split('/') {
        match part {
            ".." if parts.last().is_some_and(|p| *p != "..") => {
                parts.pop();
            }
            "." => {}
            _ => parts.push(part),
        }
    }
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    const OUTPUT: &str = "
running 3 tests
test a_listener_receives_the_emitted_event ... FAILED
test listener_count_follows_on ... ok
test once_listener_runs_on_the_next_emit_only ... FAILED

failures:

---- a_listener_receives_the_emitted_event stdout ----

thread 'a_listener_receives_the_emitted_event' (123) panicked at tests/observer/../../exercises/observer/src/ex1_on_emit.rs:42:9:
not yet implemented
note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace

---- once_listener_runs_on_the_next_emit_only stdout ----

thread 'once_listener_runs_on_the_next_emit_only' (124) panicked at tests/observer/ex2_once_off.rs:30:5:
assertion `left == right` failed: `once` listener ran 2 times over three emits: expected 1 call
  left: 2
 right: 1
note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace


failures:
    a_listener_receives_the_emitted_event
    once_listener_runs_on_the_next_emit_only

test result: FAILED. 1 passed; 2 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.00s
";

    #[test]
    fn harness_output_becomes_failures_with_messages_and_clean_locations() {
        let summary = parse_harness(OUTPUT);
        assert_eq!(summary.announced, 3);
        assert_eq!(summary.passed, 1);
        assert_eq!(summary.passed_names, ["listener_count_follows_on"]);
        assert_eq!(
            summary.failures,
            [
                Failure {
                    test: "a_listener_receives_the_emitted_event".into(),
                    message: "not yet implemented".into(),
                    location: Some("exercises/observer/src/ex1_on_emit.rs:42:9".into()),
                },
                Failure {
                    test: "once_listener_runs_on_the_next_emit_only".into(),
                    message: "assertion `left == right` failed: `once` listener ran 2 times over \
                              three emits: expected 1 call\n  left: 2\n right: 1"
                        .into(),
                    location: Some("tests/observer/ex2_once_off.rs:30:5".into()),
                },
            ]
        );
    }

    #[test]
    fn the_last_panic_of_a_failing_check_is_the_one_reported() {
        let output = "
running 1 test
test a_panicking_listener_is_caught ... FAILED

failures:

---- a_panicking_listener_is_caught stdout ----

thread 'a_panicking_listener_is_caught' (7) panicked at tests/observer/ex4.rs:111:22:
SMTP timeout for linus@example.com
thread 'a_panicking_listener_is_caught' (7) panicked at tests/observer/ex4.rs:125:5:
panics should be reported as \"panicked: <message>\"
note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace


failures:
    a_panicking_listener_is_caught

test result: FAILED. 0 passed; 1 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.00s
";
        let failure = &parse_harness(output).failures[0];
        assert_eq!(
            failure.message,
            "panics should be reported as \"panicked: <message>\""
        );
        assert_eq!(
            failure.location.as_deref(),
            Some("tests/observer/ex4.rs:125:5")
        );
    }

    #[test]
    fn output_without_tests_has_no_total() {
        assert_eq!(parse_harness("Segmentation fault").total(), 0);
    }
}
