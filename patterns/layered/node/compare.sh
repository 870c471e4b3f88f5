#!/usr/bin/env bash
# The layered API against its Express original under the same load, on this machine: the Rust
# server (`cargo run --release -p layered`) and the Express one (node/app.js, better-sqlite3,
# argon2 with the same parameters), each on an in-memory SQLite database, measured in turns
# with wrk (`apt-get install wrk`) on loopback:
#   - GET /users/{id}: one user read by id, 2 threads, 32 connections, DURATION seconds;
#   - POST /users: a new registration per request (argon2 on both sides), 2 threads,
#     8 connections, DURATION seconds.
# Prints requests per second and the 99th percentile latency of each, and the ratios.
#   bash patterns/layered/node/compare.sh [ROUNDS] [DURATION]
set -euo pipefail
cd "$(dirname "$0")/../../.."
rounds=${1:-3}
duration=${2:-10}
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)" >&2; exit 1; }
(cd patterns/layered/node && npm ci --no-audit --no-fund --silent)
cargo build --release --quiet --package layered
rust_bin="${CARGO_TARGET_DIR:-target}/release/layered"
rust_port=3902
node_port=3903

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT
"$rust_bin" --port "$rust_port" >/dev/null 2>&1 &
pids+=($!)
PORT=$node_port node patterns/layered/node/app.js >/dev/null 2>&1 &
pids+=($!)
for port in $rust_port $node_port; do
  for _ in $(seq 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
    sleep 0.1
  done
done

# One user on each server, to read back.
seed() {
  curl -sf -X POST -H 'content-type: application/json' \
    -d '{"email":"ada@example.com","name":"Ada","password":"correct horse"}' \
    "http://127.0.0.1:$1/users" | sed 's/.*"id":"\([^"]*\)".*/\1/'
}
rust_id=$(seed $rust_port)
node_id=$(seed $node_port)

results=$(mktemp)
# measure NAME URL [wrk args...]: requests/s and p99 (ms) into $results
measure() {
  local name=$1 url=$2
  shift 2
  local out rps p99
  out=$(wrk --latency -d "${duration}s" "$@" "$url")
  rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v=v*1000}; print v}' <<<"$out")
  echo "$name $rps $p99" | tee -a "$results"
}
for round in $(seq "$rounds"); do
  echo "round $round of $rounds"
  measure read-express "http://127.0.0.1:$node_port/users/$node_id" -t2 -c32
  measure read-rust "http://127.0.0.1:$rust_port/users/$rust_id" -t2 -c32
  measure register-express "http://127.0.0.1:$node_port" -t2 -c8 -s patterns/layered/node/register.lua
  measure register-rust "http://127.0.0.1:$rust_port" -t2 -c8 -s patterns/layered/node/register.lua
done

median() { awk -v n="$1" -v col="$2" '$1 == n {print $col}' "$results" | sort -n |
  awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
echo
echo "median of $rounds rounds of ${duration} s (requests/s; p99 latency in ms):"
for route in read register; do
  e_rps=$(median "$route-express" 2); r_rps=$(median "$route-rust" 2)
  e_p99=$(median "$route-express" 3); r_p99=$(median "$route-rust" 3)
  awk -v r="$route" -v er="$e_rps" -v rr="$r_rps" -v ep="$e_p99" -v rp="$r_p99" 'BEGIN {
    printf "  %-9s Express %9.0f req/s, p99 %8.2f ms | Rust %9.0f req/s, p99 %8.2f ms | Rust/Express %.1fx\n", r, er, ep, rr, rp, rr / er
  }'
done
rm -f "$results"
