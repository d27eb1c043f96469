#!/usr/bin/env bash
# Runs Tests/browser/citizen_pages.py (selenium, Debian's chromium) against a freshly started `dancu serve`
# with the demo. Needs DANCU_INTEROP_PYTHON: a Python with selenium and requests (.ci/run makes one),
# and chromium and chromium-driver from Debian.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
python=${DANCU_INTEROP_PYTHON:?set DANCU_INTEROP_PYTHON to a Python with selenium and requests}
swift build --product dancu >/dev/null
work=$(mktemp -d)
port=${BROWSER_PORT:-8094}
server=""
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
cd "$work"
DANCU_BCRYPT_COST=4 "$repo/.build/debug/dancu" serve --port "$port" --demo-people 2000 > serve.log 2>&1 &
server=$!
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 && break; sleep 1; done
"$python" "$repo/Tests/browser/citizen_pages.py" "http://127.0.0.1:$port" "$repo/.build/debug/dancu" "$work/dancu-data"
cp "$work/dancu-data/me.png" "$repo/.build/browser-me.png" 2>/dev/null || true
