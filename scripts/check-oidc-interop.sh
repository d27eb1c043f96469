#!/usr/bin/env bash
# Runs Tests/interop/oidc_rp.py (Authlib and joserfc) against a freshly started `dancu serve` with the demo.
# Needs DANCU_INTEROP_PYTHON: a Python with authlib, joserfc and requests (.ci/run makes one).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
python=${DANCU_INTEROP_PYTHON:?set DANCU_INTEROP_PYTHON to a Python with authlib, joserfc and requests}
port=${OIDC_PORT:-8093}
source scripts/demo-server.sh
start_demo_server "$port" --demo-people 2000
"$python" "$repo/Tests/interop/oidc_rp.py" "http://127.0.0.1:$port" "$repo/.build/debug/dancu" "$work/dancu-data"
