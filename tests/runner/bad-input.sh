#!/usr/bin/env bash
# How `cargo learn` answers a learner's bad input, end to end: each case breaks the first
# exercise in a known way, runs the real runner, and checks its exit code and its words.
# It edits exercises/observer/src/ex1_on_emit.rs and restores it from git on exit: run it in
# a clean checkout (CI does). Unknown names are covered by tests/runner/tests/cli.rs.
set -euo pipefail
cd "$(dirname "$0")/../.."

file=exercises/observer/src/ex1_on_emit.rs
git diff --quiet -- "$file" || { echo "$file has local changes: refusing to touch it" >&2; exit 1; }
# The checks below record their (failing) results; keep the learner's progress as it was.
saved=$(mktemp -d)
[ -f .learn/progress.toml ] && cp .learn/progress.toml "$saved/"
restore() {
  git checkout --quiet -- "$file"
  if [ -f "$saved/progress.toml" ]; then cp "$saved/progress.toml" .learn/; else rm -f .learn/progress.toml; fi
  rm -rf "$saved"
}
trap restore EXIT

failures=0
# expect NAME EXPECTED_EXIT EXPECTED_TEXT -- cargo learn ARGS...
expect() {
  local name=$1 code=$2 text=$3
  shift 4
  local out status=0
  out=$(NO_COLOR=1 cargo learn "$@" 2>&1) || status=$?
  if [ "$status" = "$code" ] && grep -qF -- "$text" <<<"$out"; then
    echo "ok   $name"
  else
    echo "FAIL $name: expected exit $code and \"$text\", got exit $status:"
    sed 's/^/     | /' <<<"$out"
    failures=$((failures + 1))
  fi
}
# Replaces the first `todo!()` of the exercise (the body of `on`) with $1.
break_with() {
  git checkout --quiet -- "$file"
  python3 - "$file" "$1" <<'PY'
import sys
path, body = sys.argv[1], sys.argv[2]
text = open(path).read()
open(path, "w").write(text.replace("todo!()", body, 1))
PY
}

expect "untouched stub: not done yet" 1 'not done yet (`todo!()` at exercises/observer/src/ex1_on_emit.rs' -- check observer1

break_with 'let count: u32 = "three";'
expect "compile error: the compiler's message" 1 "error[E0308]: mismatched types" -- check observer1
expect "compile error: the learner's path" 1 "--> exercises/observer/src/ex1_on_emit.rs" -- check observer1

break_with 'panic!("my listener store is on fire")'
expect "panic: the panic message" 1 "my listener store is on fire" -- check observer1

break_with 'loop { std::hint::spin_loop() }'
expect "endless loop: stopped after the limit" 1 "still running after 2 s and were stopped" -- --timeout 2 check observer1

break_with 'std::process::exit(0)'
expect "exit(0) in the exercise: not a pass" 1 "checks crashed before they could report" -- check observer1

# Watch mode: saving while a check runs (here an endless loop) cancels it and checks the new
# version at once, instead of waiting for the time limit (set far away, 300 s, on purpose).
break_with 'loop { std::hint::spin_loop() }'
rm -f .learn/progress.toml
out=$(mktemp)
setsid bash -c 'NO_COLOR=1 exec cargo learn --timeout 300 </dev/null' >"$out" 2>&1 &
watcher=$!
stop_watcher() { kill -- -"$watcher" 2>/dev/null || true; wait "$watcher" 2>/dev/null || true; }
wait_for() { # wait_for TEXT SECONDS
  for _ in $(seq $(($2 * 10))); do grep -qF -- "$1" "$out" && return 0; sleep 0.1; done
  return 1
}
if wait_for "Checking observer1" 120 && sleep 2 && cp solutions/observer/src/ex1_on_emit.rs "$file" &&
  wait_for "✓ observer1: all" 120 && grep -qF "Saved again" "$out"; then
  echo "ok   watch: a save cancels the running check and checks the new version"
else
  echo "FAIL watch: a save during an endless loop did not start a fresh check within 120 s:"
  sed 's/^/     | /' "$out"
  failures=$((failures + 1))
fi
stop_watcher
rm -f "$out"

if [ "$failures" -gt 0 ]; then
  echo "$failures runner cases failed" >&2
  exit 1
fi
echo "the runner answers every bad input clearly"
