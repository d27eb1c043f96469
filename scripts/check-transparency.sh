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
"$python" "$repo/Tests/interop/member_system.py" "http://127.0.0.1:$port" "$work/dancu-data" > member-system.log || { cat member-system.log; echo "FAILED: the member system"; exit 1; }
sleep 2
"$python" "$repo/Tests/interop/transparency_verifier.py" "http://127.0.0.1:$port" "$state" "$work/dancu-data/demo-cards.txt"

# DanCu's own monitor and witness against the same server: the checkpoint, consistency, every entry; a
# cosignature handed in and served with the checkpoint.
dancu="$repo/.build/debug/dancu"
"$dancu" transparency witness-key --key witness.key --name witness.check/w1 > witness.vkey
"$dancu" transparency verify --url "http://127.0.0.1:$port" --state monitor.json
kill "$server"; wait "$server" 2>/dev/null || true
DANCU_TRANSPARENCY_WITNESSES=$(cat witness.vkey) DANCU_BCRYPT_COST=4 "$dancu" serve --port "$port" >> serve.log 2>&1 &
server=$!
for _ in $(seq 1 60); do curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 && break; sleep 1; done
sleep 1.5
"$dancu" transparency cosign --url "http://127.0.0.1:$port" --key witness.key --name witness.check/w1 --state witness.json
curl -sf "http://127.0.0.1:$port/transparency/checkpoint" | grep -q "^— witness.check/w1 " || { echo "FAILED: the cosignature is not served"; exit 1; }
echo "ok: the witness's cosignature is served with the checkpoint"
"$dancu" transparency verify --url "http://127.0.0.1:$port" --state monitor.json
kill "$server"; wait "$server" 2>/dev/null || true
server=""

# Tampering: an access-log row edited in the database. The operator's audit names it, and the server
# refuses to serve the log.
"$dancu" transparency verify --data-dir dancu-data
sqlite3 dancu-data/dancu-access-log.sqlite "UPDATE access_log SET purpose = 'audit' WHERE leaf = 3"
if "$dancu" transparency verify --data-dir dancu-data > audit.txt; then echo "FAILED: the audit missed an edited row"; exit 1; fi
grep -q "the row of leaf 3 no longer gives its public entry" audit.txt || { cat audit.txt; echo "FAILED: the audit did not name leaf 3"; exit 1; }
echo "ok: the audit names the edited row: $(head -1 audit.txt)"
if DANCU_BCRYPT_COST=4 "$dancu" serve --port "$port" > refused.log 2>&1; then echo "FAILED: the server served a tampered log"; exit 1; fi
grep -q "^REFUSED" refused.log || { cat refused.log; echo "FAILED: the server did not say why it stopped"; exit 1; }
echo "ok: the server refuses a tampered log: $(grep -m1 "^REFUSED" refused.log)"
echo "PASSED: transparency checks"
