#!/usr/bin/env bash
# Operations on a running server:
#  - a SIGTERM under load drains it without cutting a request (Tests/interop/drain_check.py, SQLite demo);
#  - its PostgreSQL goes away and comes back: readiness follows, requests meanwhile answer 503, and the
#    server reconnects by itself (Tests/interop/outage_check.py, on a private cluster: scripts/pg-private.sh).
# Needs DANCU_INTEROP_PYTHON (requests); installs PostgreSQL if it is missing (scripts/postgres-up.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
python=${DANCU_INTEROP_PYTHON:?set DANCU_INTEROP_PYTHON to a Python with requests}
port=${OPERATIONS_PORT:-8098}
source scripts/demo-server.sh
start_demo_server "$port" --demo-people 2000
kill "$server"
wait "$server" 2>/dev/null || true
server=""
"$python" "$repo/Tests/interop/drain_check.py" "$repo/.build/debug/dancu" "$work" "$port"

bash "$repo/scripts/postgres-up.sh"
source "$repo/scripts/pg-private.sh"
cluster=$(mktemp -d /tmp/dancu-outage-pg.XXXXXX)
pg_port=${OPERATIONS_PG_PORT:-55433}
pg_private_init "$cluster" "$pg_port"
trap 'pg_private_stop "$cluster" immediate 2>/dev/null || true; rm -rf "$work" "$cluster"' EXIT
mkdir -p "$work/outage"
"$python" "$repo/Tests/interop/outage_check.py" "$repo/.build/debug/dancu" "$work/outage" "$port" \
  "postgres://dancu:dancu@127.0.0.1:$pg_port/dancu" \
  "bash -c 'source $repo/scripts/pg-private.sh; pg_private_stop $cluster immediate'" \
  "bash -c 'source $repo/scripts/pg-private.sh; pg_private_start $cluster'"
