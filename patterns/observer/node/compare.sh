#!/usr/bin/env bash
# The observer against the Node code it replaces, on the source material's scenario (two
# listeners on a user registration, 10 M emits): Node 20's EventEmitter (node/emit.js) and the
# Rust emitter in a release build (examples/vs_node.rs), run alternately, ROUNDS times each
# (default 5). Prints every run, then the medians and how many times faster Rust is; and the
# floor: the two listeners called directly, with no emitter at all.
#   bash patterns/observer/node/compare.sh [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/../../.."
rounds=${1:-5}
cargo build --release --quiet --package observer --example vs_node
rust="${CARGO_TARGET_DIR:-target}/release/examples/vs_node"
runs=$(mktemp)
trap 'rm -f "$runs"' EXIT
for round in $(seq "$rounds"); do
  node patterns/observer/node/emit.js | tee -a "$runs"
  "$rust" | tee -a "$runs"
done
echo
median() { grep -F "$1" "$runs" | sed 's/.*: \([0-9.]*\) ns per emit/\1/' | sort -n |
  awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
node_ns=$(median "EventEmitter.emit")
emitter_ns=$(median "Emitter::emit")
publisher_ns=$(median "Publisher::emit")
direct_ns=$(median "direct calls")
echo "median of $rounds runs, ns per emit (lower is better):"
awk -v n="$node_ns" -v e="$emitter_ns" -v p="$publisher_ns" -v d="$direct_ns" '
function against(rust) {
  return rust <= n ? sprintf("%.1fx faster than Node", n / rust) : sprintf("%.1fx slower than Node", rust / n)
}
BEGIN {
  printf "  Node EventEmitter.emit  %6.2f\n", n
  printf "  Rust Emitter::emit      %6.2f   %s\n", e, against(e)
  printf "  Rust Publisher::emit    %6.2f   %s\n", p, against(p)
  printf "  floor: direct calls     %6.2f   %s\n", d, against(d)
}'
