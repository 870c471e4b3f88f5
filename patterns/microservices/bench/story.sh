#!/usr/bin/env bash
# The story's throughput through the gateway: starts the four services with the demo
# (`story --serve`, release build), then points wrk at the gateway for DURATION seconds
# (default 10) with CONNECTIONS connections (default 16): three POST /api/orders (each with an
# Idempotency-Key of its own) for every GET /api/orders. Needs wrk (`apt-get install wrk`).
# Run it by hand on a quiet machine: it is a measurement, not a check.
set -euo pipefail
cd "$(dirname "$0")/../../.."
duration=${1:-10}
connections=${2:-16}
cargo build --release --quiet -p microservices
target=${CARGO_TARGET_DIR:-target}
out=$(mktemp)
env -u DATABASE_URL -u NATS_URL SERVICES_LOG=warn "$target/release/microservices" story --serve > "$out" 2>/dev/null &
demo=$!
trap 'kill -TERM $demo 2>/dev/null || true; wait $demo 2>/dev/null || true; rm -f "$out"' EXIT
for _ in $(seq 300); do grep -q '^   token:' "$out" && break; sleep 0.1; done
gateway=$(awk '/^   gateway:/ {print $2}' "$out")
export TOKEN=$(awk '/^   token:/ {print $2}' "$out")
echo "gateway $gateway; wrk for ${duration}s with $connections connections"
wrk -t2 -c"$connections" -d"${duration}s" --latency -s patterns/microservices/bench/story.lua "$gateway"
