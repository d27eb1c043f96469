#!/usr/bin/env bash
# Runs Tests/interop/webhook_crash.py (kill -9 of `dancu serve` while 1,000 deaths are being delivered),
# then Tests/interop/batch_crash.py (kill -9 while a batch verification is being worked), on one demo.
# Needs DANCU_INTEROP_PYTHON: a Python with http-message-signatures, cryptography and requests.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
python=${DANCU_INTEROP_PYTHON:?set DANCU_INTEROP_PYTHON to a Python with http-message-signatures, cryptography and requests}
port=${CRASH_PORT:-8095}
source scripts/demo-server.sh
start_demo_server "$port" --demo-people 2000
# The demo is made; the check starts and kills its own servers over the same data.
kill "$server"
wait "$server" 2>/dev/null || true
server=""
"$python" "$repo/Tests/interop/webhook_crash.py" "$repo/.build/debug/dancu" "$work" "$port"
"$python" "$repo/Tests/interop/batch_crash.py" "$repo/.build/debug/dancu" "$work" "$port"
