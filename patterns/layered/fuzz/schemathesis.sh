#!/usr/bin/env bash
# Holds the running users API to its own OpenAPI document. schemathesis (PyPI, pinned) reads
# /openapi.json and generates requests from it: valid ones, invalid ones, and sequences that
# follow the links between operations (register, then read back). Every response is checked
# (`--checks all`): no 5xx; status, content type, headers and body as the document says;
# invalid input refused with a 4xx; valid input accepted.
#
# Runs against the embedded default (SQLite in memory), and, when DATABASE_URL names a
# PostgreSQL server, against it too, in a database made for the run and dropped after it.
# The seed is fixed so that a CI failure can be replayed; pass another to explore further.
#   bash patterns/layered/fuzz/schemathesis.sh [MAX_EXAMPLES [SEED]]
set -euo pipefail
cd "$(dirname "$0")/../../.."
examples=${1:-100}
seed=${2:-20261202}
version=4.32.5

venv="$HOME/.cache/backend-patterns-rust/schemathesis-venv"
if [ "$("$venv/bin/schemathesis" --version 2>/dev/null)" != "schemathesis, version $version" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet "schemathesis==$version"
fi
cargo build --quiet --package layered
bin="${CARGO_TARGET_DIR:-target}/debug/layered"

# Starts the API on a free port with DATABASE_URL=$2, fuzzes it, stops it. $1 names the run.
fuzz() {
  local label=$1 database_url=$2 log errors base=""
  log=$(mktemp)
  errors=$(mktemp)
  DATABASE_URL="$database_url" RUST_LOG=error "$bin" --port 0 >"$log" 2>"$errors" &
  local pid=$!
  for _ in $(seq 100); do
    base=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$log" | head -n 1 || true)
    [ -n "$base" ] && break
    sleep 0.1
  done
  if [ -z "$base" ]; then
    echo "the users API did not start ($label):" >&2
    cat "$log" "$errors" >&2
    kill "$pid" 2>/dev/null || true
    return 1
  fi
  echo "==> schemathesis against the users API on $label ($base)"
  local status=0
  "$venv/bin/schemathesis" run "$base/openapi.json" --checks all --max-examples "$examples" \
    --seed "$seed" --generation-allow-x00 true --generation-database none --no-color ||
    status=$?
  kill "$pid"
  wait "$pid" 2>/dev/null || true
  # An error the API logged is one a client caused: a failure even if the response looked fine.
  if [ -s "$errors" ]; then
    echo "the API logged errors while being fuzzed ($label):" >&2
    cat "$errors" >&2
    status=1
  fi
  rm -f "$log" "$errors"
  return "$status"
}

fuzz "SQLite in memory" "sqlite:file:schemathesis?mode=memory&cache=shared"

if [ -n "${DATABASE_URL:-}" ] && [[ "$DATABASE_URL" == postgres* ]]; then
  database="layered_schemathesis_$$"
  server_url="${DATABASE_URL%/*}"
  psql "$DATABASE_URL" -qc "CREATE DATABASE $database"
  trap 'psql "$DATABASE_URL" -qc "DROP DATABASE IF EXISTS $database WITH (FORCE)"' EXIT
  fuzz "PostgreSQL" "$server_url/$database"
elif [ "${REQUIRE_SERVICES:-}" = 1 ]; then
  echo "REQUIRE_SERVICES=1 but DATABASE_URL names no PostgreSQL server" >&2
  exit 1
else
  echo "DATABASE_URL is not set: the PostgreSQL run is skipped"
fi
