#!/usr/bin/env bash
# Kill -9 trials on SQLite and on PostgreSQL (Tests/interop/crash_test.py): under load, `dancu serve` (or
# `dancu import`) is killed at a random moment and started again, and the database is checked for lost
# acknowledged writes, half-written records, duplicate personal numbers and unlogged reads.
#
#   scripts/crash-test.sh [TRIALS] [BACKEND ...]    TRIALS per scenario and backend (default 20);
#                                                  BACKEND sqlite, postgresql (default both)
# CRASH_SCENARIOS="mixed cards import" picks scenarios; CRASH_PORT and CRASH_DATABASE_NAME (PostgreSQL) let
# two runs share a machine. Needs DANCU_INTEROP_PYTHON (requests and pillow);
# starts PostgreSQL itself (scripts/postgres-up.sh) and uses DANCU_TEST_POSTGRES_URL's server.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
python=${DANCU_INTEROP_PYTHON:?set DANCU_INTEROP_PYTHON to a Python with requests and pillow}
trials=${1:-20}
shift || true
backends=("$@")
[ ${#backends[@]} -gt 0 ] || backends=(sqlite postgresql)
read -r -a scenarios <<< "${CRASH_SCENARIOS:-mixed cards import}"
port=${CRASH_PORT:-8096}
[ -n "${DANCU_BUILT:-}" ] || swift build --product dancu >/dev/null
binary="$repo/.build/debug/dancu"
work=$(mktemp -d)
trap 'pkill -f -- "$binary serve --port $port" 2>/dev/null || true; rm -rf "$work"' EXIT

for backend in "${backends[@]}"; do
  dir="$work/$backend"
  mkdir -p "$dir"
  case "$backend" in
    sqlite) database=sqlite ;;
    postgresql)
      bash scripts/postgres-up.sh
      url=${DANCU_TEST_POSTGRES_URL:-postgres://dancu:dancu@127.0.0.1:5432/dancu_test}
      name=${CRASH_DATABASE_NAME:-dancu_crash}
      database="${url%/*}/$name"
      psql -X -q "${url%/*}/postgres" -c "DROP DATABASE IF EXISTS $name WITH (FORCE)" -c "CREATE DATABASE $name"
      ;;
    *) echo "unknown backend $backend: sqlite or postgresql" >&2; exit 2 ;;
  esac
  # The first start makes the demo (6,000 people, officers, card keys) over the database: enough adults
  # without a card for twenty card trials.
  flags=(--port "$port" --demo-people 6000)
  [ "$database" = sqlite ] || flags+=(--database "$database")
  # Started directly (not in a subshell), so that $! is the server itself and the kill below reaches it.
  cd "$dir"
  DANCU_BCRYPT_COST=4 "$binary" serve "${flags[@]}" > demo.log 2>&1 &
  server=$!
  cd "$repo"
  ready=""
  for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 && { ready=1; break; }; sleep 1; done
  kill "$server"; wait "$server" 2>/dev/null || true
  [ -n "$ready" ] || { echo "FAILED: the demo server did not become ready"; cat "$dir/demo.log"; exit 1; }
  "$python" Tests/interop/crash_test.py "$binary" "$dir" "$port" "$database" "$trials" "${scenarios[@]}"
done
