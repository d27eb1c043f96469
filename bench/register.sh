#!/usr/bin/env bash
# The register's bulk and read figures, each beside a reference measured in the same run.
#
#   bench/register.sh [N]            N people (default 1,000,000)
#
# SQLite always; PostgreSQL too when BENCH_POSTGRES_URL names a database the user may create databases
# from (e.g. postgres://dancu:dancu@127.0.0.1:5432/postgres).
#
# seed     dancu seed --people N into an empty register
# import   dancu import of the NDJSON that dancu export wrote (validation, events, outbox, indexes)
# ref      sqlite3 .import / psql \copy of the same person rows as CSV into a table of the same columns:
#          "bare" has only the primary key, "indexed" also the register's secondary indexes on persons (as
#          its migrations leave them)
# reads    person by number from 8 concurrent in-process readers; search: 3,000 realistic queries
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000000}
swift build -c release --product dancu >/dev/null
swift build -c release --product dancu-bench >/dev/null
bin=.build/release/dancu
bench=.build/release/dancu-bench
work=${BENCH_WORK:-$(mktemp -d)}
mkdir -p "$work"
trap 'rm -rf "$work"' EXIT

seconds() { local s e; s=$(date +%s.%N); "$@" >/dev/null 2>&1; e=$(date +%s.%N); python3 -c "print(f'{$e-$s:.2f}')"; }
rate() { python3 -c "print(f'{$1/$2:>9,.0f}/s')"; }
ratio() { python3 -c "print(f'{$2/$1:.2f}')"; }
columns="personal_number TEXT PRIMARY KEY, version INTEGER, full_name TEXT, name_key TEXT, birth_year INTEGER, sex TEXT, ward_code TEXT, province_code TEXT, vital_status TEXT, household_id TEXT, legacy_id_number TEXT, record TEXT, birth_date TEXT"
indexes="CREATE INDEX r1 ON persons (name_key, personal_number, birth_year); CREATE INDEX r2 ON persons (ward_code, name_key); CREATE INDEX r3 ON persons (legacy_id_number) WHERE legacy_id_number IS NOT NULL; CREATE INDEX r4 ON persons (name_key, birth_date);"

echo "DanCu register bench: $n people, $(nproc) cores, $(date -u +%FT%TZ)"
echo
echo "SQLite"
t_seed=$(seconds $bin seed --people "$n" --seed 7 --database "sqlite:$work/seed.sqlite")
echo "  seed                 $(rate "$n" "$t_seed")   ($t_seed s)"
$bin export --database "sqlite:$work/seed.sqlite" -o "$work/people.ndjson" 2>/dev/null
rows=$(wc -l < "$work/people.ndjson")
# The reference rows: the person rows with the current record filled in (DanCu keeps a version-1 record in
# its registration event only), so the reference loads at least as many bytes as DanCu's persons table.
sqlite3 -csv "$work/seed.sqlite" "SELECT p.personal_number, p.version, p.full_name, p.name_key, p.birth_year, p.sex, p.ward_code, p.province_code, p.vital_status, p.household_id, p.legacy_id_number, COALESCE(p.record, r.payload), p.birth_date FROM persons p LEFT JOIN life_events r ON r.personal_number = p.personal_number AND r.seq = 1" > "$work/persons.csv"
rm -f "$work/seed.sqlite"*
t_imp=$(seconds $bin import "$work/people.ndjson" --database "sqlite:$work/import.sqlite")
sqlite3 "$work/bare.sqlite" "CREATE TABLE persons ($columns)"
t_bare=$(seconds sqlite3 "$work/bare.sqlite" -cmd ".mode csv" ".import $work/persons.csv persons")
sqlite3 "$work/indexed.sqlite" "CREATE TABLE persons ($columns); $indexes"
t_idx=$(seconds sqlite3 "$work/indexed.sqlite" -cmd ".mode csv" ".import $work/persons.csv persons")
rm -f "$work/bare.sqlite" "$work/indexed.sqlite"
echo "  import               $(rate "$rows" "$t_imp")   ($t_imp s)"
echo "  ref .import bare     $(rate "$rows" "$t_bare")   import/ref $(ratio "$t_imp" "$t_bare")"
echo "  ref .import indexed  $(rate "$rows" "$t_idx")   import/ref $(ratio "$t_imp" "$t_idx")"
echo "  $($bench reads --database "sqlite:$work/import.sqlite" --seconds 10)"
echo "  $($bench search --database "sqlite:$work/import.sqlite")"
rm -f "$work/import.sqlite"*

if [ -n "${BENCH_POSTGRES_URL:-}" ]; then
  base=${BENCH_POSTGRES_URL%/*}
  recreate() { psql "$BENCH_POSTGRES_URL" -qc "DROP DATABASE IF EXISTS $1" -c "CREATE DATABASE $1" >/dev/null 2>&1; }
  echo
  echo "PostgreSQL"
  recreate dancu_bench_seed
  t_seed=$(seconds $bin seed --people "$n" --seed 7 --database "$base/dancu_bench_seed")
  echo "  seed                 $(rate "$n" "$t_seed")   ($t_seed s)"
  psql "$BENCH_POSTGRES_URL" -qc "DROP DATABASE dancu_bench_seed" >/dev/null
  recreate dancu_bench_import
  t_imp=$(seconds $bin import "$work/people.ndjson" --database "$base/dancu_bench_import")
  recreate dancu_bench_ref
  psql "$base/dancu_bench_ref" -qc "CREATE TABLE persons ($columns)"
  t_bare=$(seconds psql "$base/dancu_bench_ref" -qc "\\copy persons FROM '$work/persons.csv' WITH (FORMAT csv)")
  psql "$base/dancu_bench_ref" -qc "DROP TABLE persons; CREATE TABLE persons ($columns); $indexes"
  t_idx=$(seconds psql "$base/dancu_bench_ref" -qc "\\copy persons FROM '$work/persons.csv' WITH (FORMAT csv)")
  psql "$BENCH_POSTGRES_URL" -qc "DROP DATABASE dancu_bench_ref" >/dev/null
  echo "  import               $(rate "$rows" "$t_imp")   ($t_imp s)"
  echo "  ref \\copy bare       $(rate "$rows" "$t_bare")   import/ref $(ratio "$t_imp" "$t_bare")"
  echo "  ref \\copy indexed    $(rate "$rows" "$t_idx")   import/ref $(ratio "$t_imp" "$t_idx")"
  echo "  $($bench reads --database "$base/dancu_bench_import" --seconds 10)"
  echo "  $($bench search --database "$base/dancu_bench_import")"
  psql "$BENCH_POSTGRES_URL" -qc "DROP DATABASE dancu_bench_import" >/dev/null
fi
