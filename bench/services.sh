#!/usr/bin/env bash
# Public services (issue 17): complete birth registrations (procedure 14) per second, each an application
# submitted by a parent and approved by the civil-status officer of the ward (the register's birth made
# in the approval's transaction), beside the same births registered straight through the gate, in
# alternating rounds; latency per step. In process, on SQLite, and on PostgreSQL when
# BENCH_POSTGRES_URL is set (a database the script may fill). Target: >= 500 per second on SQLite.
#
#   bench/services.sh            (ROUNDS=3 SECONDS_EACH=5 CONCURRENCY=16 PEOPLE=100000 to change them)
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product dancu >/dev/null
swift build -c release --product dancu-bench >/dev/null
work=${BENCH_WORK:-$(mktemp -d)}
mkdir -p "$work"
trap 'rm -rf "$work"' EXIT
bin=.build/release/dancu
people=${PEOPLE:-100000}
echo "== $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ), $people people"
run() {
  .build/release/dancu-bench services-births --database "$1" --data-dir "$work/data-$2" --rounds "${ROUNDS:-3}" \
    --seconds "${SECONDS_EACH:-5}" --concurrency "${CONCURRENCY:-16}"
}
$bin seed --people "$people" --seed 20250701 --database "sqlite:$work/dancu.sqlite" --data-dir "$work/data-sqlite" >/dev/null 2>&1
echo "== SQLite"
run "sqlite:$work/dancu.sqlite" sqlite
if [ -n "${BENCH_POSTGRES_URL:-}" ]; then
  $bin seed --people "$people" --seed 20250701 --database "$BENCH_POSTGRES_URL" --data-dir "$work/data-postgres" >/dev/null 2>&1
  echo "== PostgreSQL"
  run "$BENCH_POSTGRES_URL" postgres
fi
