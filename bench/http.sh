#!/usr/bin/env bash
# Person-by-number reads over HTTP with the access log on, beside nginx serving a static JSON file of the
# same size, in the same run, on the same machine. wrk drives both (keep-alive, same threads and connections)
# with the same Lua request function: each request names the next of 20,000 personal numbers and carries
# the same headers (nginx gets the number as a query string it ignores). wrk shares the cores with the
# server, so a script on one side only would take its cost from that side's server alone. For comparison
# with runs before 2026-12-01, which measured nginx without a script, that figure is printed at the end.
#
#   bench/http.sh [N]     N people in the register (default 1,000,000)
#
# Each round runs nginx then DanCu for BENCH_SECONDS (default 15); three rounds, medians reported.
# The register is seeded once into bench/out/http-N/ and reused by later runs.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000000}
seconds=${BENCH_SECONDS:-15}
rounds=${BENCH_ROUNDS:-3}
threads=2
connections=${BENCH_CONNECTIONS:-64}
port=8097
static_port=8098
if ! command -v wrk >/dev/null || ! command -v nginx >/dev/null; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y wrk nginx >/dev/null
fi
for p in "$port" "$static_port"; do
  # A server left on the port would be measured instead of this build (it happened once).
  if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "port $p is in use: stop what listens there first" >&2; exit 1; fi
done
swift build -c release --product dancu >/dev/null
bin=$(pwd)/.build/release/dancu
data=$(pwd)/bench/out/http-$n
work=$(mktemp -d)
server=""; nginx_pid=""
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
  [ -n "$nginx_pid" ] && nginx -c "$work/nginx.conf" -p "$work" -s stop 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

if [ ! -f "$data/dancu.sqlite" ]; then
  mkdir -p "$data"
  $bin seed --people "$n" --seed 7 --database "sqlite:$data/dancu.sqlite" 2>/dev/null
fi
$bin officer add --username bench.central --name "Bench" --role central-officer --jurisdiction nation \
  --password-stdin --database "sqlite:$data/dancu.sqlite" <<< "bench password 2026" >/dev/null 2>&1 || true
sqlite3 "$data/dancu.sqlite" "SELECT personal_number FROM persons ORDER BY random() LIMIT 20000" > "$work/numbers.txt"
log_before=$(sqlite3 "$data/dancu-access-log.sqlite" "SELECT COUNT(*) FROM access_log" 2>/dev/null || echo 0)

DANCU_BCRYPT_COST=10 $bin serve --data-dir "$data" --port "$port" --no-demo > "$work/serve.log" 2>&1 &
server=$!
for _ in $(seq 1 60); do curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 && break; sleep 1; done
token=$(curl -s "http://127.0.0.1:$port/v1/auth/login" -H 'Content-Type: application/json' \
  -d '{"username": "bench.central", "password": "bench password 2026"}' | python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])')

# The static reference: one person's answer, byte for byte, served by nginx.
mkdir -p "$work/www" "$work/logs"
curl -s "http://127.0.0.1:$port/v1/persons/$(head -1 "$work/numbers.txt")" -H "Authorization: Bearer $token" \
  -H 'DanCu-Purpose: public-service' > "$work/www/person.json"
size=$(wc -c < "$work/www/person.json")
cat > "$work/nginx.conf" <<CONF
worker_processes 2;
pid $work/nginx.pid;
error_log $work/logs/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  types { application/json json; }
  server { listen 127.0.0.1:$static_port; root $work/www; }
}
CONF
nginx -c "$work/nginx.conf" -p "$work"
nginx_pid=started

cat > "$work/reads.lua" <<'LUA'
local numbers = {}
for line in io.lines(os.getenv("NUMBERS")) do numbers[#numbers + 1] = line end
local i = math.random(#numbers)
local prefix = os.getenv("PREFIX")
wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")
wrk.headers["DanCu-Purpose"] = "public-service"
request = function()
  i = i % #numbers + 1
  return wrk.format("GET", prefix .. numbers[i])
end
LUA

run() { # url [script prefix] -> "rate p99ms non2xx"
  local out
  if [ -n "${2:-}" ]; then
    out=$(NUMBERS="$work/numbers.txt" TOKEN="$token" PREFIX="$3" wrk -t$threads -c$connections -d${seconds}s --latency -s "$2" "$1")
  else
    out=$(wrk -t$threads -c$connections -d${seconds}s --latency "$1")
  fi
  local rate p99 bad
  rate=$(awk '/Requests\/sec/ {print $2}' <<< "$out")
  p99=$(awk '$1 == "99%" {v = $2; if (v ~ /us$/) {sub("us", "", v); v /= 1000} else if (v ~ /ms$/) {sub("ms", "", v)} else if (v ~ /s$/) {sub("s", "", v); v *= 1000}; print v}' <<< "$out")
  bad=$(awk '/Non-2xx/ {print $5}' <<< "$out")
  echo "$rate $p99 ${bad:-0}"
}

# Warm-up: fault the register's pages in and fill the caches, as a server that has run a while has them.
run "http://127.0.0.1:$port/" "$work/reads.lua" /v1/persons/ >/dev/null
run "http://127.0.0.1:$static_port/" "$work/reads.lua" "/person.json?n=" >/dev/null

echo "DanCu HTTP bench: $n people, $(nproc) cores, wrk -t$threads -c$connections -d${seconds}s, $(date -u +%FT%TZ)"
echo "GET /v1/persons/{number} (bearer token, purpose, access log on) vs nginx static $size-byte JSON, the same wrk script for both"
for r in $(seq 1 "$rounds"); do
  read -r s_rate s_p99 _ <<< "$(run "http://127.0.0.1:$static_port/" "$work/reads.lua" "/person.json?n=")"
  read -r d_rate d_p99 d_bad <<< "$(run "http://127.0.0.1:$port/" "$work/reads.lua" /v1/persons/)"
  echo "$s_rate $s_p99 $d_rate $d_p99 $d_bad" >> "$work/rounds.txt"
  printf "  round %d: nginx %10.0f/s p99 %6.2f ms | DanCu %8.0f/s p99 %6.2f ms, non-2xx %s | ratio %.2f\n" \
    "$r" "$s_rate" "$s_p99" "$d_rate" "$d_p99" "$d_bad" "$(python3 -c "print($d_rate/$s_rate)")"
done
log_after=$(sqlite3 "$data/dancu-access-log.sqlite" "SELECT COUNT(*) FROM access_log")
python3 - "$work/rounds.txt" <<'PY'
import statistics, sys
rows = [list(map(float, l.split())) for l in open(sys.argv[1])]
med = lambda i: statistics.median(r[i] for r in rows)
print(f"median: nginx {med(0):,.0f}/s p99 {med(1):.2f} ms | DanCu {med(2):,.0f}/s p99 {med(3):.2f} ms | "
      f"DanCu/nginx {statistics.median(r[2] / r[0] for r in rows):.2f} (target >= 0.25, p99 <= 10 ms)")
PY
echo "access-log entries written during the run: $((log_after - log_before))"
read -r plain_rate plain_p99 _ <<< "$(run "http://127.0.0.1:$static_port/person.json")"
printf "nginx without a wrk script (as measured before 2026-12-01): %.0f/s p99 %.2f ms\n" "$plain_rate" "$plain_p99"
