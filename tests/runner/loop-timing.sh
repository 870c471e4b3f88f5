#!/usr/bin/env bash
# The learner's loop, timed: for every exercise, a one-line edit to a solved file, then the
# verdict. Two ways, N runs each after a warm-up, median (and min-max):
# - `cargo learn check NAME`: a command typed by hand (two cargo start-ups: `cargo run` for the
#   runner, then the runner's build of the check);
# - per save in watch mode (`cargo learn` left running): the runner is already up, so it is the
#   runner's own work, timed here by running its binary directly: `learn check NAME`.
# With --rustlings, the same loop for rustlings (`rustlings run errors2` after a one-line edit),
# measured the same way, as the bar to meet. Slowest first.
#
# A benchmark, not a test: run it by hand on a quiet machine (CI does not run it).
#   bash tests/runner/loop-timing.sh [--runs N] [--rustlings] [NAME...]
# It puts each solution in place of the exercise file and restores the stub after; it refuses
# to start if an exercise file has local changes.
set -euo pipefail
cd "$(dirname "$0")/../.."

runs=7
rustlings=false
names=()
while [ $# -gt 0 ]; do
  case $1 in
    --runs) runs=$2; shift 2 ;;
    --rustlings) rustlings=true; shift ;;
    *) names+=("$1"); shift ;;
  esac
done
if [ ${#names[@]} -eq 0 ]; then
  mapfile -t names < <(sed -n 's/^name = "\(.*\)"$/\1/p' tests/exercises.toml)
fi
git diff --quiet -- exercises/ || { echo "exercises/ has local changes: refusing to touch it" >&2; exit 1; }

saved=$(mktemp -d)
[ -f .learn/progress.toml ] && cp .learn/progress.toml "$saved/"
restore() {
  git checkout --quiet -- exercises/
  if [ -f "$saved/progress.toml" ]; then cp "$saved/progress.toml" .learn/; else rm -f .learn/progress.toml; fi
  rm -rf "$saved"
}
trap restore EXIT

# median MIN MAX of the numbers on stdin, in seconds with 3 decimals
stats() { sort -n | awk '{a[NR]=$1} END {printf "%.3f %.3f %.3f\n", a[int((NR+1)/2)], a[1], a[NR]}'; }

# time_loop FILE COMMAND...: one warm-up, then $runs times (edit one line, run COMMAND).
time_loop() {
  local file=$1; shift
  "$@" >/dev/null 2>&1 || true
  for i in $(seq "$runs"); do
    printf '// edit %s\n' "$i" >>"$file"
    local start=$EPOCHREALTIME
    "$@" >/dev/null 2>&1 || true
    local end=$EPOCHREALTIME
    awk -v s="$start" -v e="$end" 'BEGIN {printf "%.6f\n", e - s}'
  done | stats
}

cargo build --quiet --package checks-runner --bin learn
learn="${CARGO_TARGET_DIR:-target}/debug/learn"
results=$(mktemp)
for name in "${names[@]}"; do
  file=$(awk -v n="$name" '$0 == "name = \"" n "\"" {found=1} found && /^file = / {gsub(/file = |"/, ""); print; exit}' tests/exercises.toml)
  cp "solutions/${file#exercises/}" "$file"
  read -r median min max < <(time_loop "$file" cargo learn check "$name")
  read -r w_median w_min w_max < <(time_loop "$file" "$learn" check "$name")
  printf '%-12s %s %s-%s %s %s-%s\n' "$name" "$median" "$min" "$max" "$w_median" "$w_min" "$w_max" |
    tee -a "$results"
  git checkout --quiet -- "$file"
done

if $rustlings; then
  command -v rustlings >/dev/null || cargo install --locked rustlings
  work=$(mktemp -d)
  (cd "$work" && rustlings init >/dev/null 2>&1 <<<"y" || true)
  errors2=$(find "$work" -name errors2.rs -path '*exercises*' | head -1)
  # Solved, like ours: the verdict is a pass.
  cp "${errors2/exercises/solutions}" "$errors2"
  read -r median min max < <(cd "$work/rustlings" && time_loop "$errors2" rustlings run errors2)
  printf '%-12s %s %s-%s %s %s-%s\n' "rustlings" "$median" "$min" "$max" "$median" "$min" "$max" |
    tee -a "$results"
  rm -rf "$work"
fi

echo
echo "one-line edit -> verdict, median (min-max) of $runs runs, seconds, slowest first:"
printf '%-12s %20s %22s\n' exercise "cargo learn check" "watch mode, per save"
sort -k2 -n -r "$results" | awk '{printf "%-12s %7s %-12s %9s %-12s\n", $1, $2, "(" $3 ")", $4, "(" $5 ")"}'
rm -f "$results"
