# Sourced by the checks that stop and start a PostgreSQL server under DanCu: a private cluster of the
# machine's PostgreSQL (scripts/postgres-up.sh installs it) in a directory of its own, on its own port,
# run by the postgres user, so that stopping it touches no other test's database. DIR must be reachable by
# the postgres user (a directory of its own under /tmp, not inside a 0700 one).
#   pg_private_init DIR PORT     initdb with a dancu/dancu superuser and a database dancu; then started
#                                (PG_PRIVATE_CONF: more lines for its postgresql.conf)
#   pg_private_start DIR | pg_private_stop DIR [MODE]
pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
pg_private_init() {
  local dir=$1 port=$2
  mkdir -p "$dir"
  chmod 755 "$dir"
  chown postgres "$dir"
  printf 'dancu\n' > "$dir/pw"
  chown postgres "$dir/pw"
  su postgres -c "cd / && $pg_bin/initdb -D '$dir/data' -U dancu --pwfile='$dir/pw' -A scram-sha-256 >/dev/null"
  rm -f "$dir/pw"
  cat >> "$dir/data/postgresql.conf" <<CONF
port = $port
listen_addresses = '127.0.0.1'
unix_socket_directories = '$dir'
max_connections = 100
fsync = on
${PG_PRIVATE_CONF:-}
CONF
  pg_private_start "$dir"
  PGPASSWORD=dancu psql -X -q -h 127.0.0.1 -p "$port" -U dancu -d postgres -c "CREATE DATABASE dancu"
}
pg_private_start() {
  su postgres -c "cd / && $pg_bin/pg_ctl -D '$1/data' -l '$1/server.log' -w start >/dev/null"
}
pg_private_stop() {
  su postgres -c "cd / && $pg_bin/pg_ctl -D '$1/data' -m ${2:-fast} -w stop >/dev/null"
}
