#!/usr/bin/env bash
# Identity-card verifications per second, signatures included, beside the same signature work alone
# measured in the same run.
#
#   bench/cards.sh [N]     a register of N synthetic people (default 100,000) with BENCH_CARDS cards (300)
#
# Each verification: parse EF.SOD; the Document Signer's chain to the CSCA and its validity at signing
# time; the SOD's signature and message digest; SHA-256 of DG1, DG2 (face), DG13, DG14, DG15; active
# authentication (the chip's signature of a challenge); the card's status and DG1/DG13 against the
# register; a signed verdict (ES256). "through the gate" adds the relying party's authorisation and its
# access-log entry, as POST /v1/cards/verify does.
# HTTP: POST /v1/cards/verify by wrk (BENCH_CONNECTIONS, default 16) against `dancu serve` on the same
# register, with the access log on.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-100000}
cards=${BENCH_CARDS:-300}
seconds=${BENCH_SECONDS:-5}
rounds=${BENCH_ROUNDS:-3}
connections=${BENCH_CONNECTIONS:-16}
swift build -c release --product dancu >/dev/null
swift build -c release --product dancu-bench >/dev/null
bin=.build/release/dancu
work=${BENCH_WORK:-$(mktemp -d)}
mkdir -p "$work"
server=""
# SIGTERM lets the server finish gracefully; one that has not ended after 10 s is killed, so that a
# stuck shutdown shows up here (as a line) instead of as a stray process.
cleanup() {
  if [ -n "$server" ]; then
    kill "$server" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$server" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$server" 2>/dev/null; then echo "NOTE: dancu serve did not stop within 10 s of SIGTERM; killed"; kill -9 "$server"; fi
  fi
  rm -rf "$work"
}
trap cleanup EXIT
db="sqlite:$work/dancu.sqlite"

echo "== $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ), register of $n people, $cards cards"
$bin seed --people "$n" --seed 20250701 --database "$db" >/dev/null 2>&1
$bin keys csca init --data-dir "$work" >/dev/null
$bin keys ds issue --data-dir "$work" >/dev/null
.build/release/dancu-bench cards --database "$db" --data-dir "$work" --cards "$cards" --seconds "$seconds" --rounds "$rounds"

if command -v wrk >/dev/null || { apt-get install -y -qq wrk >/dev/null 2>&1 && command -v wrk >/dev/null; }; then
  export DANCU_BCRYPT_COST=4
  password=$($bin officer add --username bench.bank --name "Bench bank" --role relying-party --jurisdiction nation --database "$db" | sed -n 's/^password: //p')
  holder=$($bin officer add --username bench.counter --name "Bench counter" --role central-officer --jurisdiction nation --database "$db" | sed -n 's/^password: //p')
  port=18099
  $bin serve --no-demo --port "$port" --data-dir "$work" --database "$db" --log-level warning >"$work/serve.log" 2>&1 &
  server=$!
  for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 && break; sleep 0.1; done
  login() { curl -fs -X POST "http://127.0.0.1:$port/v1/auth/login" -H 'Content-Type: application/json' -d "{\"username\":\"$1\",\"password\":\"$2\"}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])'; }
  bank=$(login bench.bank "$password")
  counter=$(login bench.counter "$holder")
  card=$(sqlite3 "$work/dancu.sqlite" "SELECT card_id FROM cards WHERE status = 'active' ORDER BY card_id LIMIT 1")
  curl -fs "http://127.0.0.1:$port/v1/cards/$card/chip" -H "Authorization: Bearer $counter" -H 'DanCu-Purpose: identity-card' > "$work/chip.json"
  cat > "$work/verify.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $bank"
wrk.headers["DanCu-Purpose"] = "identity-verification"
local f = io.open("$work/chip.json", "r"); wrk.body = f:read("*a"); f:close()
LUA
  curl -fs -X POST "http://127.0.0.1:$port/v1/cards/verify" -H "Authorization: Bearer $bank" -H 'DanCu-Purpose: identity-verification' \
    -H 'Content-Type: application/json' --data-binary @"$work/chip.json" | python3 -c 'import json,sys; v=json.load(sys.stdin)["verdict"]; assert v["valid"], v; print("HTTP warm-up verdict: valid")'
  wrk -t 2 -c "$connections" -d 3s -s "$work/verify.lua" "http://127.0.0.1:$port/v1/cards/verify" >/dev/null
  for r in $(seq 1 "$rounds"); do
    wrk -t 2 -c "$connections" -d "${seconds}s" --latency -s "$work/verify.lua" "http://127.0.0.1:$port/v1/cards/verify" > "$work/wrk.txt"
    rps=$(awk '/Requests\/sec/ {print $2}' "$work/wrk.txt"); p99=$(awk '$1 == "99%" {print $2}' "$work/wrk.txt")
    non2xx=$(awk '/Non-2xx/ {print $NF}' "$work/wrk.txt")
    echo "HTTP round $r: POST /v1/cards/verify ${rps}/s, p99 $p99, c$connections${non2xx:+, NON-2xx $non2xx}"
  done
fi
