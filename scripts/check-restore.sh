#!/usr/bin/env bash
# The restore drill (Tests/interop/restore_drill.py) on a fresh demo: `dancu backup` while births are
# registered, more births, `dancu restore` into a new directory, the restored databases compared with the
# original, and `dancu serve` on the restored copy. Needs DANCU_INTEROP_PYTHON (requests).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
python=${DANCU_INTEROP_PYTHON:?set DANCU_INTEROP_PYTHON to a Python with requests}
port=${DRILL_PORT:-8097}
source scripts/demo-server.sh
start_demo_server "$port" --demo-people 2000
# The demo is made; the drill starts and stops its own servers over the same data.
kill "$server"
wait "$server" 2>/dev/null || true
server=""
"$python" "$repo/Tests/interop/restore_drill.py" "$repo/.build/debug/dancu" "$work" "$port"
