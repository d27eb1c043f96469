#!/usr/bin/env bash
# Restores a PostgreSQL base backup (pg_basebackup -Ft -z) and its archived WAL into a new instance, to
# a point in time, and starts it, promoted:
#
#   scripts/pg-restore.sh BASE_DIR WAL_ARCHIVE NEW_DIR PORT ['YYYY-MM-DD HH:MM:SS+07']
#
# BASE_DIR holds base.tar.gz (and pg_wal.tar.gz); WAL_ARCHIVE the files archive_command copied; NEW_DIR
# must not exist (the new instance's data goes to NEW_DIR/data, its log to NEW_DIR/server.log). Without a
# time it recovers to the end of the archive. Run as root: the instance belongs to the postgres user.
set -euo pipefail
base=$1 archive=$2 target=$3 port=$4 until=${5:-}
[ -f "$base/base.tar.gz" ] || { echo "no base.tar.gz in $base" >&2; exit 2; }
[ ! -e "$target" ] || { echo "$target exists: restore into a new directory" >&2; exit 2; }
pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
mkdir -p "$target/data"
chmod 755 "$target"
chmod 700 "$target/data"
tar -xzf "$base/base.tar.gz" -C "$target/data"
[ -f "$base/pg_wal.tar.gz" ] && tar -xzf "$base/pg_wal.tar.gz" -C "$target/data/pg_wal"
# The restored instance archives nothing of its own into the old archive, and listens on its own port.
cat >> "$target/data/postgresql.conf" <<CONF
port = $port
unix_socket_directories = '$target'
archive_mode = off
restore_command = 'cp $archive/%f %p'
recovery_target_action = 'promote'
CONF
[ -z "$until" ] || echo "recovery_target_time = '$until'" >> "$target/data/postgresql.conf"
touch "$target/data/recovery.signal"
chown -R postgres "$target"
# The callers remove their work directory on exit, so a start that fails shows its server's log here.
if ! su postgres -c "cd / && $pg_bin/pg_ctl -D '$target/data' -l '$target/server.log' -w -t 120 start >/dev/null"; then
  echo "the restored instance did not start; the end of its server.log:" >&2
  tail -n 40 "$target/server.log" >&2 || true
  exit 1
fi
# Promoted once recovery reached its target: the instance then takes writes.
for _ in $(seq 1 120); do
  su postgres -c "cd / && $pg_bin/pg_controldata '$target/data'" | grep -q 'cluster state: *in production' && exit 0
  sleep 1
done
echo "the restored instance did not finish its recovery: see $target/server.log" >&2
exit 1
