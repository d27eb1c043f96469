#!/usr/bin/env bash
# The PostgreSQL restore drill: point-in-time recovery from pg_basebackup and archived WAL.
#  1. a private cluster archiving its WAL (archive_command) gets 2,000 people (`dancu import`);
#  2. pg_basebackup copies it while it runs; 2,000 more people; the time T is noted; 2,000 more;
#  3. scripts/pg-restore.sh restores the base backup and the archive into a new instance up to T:
#     it holds the first 4,000 people and none of the last 2,000, and its transparency log verifies
#     (`dancu transparency verify`); restored to the archive's end it holds all 6,000.
# Installs PostgreSQL if it is missing (scripts/postgres-up.sh). Run as root.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
bash scripts/postgres-up.sh
source scripts/pg-private.sh
[ -n "${DANCU_BUILT:-}" ] || swift build --product dancu >/dev/null
bin="$repo/.build/debug/dancu"
port=${PITR_PORT:-55434}
work=$(mktemp -d /tmp/dancu-pitr.XXXXXX)
chmod 755 "$work"
mkdir -p "$work/archive"
chown postgres "$work/archive"
stop_all() {
  for cluster in "$work/primary" "$work/at-t" "$work/at-end"; do
    [ -d "$cluster/data" ] && su postgres -c "cd / && $pg_bin/pg_ctl -D '$cluster/data' -m immediate stop" >/dev/null 2>&1 || true
  done
  [ -n "${PITR_KEEP:-}" ] || rm -rf "$work"
}
trap stop_all EXIT
PG_PRIVATE_CONF="wal_level = replica
archive_mode = on
archive_command = 'test ! -f $work/archive/%f && cp %p $work/archive/%f'" pg_private_init "$work/primary" "$port"
url="postgres://dancu:dancu@127.0.0.1:$port/dancu"
sql() { PGPASSWORD=dancu psql -X -q -At -h 127.0.0.1 -p "$1" -U dancu -d dancu -c "$2"; }
# One synthetic population, in three parts of 2,000 people.
"$bin" seed --people 6000 --seed 5 --database "sqlite:$work/source.sqlite" --data-dir "$work/source-data" >/dev/null 2>&1
"$bin" export --database "sqlite:$work/source.sqlite" --data-dir "$work/source-data" -o "$work/people.ndjson" 2>/dev/null
head -n 6000 "$work/people.ndjson" | split -l 2000 -d - "$work/part-"
import() { DANCU_BCRYPT_COST=4 "$bin" import "$work/$1" --database "$2" --data-dir "$work/data" >/dev/null 2>&1; }
archived() {  # switches to a new WAL segment and waits until the one left is archived
  local segment
  segment=$(sql "$port" "SELECT pg_walfile_name(pg_switch_wal())")
  for _ in $(seq 1 60); do [ -f "$work/archive/$segment" ] && return 0; sleep 0.5; done
  echo "FAILED: WAL segment $segment was not archived"; exit 1
}
import part-00 "$url"
PGPASSWORD=dancu pg_basebackup -h 127.0.0.1 -p "$port" -U dancu -D "$work/base" -Ft -z -X stream
chown -R postgres "$work/base"
echo "OK: pg_basebackup of the running primary with 2,000 people"
import part-01 "$url"
archived
until=$(sql "$port" "SELECT to_char(now(), 'YYYY-MM-DD HH24:MI:SS.USOF')")
sleep 1
import part-02 "$url"
archived
[ "$(sql "$port" "SELECT count(*) FROM persons")" = 6000 ] || { echo "FAILED: the primary does not hold 6,000 people"; exit 1; }
echo "OK: 2,000 more people, the time $until noted, 2,000 more; WAL archived"

bash scripts/pg-restore.sh "$work/base" "$work/archive" "$work/at-t" $((port + 1)) "$until"
at_t="postgres://dancu:dancu@127.0.0.1:$((port + 1))/dancu"
count=$(sql $((port + 1)) "SELECT count(*) FROM persons")
[ "$count" = 4000 ] || { echo "FAILED: restored to $until, the instance holds $count people, not 4,000"; exit 1; }
late=$(python3 -c "import json,sys; print(','.join(\"'\"+json.loads(l)['personalNumber']+\"'\" for l in open(sys.argv[1])))" "$work/part-02")
[ "$(sql $((port + 1)) "SELECT count(*) FROM persons WHERE personal_number IN ($late)")" = 0 ] \
  || { echo "FAILED: people imported after $until are in the restore"; exit 1; }
echo "OK: restored to $until: the 4,000 people imported before it, none of the 2,000 after"
"$bin" transparency verify --database "$at_t" --data-dir "$work/data" | sed 's/^/  /'
echo "OK: the restored transparency log verifies against its last signed checkpoint"
DANCU_BCRYPT_COST=4 "$bin" import "$work/part-02" --database "$at_t" --data-dir "$work/data" >/dev/null 2>&1
[ "$(sql $((port + 1)) "SELECT count(*) FROM persons")" = 6000 ] || { echo "FAILED: the restored instance does not take writes"; exit 1; }
echo "OK: the restored instance was promoted and takes writes"

bash scripts/pg-restore.sh "$work/base" "$work/archive" "$work/at-end" $((port + 2))
[ "$(sql $((port + 2)) "SELECT count(*) FROM persons")" = 6000 ] || { echo "FAILED: restored to the archive's end, not 6,000 people"; exit 1; }
echo "OK: restored to the archive's end: all 6,000 people"
