#!/usr/bin/env bash
# Runs Tests/interop/member_system.py (http-message-signatures, cryptography, requests) against a freshly
# started `dancu serve` with the demo and its three member systems.
# Needs DANCU_INTEROP_PYTHON: a Python with those packages (.ci/run makes one).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
python=${DANCU_INTEROP_PYTHON:?set DANCU_INTEROP_PYTHON to a Python with http-message-signatures, cryptography and requests}
port=${MEMBER_PORT:-8094}
source scripts/demo-server.sh
start_demo_server "$port" --demo-people 2000
"$python" "$repo/Tests/interop/member_system.py" "http://127.0.0.1:$port" "$work/dancu-data"
