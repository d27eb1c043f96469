#!/usr/bin/env bash
# PostgreSQL with automatic failover on this machine, by pg_auto_failover (Debian's
# postgresql-NN-auto-failover and pg-auto-failover-cli): a monitor and two data nodes, the primary
# replicating synchronously to its standby, each node kept by its own `pg_autoctl run`.
#
#   scripts/pg-ha.sh up       install what is missing, create and start the three, print the URL
#   scripts/pg-ha.sh status   the monitor's view: each node's state and the formation's URL
#   scripts/pg-ha.sh url      DanCu's multi-host URL (read-write target)
#   scripts/pg-ha.sh down     stop everything and remove its directory
#
# DANCU_HA_DIR (default /tmp/dancu-ha) holds the nodes; DANCU_HA_PORT (default 6000) is the monitor's
# port, the nodes take the next two. The monitor's health checks are tightened (1 s checks, a node
# unhealthy after 4 s) so that a failover completes within the 15 s DanCu's failover test allows.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${DANCU_HA_DIR:-/tmp/dancu-ha}
base=${DANCU_HA_PORT:-6000}
export DEBIAN_FRONTEND=noninteractive

# pg_autoctl keeps its state under XDG_CONFIG_HOME and XDG_DATA_HOME: inside the directory, so down
# removes it all.
as_postgres() { su postgres -s /bin/bash -c "cd / && export XDG_CONFIG_HOME='$dir/config' XDG_DATA_HOME='$dir/share' && $*"; }
major() { ls /usr/lib/postgresql | sort -V | tail -1; }
url() { echo "postgres://dancu:dancu@127.0.0.1:$((base + 1)),127.0.0.1:$((base + 2))/dancu?target_session_attrs=read-write"; }

install() {
  dpkg -s postgresql >/dev/null 2>&1 || { apt-get update -q; apt-get install -y -q postgresql; }
  local v
  v=$(major)
  dpkg -s "postgresql-$v-auto-failover" pg-auto-failover-cli >/dev/null 2>&1 \
    || { apt-get update -q; apt-get install -y -q "postgresql-$v-auto-failover" pg-auto-failover-cli; }
}

run_node() {  # DIR NAME: pg_autoctl run in the background, its output in DIR/NAME.log
  as_postgres "nohup pg_autoctl run --pgdata '$dir/$1' >> '$dir/$1.log' 2>&1 &"
}

wait_for() {  # SECONDS DESCRIPTION COMMAND...
  local limit=$1 what=$2
  shift 2
  for _ in $(seq 1 "$((limit * 2))"); do "$@" >/dev/null 2>&1 && return 0; sleep 0.5; done
  echo "FAILED: $what within $limit s (logs in $dir)" >&2
  return 1
}

monitor_sql() { as_postgres "psql -X -q -At -p $base -d pg_auto_failover -c \"$1\""; }

states_are() {  # STATES: the nodes' reported states, in name order, comma-separated
  [ "$(monitor_sql "SELECT string_agg(reportedstate::text, ',' ORDER BY nodename) FROM pgautofailover.node")" = "$1" ]
}

up() {
  install
  if [ -d "$dir/monitor" ]; then echo "already up in $dir (scripts/pg-ha.sh down first)" >&2; exit 1; fi
  mkdir -p "$dir"
  chmod 755 "$dir"
  chown postgres "$dir"
  local pg_ctl
  pg_ctl="/usr/lib/postgresql/$(major)/bin/pg_ctl"
  as_postgres "pg_autoctl create monitor --pgctl '$pg_ctl' --pgdata '$dir/monitor' --pgport $base --hostname 127.0.0.1 --auth trust --no-ssl >> '$dir/monitor.log' 2>&1"
  run_node monitor
  wait_for 60 "the monitor accepting connections" pg_isready -h 127.0.0.1 -p "$base" -q
  wait_for 30 "the monitor's database" monitor_sql "SELECT 1 FROM pgautofailover.formation"
  for setting in "health_check_period = 1000" "health_check_timeout = 1000" "health_check_max_retries = 1" \
    "health_check_retry_delay = 500" "node_considered_unhealthy_timeout = 4000" "primary_demote_timeout = 10000"; do
    monitor_sql "ALTER SYSTEM SET pgautofailover.$setting"
  done
  monitor_sql "SELECT pg_reload_conf()" >/dev/null
  local monitor="postgres://autoctl_node@127.0.0.1:$base/pg_auto_failover?sslmode=disable"
  for n in 1 2; do
    as_postgres "pg_autoctl create postgres --pgctl '$pg_ctl' --pgdata '$dir/node$n' --pgport $((base + n)) --hostname 127.0.0.1 \
      --name node$n --dbname dancu --monitor '$monitor' --auth trust --no-ssl >> '$dir/node$n.log' 2>&1"
    # A lost primary is noticed within a few seconds by its own keeper as well.
    as_postgres "pg_autoctl config set --pgdata '$dir/node$n' timeout.network_partition_timeout 4 >/dev/null"
    as_postgres "pg_autoctl config set --pgdata '$dir/node$n' timeout.postgresql_restart_failure_timeout 4 >/dev/null"
    run_node "node$n"
    if [ "$n" = 1 ]; then
      wait_for 90 "node1 becoming the primary" states_are single
      wait_for 30 "node1 accepting connections" pg_isready -h 127.0.0.1 -p "$((base + 1))" -q
      wait_for 30 "the role dancu on node1" as_postgres "psql -X -q -h 127.0.0.1 -p $((base + 1)) -d dancu -c \"CREATE ROLE dancu LOGIN SUPERUSER PASSWORD 'dancu'\""
    fi
  done
  wait_for 120 "node2 becoming the synchronous standby" states_are primary,secondary
  status
  echo "DanCu's URL: $(url)"
}

status() {
  as_postgres "pg_autoctl show state --pgdata '$dir/monitor'"
}

down() {
  for node in node2 node1 monitor; do
    [ -d "$dir/$node" ] && as_postgres "pg_autoctl stop --pgdata '$dir/$node' --immediate" >/dev/null 2>&1 || true
  done
  sleep 1
  pkill -u postgres -f "pg_autoctl.*$dir" 2>/dev/null || true
  for node in node2 node1 monitor; do
    [ -f "$dir/$node/postmaster.pid" ] && kill -9 "$(head -1 "$dir/$node/postmaster.pid")" 2>/dev/null || true
  done
  rm -rf "$dir"
}

case "${1:-}" in
  up) up ;;
  status) status ;;
  url) url ;;
  down) down ;;
  *) echo "usage: scripts/pg-ha.sh up|status|url|down" >&2; exit 2 ;;
esac
