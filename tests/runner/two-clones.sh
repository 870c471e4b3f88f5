#!/usr/bin/env bash
# Two clones of the repository sharing one CARGO_TARGET_DIR (many Rust developers set one
# globally) are each graded on their own files: `cargo learn` finds its checkout from the
# current directory, never from the path it was compiled at, and a check built in one clone is
# never reused to grade the other.
#
# Clone A has observer1 solved, clone B has the untouched stub; both are checked, in turns, with
# one target dir. Uses the working tree as it is (tracked and untracked files, not ignored ones).
set -euo pipefail
cd "$(dirname "$0")/../.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/backend-patterns-rust/target}"
export NO_COLOR=1

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
for clone in a b; do
  mkdir -p "$scratch/$clone"
  git ls-files -z --cached --others --exclude-standard |
    tar --null -T - -cf - 2>/dev/null | tar -C "$scratch/$clone" -xf -
  rm -rf "$scratch/$clone/.learn"
done
file=exercises/observer/src/ex1_on_emit.rs
cp "solutions/observer/src/ex1_on_emit.rs" "$scratch/a/$file"

failures=0
# expect CLONE SUBDIR EXPECTED_EXIT EXPECTED_TEXT -- cargo learn ARGS...
expect() {
  local clone=$1 dir=$2 code=$3 text=$4
  shift 5
  local out status=0
  out=$(cd "$scratch/$clone/$dir" && cargo learn "$@" 2>&1) || status=$?
  if [ "$status" = "$code" ] && grep -qF -- "$text" <<<"$out"; then
    echo "ok   clone $clone ($dir): cargo learn $* -> \"$text\""
  else
    echo "FAIL clone $clone ($dir): cargo learn $*: expected exit $code and \"$text\", got exit $status:"
    sed 's/^/     | /' <<<"$out"
    failures=$((failures + 1))
  fi
}

expect a . 0 "observer1: all" -- check observer1
expect b . 1 "not done yet" -- check observer1
expect a . 0 "observer1: all" -- check observer1
# From a folder inside the clone, too.
expect b exercises/observer 1 "not done yet" -- check observer1
expect a patterns 0 "1 of " -- list
expect b . 0 "0 of " -- list
# The progress of each clone stays in that clone.
[ -f "$scratch/a/.learn/progress.toml" ] || { echo "FAIL clone a has no progress file"; failures=$((failures + 1)); }
if grep -q observer-on-emit "$scratch/b/.learn/progress.toml" 2>/dev/null; then
  echo "FAIL clone b's progress says observer1 is done"
  failures=$((failures + 1))
fi
# Outside any clone (cargo itself knows no `learn` there; the binary is run directly): a clear
# word, not another folder's files.
out=$(cd "$scratch" && "$CARGO_TARGET_DIR/debug/learn" list 2>&1) && status=0 || status=$?
if [ "$status" = 1 ] && grep -qF "not inside a clone of Backend Patterns in Rust" <<<"$out"; then
  echo "ok   outside any clone: \"$out\""
else
  echo "FAIL outside any clone: exit $status: $out"
  failures=$((failures + 1))
fi

if [ "$failures" -gt 0 ]; then
  echo "$failures two-clone cases failed" >&2
  exit 1
fi
echo "two clones with one target dir are each graded on their own files"
