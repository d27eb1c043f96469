#!/usr/bin/env bash
# Register bulk rates, beside the reference measured in the same run:
#   seed and import of N people (default 1,000,000) into SQLite and PostgreSQL, and
#   sqlite3 .import / psql \copy of the same person rows as CSV into a table of the same shape.
# Usage: bench/register.sh [N]   (PostgreSQL rows need BENCH_POSTGRES_ADMIN_URL, e.g. postgres://dancu:dancu@127.0.0.1:5432/postgres)
# Not yet measured here: reads by personal number per second and search latency (they need the HTTP edge
# or an in-process harness; see the issue note).
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000000}
swift build -c release --product dancu >/dev/null
bin=.build/release/dancu
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
rate() { python3 -c "import sys; print(f'{int($1/$2):>10,}/s')"; }
t() { local s; s=$(date +%s.%N); "$@" >/dev/null 2>&1; python3 -c "print($(date +%s.%N)-$s)"; }

echo "DanCu register bench, $n people, $(nproc) cores"
ts=$(t $bin seed --people "$n" --seed 7 --database "sqlite:$work/seed.sqlite")
echo "seed   SQLite        $(rate "$n" "$ts")"
$bin export --database "sqlite:$work/seed.sqlite" -o "$work/people.ndjson" 2>/dev/null
rows=$(wc -l < "$work/people.ndjson")
ti=$(t $bin import "$work/people.ndjson" --database "sqlite:$work/import.sqlite")
sqlite3 -csv "$work/seed.sqlite" "SELECT personal_number, version, full_name, name_key, birth_year, sex, ward_code, province_code, vital_status, household_id, legacy_id_number, record FROM persons" > "$work/persons.csv"
sqlite3 "$work/ref.sqlite" "CREATE TABLE persons (personal_number TEXT PRIMARY KEY, version INTEGER, full_name TEXT, name_key TEXT, birth_year INTEGER, sex TEXT, ward_code TEXT, province_code TEXT, vital_status TEXT, household_id TEXT, legacy_id_number TEXT, record TEXT) WITHOUT ROWID"
tr=$(t sqlite3 "$work/ref.sqlite" -cmd ".mode csv" ".import $work/persons.csv persons")
echo "import SQLite        $(rate "$rows" "$ti")   sqlite3 .import $(rate "$rows" "$tr")   ratio $(python3 -c "print(round($tr/$ti,2))")"

if [ -n "${BENCH_POSTGRES_ADMIN_URL:-}" ]; then
  base=${BENCH_POSTGRES_ADMIN_URL%/*}
  for db in dancu_bench_seed dancu_bench_import dancu_bench_ref; do
    psql "$BENCH_POSTGRES_ADMIN_URL" -qc "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" >/dev/null
  done
  ts=$(t $bin seed --people "$n" --seed 7 --database "$base/dancu_bench_seed")
  echo "seed   PostgreSQL    $(rate "$n" "$ts")"
  ti=$(t $bin import "$work/people.ndjson" --database "$base/dancu_bench_import")
  psql "$base/dancu_bench_ref" -qc "CREATE TABLE persons (personal_number TEXT PRIMARY KEY, version INTEGER, full_name TEXT, name_key TEXT, birth_year INTEGER, sex TEXT, ward_code TEXT, province_code TEXT, vital_status TEXT, household_id TEXT, legacy_id_number TEXT, record TEXT)"
  tr=$(t psql "$base/dancu_bench_ref" -qc "\\copy persons FROM '$work/persons.csv' WITH (FORMAT csv)")
  echo "import PostgreSQL    $(rate "$rows" "$ti")   psql \\copy      $(rate "$rows" "$tr")   ratio $(python3 -c "print(round($tr/$ti,2))")"
fi
