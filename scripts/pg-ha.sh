#!/usr/bin/env bash
# PostgreSQL with automatic failover on this machine, by pg_auto_failover (Debian's
# postgresql-NN-auto-failover and pg-auto-failover-cli): a monitor and two data nodes, the primary
# replicating synchronously to its standby, each node kept by its own `pg_autoctl run`.
#
#   scripts/pg-ha.sh up       install what is missing, create and start the three, print the URL
#   scripts/pg-ha.sh status   the monitor's view: each node's state and the formation's URL
#   scripts/pg-ha.sh url      DanCu's multi-host URL (read-write target)
#   scripts/pg-ha.sh read-url the same for --read-database (prefer-standby: a standby, else the primary)
#   scripts/pg-ha.sh down     stop everything and remove its directory
#   scripts/pg-ha.sh cut      (with DANCU_HA_NETNS) cut node1 off the network: a partition
#   scripts/pg-ha.sh heal     (with DANCU_HA_NETNS) join it again
#
# DANCU_HA_DIR (default /tmp/dancu-ha) holds the nodes; DANCU_HA_PORT (default 6000) is the monitor's
# port, the nodes take the next two. The monitor's health checks are tightened (1 s checks, a node
# unhealthy after 4 s) so that a failover completes within the 15 s DanCu's failover test allows. The
# monitor waits 5 s (primary_demote_timeout) for a lost primary to demote itself before promoting its
# standby; each keeper demotes its own primary after 3 s without the monitor and the standby
# (network_partition_timeout). A primary cut off cannot acknowledge a write meanwhile either: its
# synchronous standby stopped replicating from it first.
#
# DANCU_HA_NETNS=1 puts node1 in a network namespace of its own, joined to this one by a veth pair
# (node1 10.231.0.2, the monitor and node2 10.231.0.1), so that `cut` can partition it: its sockets
# then stay open and carry nothing, as when a cable or a switch fails.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${DANCU_HA_DIR:-/tmp/dancu-ha}
base=${DANCU_HA_PORT:-6000}
netns=${DANCU_HA_NETNS:-}
namespace="dancu-ha-$base"
outside=10.231.0.1
inside=10.231.0.2
export DEBIAN_FRONTEND=noninteractive

# pg_autoctl keeps its state under XDG_CONFIG_HOME and XDG_DATA_HOME: inside the directory, so down
# removes it all.
as_postgres() { su postgres -s /bin/bash -c "cd / && export XDG_CONFIG_HOME='$dir/config' XDG_DATA_HOME='$dir/share' && $*"; }
# Node1's commands run in its namespace, when it has one.
as_postgres_on() {  # NODE COMMAND
  local node=$1
  shift
  if [ -n "$netns" ] && [ "$node" = node1 ]; then
    ip netns exec "$namespace" su postgres -s /bin/bash -c "cd / && export XDG_CONFIG_HOME='$dir/config' XDG_DATA_HOME='$dir/share' && $*"
  else
    as_postgres "$@"
  fi
}
host_of() {  # monitor, node1 or node2: the address the others reach it at
  if [ -z "$netns" ]; then echo 127.0.0.1; elif [ "$1" = node1 ]; then echo "$inside"; else echo "$outside"; fi
}
major() { ls /usr/lib/postgresql | sort -V | tail -1; }
url() { echo "postgres://dancu:dancu@$(host_of node1):$((base + 1)),$(host_of node2):$((base + 2))/dancu?target_session_attrs=${1:-read-write}"; }

# The namespace and its veth pair; every address of the pair trusted by the three servers.
make_namespace() {
  ip netns add "$namespace"
  ip link add "dha${base}o" type veth peer name "dha${base}i"
  ip link set "dha${base}i" netns "$namespace"
  ip addr add "$outside/30" dev "dha${base}o"
  ip link set "dha${base}o" up
  ip netns exec "$namespace" ip addr add "$inside/30" dev "dha${base}i"
  ip netns exec "$namespace" ip link set "dha${base}i" up
  ip netns exec "$namespace" ip link set lo up
}
trust_pair() {  # NODE: its pg_hba.conf trusts the pair's addresses
  printf 'host all all 10.231.0.0/30 trust\nhost replication all 10.231.0.0/30 trust\n' >> "$dir/$1/pg_hba.conf"
}

install() {
  dpkg -s postgresql >/dev/null 2>&1 || { apt-get update -q; apt-get install -y -q postgresql; }
  local v
  v=$(major)
  dpkg -s "postgresql-$v-auto-failover" pg-auto-failover-cli >/dev/null 2>&1 \
    || { apt-get update -q; apt-get install -y -q "postgresql-$v-auto-failover" pg-auto-failover-cli; }
}

run_node() {  # DIR NAME: pg_autoctl run in the background, its output in DIR/NAME.log
  as_postgres_on "$1" "nohup pg_autoctl run --pgdata '$dir/$1' >> '$dir/$1.log' 2>&1 &"
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
  [ -z "$netns" ] || make_namespace
  local pg_ctl
  pg_ctl="/usr/lib/postgresql/$(major)/bin/pg_ctl"
  as_postgres "pg_autoctl create monitor --pgctl '$pg_ctl' --pgdata '$dir/monitor' --pgport $base --hostname $(host_of monitor) --auth trust --no-ssl >> '$dir/monitor.log' 2>&1"
  [ -z "$netns" ] || trust_pair monitor
  run_node monitor
  wait_for 60 "the monitor accepting connections" pg_isready -h "$(host_of monitor)" -p "$base" -q
  wait_for 30 "the monitor's database" monitor_sql "SELECT 1 FROM pgautofailover.formation"
  for setting in "health_check_period = 1000" "health_check_timeout = 1000" "health_check_max_retries = 1" \
    "health_check_retry_delay = 500" "node_considered_unhealthy_timeout = 4000" "primary_demote_timeout = 5000"; do
    monitor_sql "ALTER SYSTEM SET pgautofailover.$setting"
  done
  monitor_sql "SELECT pg_reload_conf()" >/dev/null
  local monitor="postgres://autoctl_node@$(host_of monitor):$base/pg_auto_failover?sslmode=disable"
  for n in 1 2; do
    as_postgres_on "node$n" "pg_autoctl create postgres --pgctl '$pg_ctl' --pgdata '$dir/node$n' --pgport $((base + n)) --hostname $(host_of node$n) \
      --name node$n --dbname dancu --monitor '$monitor' --auth trust --no-ssl >> '$dir/node$n.log' 2>&1"
    [ -z "$netns" ] || trust_pair "node$n"
    # A lost primary is noticed within a few seconds by its own keeper as well.
    as_postgres "pg_autoctl config set --pgdata '$dir/node$n' timeout.network_partition_timeout 3 >/dev/null"
    as_postgres "pg_autoctl config set --pgdata '$dir/node$n' timeout.postgresql_restart_failure_timeout 4 >/dev/null"
    run_node "node$n"
    if [ "$n" = 1 ]; then
      wait_for 90 "node1 becoming the primary" states_are single
      wait_for 30 "node1 accepting connections" pg_isready -h "$(host_of node1)" -p "$((base + 1))" -q
      # pg_hba.conf as trust_pair left it, read again (the socket is a file, shared by every namespace).
      as_postgres "psql -X -q -h /var/run/postgresql -p $((base + 1)) -d dancu -c 'SELECT pg_reload_conf()'" >/dev/null
      wait_for 30 "the role dancu on node1" as_postgres "psql -X -q -h $(host_of node1) -p $((base + 1)) -d dancu -c \"CREATE ROLE dancu LOGIN SUPERUSER PASSWORD 'dancu'\""
    fi
  done
  wait_for 120 "node2 becoming the synchronous standby" states_are primary,secondary
  as_postgres "psql -X -q -h /var/run/postgresql -p $((base + 2)) -d dancu -c 'SELECT pg_reload_conf()'" >/dev/null
  status
  echo "DanCu's URL: $(url)"
}

cut() {
  ip netns exec "$namespace" ip link set "dha${base}i" down
}

heal() {
  ip netns exec "$namespace" ip link set "dha${base}i" up
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
  # The namespace goes, and with it its end of the veth pair and the pair.
  if ip netns list 2>/dev/null | grep -qw "$namespace"; then
    ip netns pids "$namespace" 2>/dev/null | xargs -r kill -9 2>/dev/null || true
    ip netns del "$namespace"
  fi
  ip link del "dha${base}o" 2>/dev/null || true
  rm -rf "$dir"
}

case "${1:-}" in
  up) up ;;
  status) status ;;
  url) url ;;
  read-url) url prefer-standby ;;
  down) down ;;
  cut) cut ;;
  heal) heal ;;
  *) echo "usage: scripts/pg-ha.sh up|status|url|read-url|down|cut|heal" >&2; exit 2 ;;
esac
