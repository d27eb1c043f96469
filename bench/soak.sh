#!/usr/bin/env bash
# Soak: `dancu serve` under a fixed-rate mixed load (reads, searches, births, member verifications,
# sign-ins) for MINUTES, with its memory, open files, database and WAL size and the answers' p50/p99
# printed every minute; at the end, whether any of them grew without bound (bench/soak.py).
#
#   bench/soak.sh [MINUTES] [RATE] [sqlite|postgresql]      default 30 minutes, 100 requests/s, sqlite
#
# SOAK_PEOPLE (default 100,000) people in the demo register; SOAK_BUILD=debug to use the debug build;
# SOAK_LOGINS=0 for the mix without sign-ins;
# SOAK_PORT (default 8095). PostgreSQL: the server at DANCU_TEST_POSTGRES_URL (scripts/postgres-up.sh),
# a database dancu_soak made afresh. Needs DANCU_INTEROP_PYTHON (requests, http-message-signatures).
set -euo pipefail
cd "$(dirname "$0")/.."
minutes=${1:-30}
rate=${2:-100}
backend=${3:-sqlite}
python=${DANCU_INTEROP_PYTHON:?set DANCU_INTEROP_PYTHON to a Python with requests and http-message-signatures}
build=${SOAK_BUILD:-release}
port=${SOAK_PORT:-8095}
swift build -c "$build" --product dancu >/dev/null
bin="$PWD/.build/$build/dancu"
work=$(mktemp -d)
server=""
cleanup() {
  [ -z "$server" ] || { kill "$server" 2>/dev/null; wait "$server" 2>/dev/null || true; }
  rm -rf "$work"
}
trap cleanup EXIT
flags=(--port "$port" --demo-people "${SOAK_PEOPLE:-100000}")
database=sqlite
if [ "$backend" = postgresql ]; then
  bash scripts/postgres-up.sh >/dev/null
  url=${DANCU_TEST_POSTGRES_URL:-postgres://dancu:dancu@127.0.0.1:5432/dancu_test}
  database="${url%/*}/dancu_soak"
  psql -X -q "${url%/*}/postgres" -c "DROP DATABASE IF EXISTS dancu_soak WITH (FORCE)" -c "CREATE DATABASE dancu_soak"
  flags+=(--database "$database")
fi
cd "$work"
DANCU_BCRYPT_COST=10 "$bin" serve "${flags[@]}" > serve.log 2>&1 &
server=$!
cd - >/dev/null
for _ in $(seq 1 900); do curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 && break; sleep 1; done
curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null || { echo "FAILED: the server did not become ready"; tail -20 "$work/serve.log"; exit 1; }
echo "soak: $build build, $(nproc) cores, $(date -u +%FT%TZ)"
"$python" bench/soak.py "http://127.0.0.1:$port" "$work/dancu-data" "$server" "$minutes" "$rate" "$database"
