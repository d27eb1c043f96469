#!/usr/bin/env bash
# Runs Tests/interop/transparency_verifier.py (cryptography and the standard library only) against a freshly
# started `dancu serve` with the demo: once, then after the reference member system has made traffic
# (access-log entries and message-log lines), so the second run checks the log only grew.
# Needs DANCU_INTEROP_PYTHON: a Python with cryptography, requests and http-message-signatures.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
python=${DANCU_INTEROP_PYTHON:?set DANCU_INTEROP_PYTHON to a Python with cryptography}
port=${TRANSPARENCY_PORT:-8096}
source scripts/demo-server.sh
start_demo_server "$port" --demo-people 500
state="$work/verifier-state.json"
"$python" "$repo/Tests/interop/transparency_verifier.py" "http://127.0.0.1:$port" "$state" "$work/dancu-data/demo-cards.txt"
"$python" "$repo/Tests/interop/member_system.py" "http://127.0.0.1:$port" "$work/dancu-data" > member-system.log
sleep 2
"$python" "$repo/Tests/interop/transparency_verifier.py" "http://127.0.0.1:$port" "$state" "$work/dancu-data/demo-cards.txt"
