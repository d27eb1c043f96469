#!/usr/bin/env bash
# Fuzzes the HTTP API with schemathesis (PyPI) from /openapi.json of a freshly started `dancu serve`:
# no 5xx, and every response must match the document (status, content type, headers, body schema).
# Usage: scripts/fuzz-api.sh [examples per operation, default 150]
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
examples=${1:-150}
port=${FUZZ_PORT:-8089}
venv=${FUZZ_VENV:-$repo/.build-fuzz-venv}
[ -x "$venv/bin/st" ] || { python3 -m venv "$venv" && "$venv/bin/pip" install -q schemathesis; }
source scripts/demo-server.sh
DANCU_BCRYPT_COST=12 start_demo_server "$port" --demo-people 2000
password=$(awk '$1 == "central.officer" {print $2}' dancu-data/demo-credentials.txt)
token=$(curl -s "http://127.0.0.1:$port/v1/auth/login" -H 'Content-Type: application/json' \
  -d "{\"username\": \"central.officer\", \"password\": \"$password\"}" | python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])')

# A batch's NDJSON body is text to schemathesis: Tests/interop/fuzz_hooks.py says so.
export SCHEMATHESIS_HOOKS="$repo/Tests/interop/fuzz_hooks.py"
checks=not_a_server_error,status_code_conformance,content_type_conformance,response_headers_conformance,response_schema_conformance
status=0
# Round 1: everything generated, path parameters included (most numbers are not in the register).
# Logout is left out: it would revoke the token the rest of the run uses.
echo "=== round 1: generated parameters"
"$venv/bin/st" run "http://127.0.0.1:$port/openapi.json" -H "Authorization: Bearer $token" --checks "$checks" \
  --exclude-path /v1/auth/logout --max-examples "$examples" --seed 20261129 --no-color 2>&1 | tee round1.out || status=1

# Round 2: a real person, household and card in the path, so bodies and headers reach the gate and the rules.
read -r number household < <(curl -s "http://127.0.0.1:$port/v1/persons?name=nguyen&limit=50" -H "Authorization: Bearer $token" \
  -H 'DanCu-Purpose: public-service' | python3 -c '
import json, sys
items = json.load(sys.stdin)["items"]
print(items[0]["personalNumber"], "HK0000000001")')
household=$(curl -s "http://127.0.0.1:$port/v1/persons/$number" -H "Authorization: Bearer $token" -H 'DanCu-Purpose: public-service' \
  | python3 -c 'import json, sys; print(json.load(sys.stdin)["person"].get("householdId", "HK0000000001"))')
card=$(head -n 1 dancu-data/demo-cards.txt)
cat > schemathesis.toml <<TOML
[parameters]
"path.number" = "$number"
"path.id" = "$household"
"path.cardId" = "$card"
TOML
echo "=== round 2: person $number, household $household, card $card in the path"
"$venv/bin/st" run "http://127.0.0.1:$port/openapi.json" -H "Authorization: Bearer $token" --checks "$checks" \
  --exclude-path /v1/auth/logout --max-examples "$examples" --seed 20261130 --no-color 2>&1 | tee round2.out || status=1

total=$(cat round1.out round2.out | sed -n 's/^ *\([0-9]*\) generated.*/\1/p' | awk '{s += $1} END {print s}')
echo "=== fuzz-api: $total cases in two rounds; exit $status"
if grep -qi "request failed" serve.log; then echo "the server logged failed requests:"; grep -i "request failed" serve.log | head; status=1; fi
exit "$status"
