#!/usr/bin/env bash
# Runs Tests/browser/citizen_pages.py, procedure17.py and duplicates.py (selenium, Debian's chromium) against a freshly started `dancu serve`
# with the demo. Needs DANCU_INTEROP_PYTHON: a Python with selenium and requests (.ci/run makes one),
# and chromium and chromium-driver from Debian. Leaves screenshots of /me in .build/browser-me.png and, 360 px
# wide, .build/browser-me-phone.png.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
python=${DANCU_INTEROP_PYTHON:?set DANCU_INTEROP_PYTHON to a Python with selenium and requests}
source scripts/demo-server.sh
start_demo_server "${BROWSER_PORT:-8094}" --demo-people 2000
"$python" "$repo/Tests/browser/citizen_pages.py" "http://127.0.0.1:${BROWSER_PORT:-8094}" "$repo/.build/debug/dancu" "$work/dancu-data"
"$python" "$repo/Tests/browser/procedure17.py" "http://127.0.0.1:${BROWSER_PORT:-8094}" "$repo/.build/debug/dancu" "$work/dancu-data"
"$python" "$repo/Tests/browser/duplicates.py" "http://127.0.0.1:${BROWSER_PORT:-8094}" "$repo/.build/debug/dancu" "$work/dancu-data"
cp "$work/dancu-data/procedure17.png" "$repo/.build/browser-procedure17.png" 2>/dev/null || true
cp "$work/dancu-data/me.png" "$repo/.build/browser-me.png" 2>/dev/null || true
cp "$work/dancu-data/me-phone.png" "$repo/.build/browser-me-phone.png" 2>/dev/null || true
