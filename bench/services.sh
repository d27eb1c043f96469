#!/usr/bin/env bash
# Public services (issue 17): complete birth registrations (procedure 14) per second, each an application
# submitted by a parent and approved by the civil-status officer of the ward (the register's birth made
# in the approval's transaction), beside the same births registered straight through the gate, in
# alternating rounds; latency per step. Twice: in process (the desk's calls), and over HTTP (the
# parent's eID session on /me/api/applications, the officer's token on /v1/applications/.../decision,
# beside POST /v1/births), the server on a loopback port in the bench's process. On SQLite, and on
# PostgreSQL when BENCH_POSTGRES_URL is set (a database the script may fill). Each application carries a
# 64 KiB birth notice (base64 over HTTP), stored sealed. Target: >= 500 per second
# on SQLite. Each round starts once the process is quiet (the round before it has finished the background
# work it left: the log's integration, the relay, checkpoints), and prints how long that took.
#
# Over HTTP 64 clients at once by default: an online birth is two requests of about 20 ms each when
# the server is busy, so 16 clients cannot ask for more than 16 / 0.04 s = 400 births a second, whatever
# the server could do (docs/benchmarks.md has the sweep from 16 to 128).
#
#   bench/services.sh   (ROUNDS=3 SECONDS_EACH=5 CONCURRENCY=16 HTTP_CONCURRENCY=64 PEOPLE=100000 to change them)
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
  # Over HTTP the parents need cards (signed by the data directory's CSCA) for their level-2 eID.
  $bin keys csca init --data-dir "$work/data-$2" >/dev/null 2>&1 || true
  $bin keys ds issue --data-dir "$work/data-$2" >/dev/null
  # (killed if it has not exited 10 minutes on: on PostgreSQL it has been seen to hang while exiting)
  timeout -s KILL 600 .build/release/dancu-bench services-http --database "$1" --data-dir "$work/data-$2" --rounds "${ROUNDS:-3}" \
    --seconds "${SECONDS_EACH:-5}" --concurrency "${HTTP_CONCURRENCY:-64}" --port "${BENCH_PORT:-8097}"
}
$bin seed --people "$people" --seed 20250701 --database "sqlite:$work/dancu.sqlite" --data-dir "$work/data-sqlite" >/dev/null 2>&1
echo "== SQLite"
run "sqlite:$work/dancu.sqlite" sqlite
if [ -n "${BENCH_POSTGRES_URL:-}" ]; then
  $bin seed --people "$people" --seed 20250701 --database "$BENCH_POSTGRES_URL" --data-dir "$work/data-postgres" >/dev/null 2>&1
  echo "== PostgreSQL"
  run "$BENCH_POSTGRES_URL" postgres
fi
