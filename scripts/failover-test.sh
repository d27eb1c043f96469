#!/usr/bin/env bash
# PostgreSQL failover under load (Tests/interop/failover_test.py): pg_auto_failover's monitor and two
# nodes (scripts/pg-ha.sh), `dancu serve` over the multi-host URL, births and reads from eight clients,
# with searches sent to the standby (--read-database), then the primary struck, on a new pair each time:
# kill -9 of its postmaster, kill -9 of its whole node, SIGSTOP of its whole node (a hung host), and a
# network partition (the primary in a network namespace, its link cut). Prints the time until writes succeed again, how long reads were unavailable, and the acknowledged
# births missing afterwards (must be 0).
#
#   scripts/failover-test.sh [MODE ...]     MODE postmaster, node, stop, partition (default all four)
# Needs DANCU_INTEROP_PYTHON (requests). Installs and starts what it needs; stops it all at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
python=${DANCU_INTEROP_PYTHON:?set DANCU_INTEROP_PYTHON to a Python with requests}
modes=("$@")
[ ${#modes[@]} -gt 0 ] || modes=(postmaster node stop partition)
export DANCU_HA_DIR=${DANCU_HA_DIR:-/tmp/dancu-failover-ha}
export DANCU_HA_PORT=${DANCU_HA_PORT:-6100}
port=${FAILOVER_PORT:-8099}
[ -n "${DANCU_BUILT:-}" ] || swift build --product dancu >/dev/null
work=$(mktemp -d)
trap 'bash "$repo/scripts/pg-ha.sh" down >/dev/null 2>&1 || true; [ -n "${FAILOVER_KEEP:-}" ] || rm -rf "$work"' EXIT
for mode in "${modes[@]}"; do
  bash scripts/pg-ha.sh down >/dev/null 2>&1 || true
  # A partition needs the primary in a network namespace of its own.
  if [ "$mode" = partition ]; then export DANCU_HA_NETNS=1; else unset DANCU_HA_NETNS; fi
  bash scripts/pg-ha.sh up >/dev/null
  mkdir -p "$work/$mode"
  "$python" Tests/interop/failover_test.py "$repo/.build/debug/dancu" "$work/$mode" "$port" "$DANCU_HA_DIR" "$DANCU_HA_PORT" \
    "$(bash scripts/pg-ha.sh url)" "$mode" "$(bash scripts/pg-ha.sh read-url)"
done
