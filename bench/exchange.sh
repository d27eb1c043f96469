#!/usr/bin/env bash
# Signed verifications over HTTP (POST /x/v1/verify) per second and p99, beside nginx serving the same
# answer as a static file and beside the signature work alone (verifying one request's signature and
# signing one bound answer, in process), all measured in the same run.
#
#   bench/exchange.sh [N]     a register of N synthetic people (default 100,000)
#
# Each verification: the Content-Digest, the member's Ed25519 signature (RFC 9421), its key looked up,
# the grants judged, the gate's grant and access-log entry (a write), the person read, DanCu's answer
# signed (Ed25519) and bound to the request, and the message-log line with the nonce's claim (a write).
# wrk replays pre-signed requests, each nonce once: BENCH_REQUESTS per round (default 40,000) are signed
# by dancu-bench just before the round, since a signature is fresh for 60 s only. Then batch
# verification of BENCH_BATCH_LINES lines (default 1,000,000) in process, taken in and worked through
# as the server's worker does, beside the register's own point reads; then webhook deliveries per second
# to a local receiver and the time from each death's commit to its delivery.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-100000}
seconds=${BENCH_SECONDS:-5}
rounds=${BENCH_ROUNDS:-3}
connections=${BENCH_CONNECTIONS:-16}
threads=${BENCH_THREADS:-2}
requests=${BENCH_REQUESTS:-40000}
port=8097
static_port=8098
if ! command -v wrk >/dev/null || ! command -v nginx >/dev/null; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y wrk nginx >/dev/null
fi
for p in "$port" "$static_port"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "port $p is in use: stop what listens there first" >&2; exit 1; fi
done
swift build -c release --product dancu >/dev/null
swift build -c release --product dancu-bench >/dev/null
bin=$(pwd)/.build/release/dancu
benchbin=$(pwd)/.build/release/dancu-bench
work=$(mktemp -d)
server=""; nginx_pid=""
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
  [ -n "$nginx_pid" ] && nginx -c "$work/nginx.conf" -p "$work" -s stop 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
[ -n "${BENCH_KEEP:-}" ] && trap - EXIT
data="$work/data"
db="sqlite:$data/dancu.sqlite"
mkdir -p "$data"

$bin seed --people "$n" --seed 7 --database "$db" --data-dir "$data" >/dev/null 2>&1
export DANCU_BCRYPT_COST=4
$bin officer add --username bench.admin --name "Bench" --role administrator --jurisdiction nation --password-stdin \
  --database "$db" --data-dir "$data" <<< "bench password 2026" >/dev/null
x() { $bin exchange "$@" --database "$db" --data-dir "$data" --officer bench.admin >/dev/null; }
openssl genpkey -algorithm ed25519 -out "$work/member.pem" 2>/dev/null
pub=$(openssl pkey -in "$work/member.pem" -pubout -outform DER | tail -c 32 | base64 | tr '+/' '-_' | tr -d '=\n')
echo "{\"keys\": [{\"kty\": \"OKP\", \"crv\": \"Ed25519\", \"x\": \"$pub\", \"kid\": \"bench-1\"}]}" > "$work/member.jwks"
x member add --code BHXH --name-vi "Bảo hiểm xã hội Việt Nam" --name-en "Viet Nam Social Security" --kind ministry
x subsystem add BHXH/GIAM-DINH
x key add BHXH/GIAM-DINH --jwks "$work/member.jwks"
x law add --code 26/2023/QH15 --title "Luật Căn cước" --valid-from 2024-07-01
x grant add BHXH/GIAM-DINH --service verify --fields name,dateOfBirth,vitalStatus --purpose social-insurance --law 26/2023/QH15
sqlite3 "$data/dancu.sqlite" "SELECT personal_number FROM persons ORDER BY random() LIMIT 20000" > "$work/numbers.txt"

$bin serve --data-dir "$data" --database "$db" --port "$port" --no-demo --log-level warning > "$work/serve.log" 2>&1 &
server=$!
for _ in $(seq 1 60); do curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 && break; sleep 1; done

# The static reference: a verification's answer, byte for byte, served by nginx.
mkdir -p "$work/www" "$work/logs"
$benchbin exchange-requests --key "$work/member.pem" --key-id bench-1 --origin "http://127.0.0.1:$port" --numbers "$work/numbers.txt" \
  --count 1 --out "$work/one.txt"
IFS=$'\t' read -r -a one < "$work/one.txt"
args=(-s -X POST "http://127.0.0.1:$port${one[0]}" --data-binary "${one[1]}")
for h in "${one[@]:2}"; do args+=(-H "$h"); done
curl "${args[@]}" > "$work/www/answer.json"
grep -q '"personalNumber":"match"' "$work/www/answer.json" || { echo "the signed verification failed: $(cat "$work/www/answer.json")"; exit 1; }
size=$(wc -c < "$work/www/answer.json")
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
# nginx's workers read the file as an unprivileged user.
chmod 755 "$work" "$work/www" && chmod 644 "$work/www/answer.json"
nginx -c "$work/nginx.conf" -p "$work"
nginx_pid=started

# Each wrk thread sends its own share of the pre-signed requests once; nginx gets the same headers on GET.
cat > "$work/signed.lua" <<'LUA'
local counter = 0
function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
end
local requests, i = {}, 0
function init(args)
  local threads = tonumber(os.getenv("THREADS"))
  local n = 0
  for line in io.lines(os.getenv("REQUESTS")) do
    if n % threads == id then
      local parts = {}
      for part in string.gmatch(line, "[^\t]+") do parts[#parts + 1] = part end
      local headers = {}
      for k = 3, #parts do
        local name, value = string.match(parts[k], "^([^:]+): (.*)$")
        headers[name] = value
      end
      requests[#requests + 1] = { path = parts[1], body = parts[2], headers = headers }
    end
    n = n + 1
  end
end
request = function()
  i = i % #requests + 1
  local r = requests[i]
  if (os.getenv("STATIC") or "") ~= "" then return wrk.format("GET", "/answer.json", r.headers) end
  return wrk.format("POST", r.path, r.headers, r.body)
end
local told = false
response = function(status, headers, body)
  if status >= 300 and not told and os.getenv("TELL") then
    told = true
    io.stderr:write("first refusal: " .. status .. " " .. body .. "\n")
  end
end
LUA

run() { # url [static] -> "rate p99ms non2xx"
  local out
  out=$(REQUESTS="$work/requests.txt" THREADS=$threads STATIC=${2:-} TELL=${BENCH_TELL:-} wrk -t$threads -c$connections -d${seconds}s --latency -s "$work/signed.lua" "$1")
  local rate p99 bad
  rate=$(awk '/Requests\/sec/ {print $2}' <<< "$out")
  p99=$(awk '$1 == "99%" {v = $2; if (v ~ /us$/) {sub("us", "", v); v /= 1000} else if (v ~ /ms$/) {sub("ms", "", v)} else if (v ~ /s$/) {sub("s", "", v); v *= 1000}; print v}' <<< "$out")
  bad=$(awk '/Non-2xx/ {print $5}' <<< "$out")
  echo "$rate $p99 ${bad:-0}"
}
sign() { $benchbin exchange-requests --key "$work/member.pem" --key-id bench-1 --origin "http://127.0.0.1:$port" --numbers "$work/numbers.txt" --count "$requests" --out "$work/requests.txt"; }

# Warm-up.
sign; run "http://127.0.0.1:$port/" >/dev/null; run "http://127.0.0.1:$static_port/" static >/dev/null

echo "DanCu exchange bench: $n people, $(nproc) cores, wrk -t$threads -c$connections -d${seconds}s, $(date -u +%FT%TZ)"
echo "POST /x/v1/verify signed (Ed25519, RFC 9421), answer signed and logged vs nginx static $size-byte JSON, the same wrk script"
for r in $(seq 1 "$rounds"); do
  sign
  read -r s_rate s_p99 _ <<< "$(run "http://127.0.0.1:$static_port/" static)"
  read -r d_rate d_p99 d_bad <<< "$(run "http://127.0.0.1:$port/")"
  echo "$s_rate $s_p99 $d_rate $d_p99 $d_bad" >> "$work/rounds.txt"
  printf "  round %d: nginx %10.0f/s p99 %6.2f ms | DanCu %8.0f/s p99 %6.2f ms, non-2xx %s | ratio %.3f\n" \
    "$r" "$s_rate" "$s_p99" "$d_rate" "$d_p99" "$d_bad" "$(python3 -c "print($d_rate/$s_rate)")"
done
kill "$server"; wait "$server" 2>/dev/null || true; server=""
work_line=$($benchbin exchange-signatures --seconds "$seconds" --rounds "$rounds")
echo "$work_line"
$benchbin exchange-batch --database "$db" --data-dir "$data" --lines "${BENCH_BATCH_LINES:-1000000}" 2>&1 | grep '^batch:'
# Webhook deliveries to a local receiver over HTTP: BENCH_DEATHS deaths recorded by four writers while
# the dispatcher and deliverer run, as in `dancu serve`.
$benchbin exchange-deliveries --database "$db" --data-dir "$data" --deaths "${BENCH_DEATHS:-2000}" 2>&1 | grep '^deliveries:' | tee "$work/deliveries.txt"
python3 - "$work/rounds.txt" "$work_line" <<'PY'
import re, statistics, sys
rows = [list(map(float, l.split())) for l in open(sys.argv[1])]
alone = float(re.search(r"signature work: (\d+)/s", sys.argv[2]).group(1))
med = lambda i: statistics.median(r[i] for r in rows)
print(f"median: nginx {med(0):,.0f}/s p99 {med(1):.2f} ms | DanCu {med(2):,.0f}/s p99 {med(3):.2f} ms | signature work alone {alone:,.0f}/s")
print(f"DanCu/nginx {statistics.median(r[2] / r[0] for r in rows):.3f} (target >= 0.15) | DanCu/signature work {med(2) / alone:.3f} "
      f"(target >= 0.5) | p99 {med(3):.2f} ms (target <= 10) | MOSIP publishes 50 authentications/s")
PY
echo "deliveries: targets >= 2,000/s and p99 <= 1 s from the commit to the delivery"
