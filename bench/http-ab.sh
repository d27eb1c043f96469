#!/usr/bin/env bash
# Interleaved A/B of two dancu builds on person reads over HTTP, for telling a change from this shared
# machine's noise: rounds alternate A and B, each on its own server started afresh on the same data.
#
#   bench/http-ab.sh BINARY_A BINARY_B [ROUNDS]     (default 4 rounds of 6 s, 64 connections)
#
# Prints each run's rate, p99 and the server's CPU time per request (user + system, from /proc), then
# the medians. CPU per request moves less with the neighbours than the rate does. The register is the
# one bench/http.sh seeds (bench/out/http-1000000, seeded if missing); both builds must understand its
# schema (a build with a newer migration changes the files for the older one).
set -euo pipefail
cd "$(dirname "$0")/.."
a=$(realpath "$1"); b=$(realpath "$2"); rounds=${3:-4}
seconds=${BENCH_SECONDS:-6}; connections=${BENCH_CONNECTIONS:-64}; port=8097
data=$(pwd)/bench/out/http-1000000
command -v wrk >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y wrk >/dev/null
if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "port $port is in use: stop what listens there first" >&2; exit 1; fi
if [ ! -f "$data/dancu.sqlite" ]; then mkdir -p "$data"; "$a" seed --people 1000000 --seed 7 --database "sqlite:$data/dancu.sqlite" 2>/dev/null; fi
"$a" officer add --username bench.central --name "Bench" --role central-officer --jurisdiction nation \
  --password-stdin --database "sqlite:$data/dancu.sqlite" <<< "bench password 2026" >/dev/null 2>&1 || true
work=$(mktemp -d); server=""
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
sqlite3 "$data/dancu.sqlite" "SELECT personal_number FROM persons ORDER BY random() LIMIT 20000" > "$work/numbers.txt"
cat > "$work/reads.lua" <<'LUA'
local numbers = {}
for line in io.lines(os.getenv("NUMBERS")) do numbers[#numbers + 1] = line end
local i = math.random(#numbers)
wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")
wrk.headers["DanCu-Purpose"] = "public-service"
request = function()
  i = i % #numbers + 1
  return wrk.format("GET", "/v1/persons/" .. numbers[i])
end
LUA
cpu() { awk '{print $14 + $15}' "/proc/$1/stat"; }
measure() { # binary label
  DANCU_BCRYPT_COST=10 "$1" serve --data-dir "$data" --port "$port" --no-demo > "$work/serve.log" 2>&1 &
  server=$!
  for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 && break; sleep 0.5; done
  local token out c0 c1 requests
  token=$(curl -s "http://127.0.0.1:$port/v1/auth/login" -H 'Content-Type: application/json' \
    -d '{"username": "bench.central", "password": "bench password 2026"}' | python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])')
  NUMBERS="$work/numbers.txt" TOKEN="$token" wrk -t2 -c"$connections" -d2s -s "$work/reads.lua" "http://127.0.0.1:$port/" >/dev/null
  c0=$(cpu "$server")
  out=$(NUMBERS="$work/numbers.txt" TOKEN="$token" wrk -t2 -c"$connections" -d"${seconds}s" --latency -s "$work/reads.lua" "http://127.0.0.1:$port/")
  c1=$(cpu "$server")
  kill "$server"; wait "$server" 2>/dev/null || true; server=""
  requests=$(awk '/requests in/ {print $1}' <<< "$out")
  python3 - "$2" "$requests" "$c0" "$c1" "$seconds" "$(awk '$1 == "99%" {print $2}' <<< "$out")" <<'PY' | tee -a "$work/runs.txt"
import sys
label, requests, c0, c1, seconds, p99 = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5]), sys.argv[6]
print(f"{label} {requests / seconds:.0f} {(c1 - c0) * 1e4 / requests:.1f} {p99}")
PY
}
echo "A = $a"; echo "B = $b"; echo "run rate/s cpu-us/request p99"
for _ in $(seq 1 "$rounds"); do measure "$a" A; measure "$b" B; done
python3 - "$work/runs.txt" <<'PY'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1])]
for side in "AB":
    mine = [r for r in rows if r[0] == side]
    print(f"median {side}: {statistics.median(float(r[1]) for r in mine):,.0f}/s, "
          f"{statistics.median(float(r[2]) for r in mine):.1f} µs CPU a request")
PY
