#!/usr/bin/env bash
# Growth: the same register at two or more sizes, on SQLite and on PostgreSQL. For each size and backend:
# the import's time (`dancu import` of the size's NDJSON into an empty database), the database's bytes
# per person, then `dancu serve` over it and bench/growth_probe.py: p50 and p99 of person reads (of people
# not read since the start, then again the same people: "again"), searches by name and signed member
# verifications (one client, requests one after another), and the server's resident memory afterwards.
# At the end, each p99's ratio from the first size to the last.
#
#   bench/growth.sh [SIZES] [BACKENDS]     default "1000000 10000000" and "sqlite postgresql"
#
# Targets (issue 19): p99 grows at most 1.5x from 1 M to 10 M; RSS at 10 M at most 500 MiB.
# GROWTH_COUNT requests of each kind (default 2,000). The files go in bench/out/growth-N/ (the seeded
# register and its export, reused by later runs); PostgreSQL at DANCU_TEST_POSTGRES_URL's server, in a
# database dancu_growth made afresh. Needs DANCU_INTEROP_PYTHON (requests, http-message-signatures).
set -euo pipefail
cd "$(dirname "$0")/.."
read -r -a sizes <<< "${1:-1000000 10000000}"
read -r -a backends <<< "${2:-sqlite postgresql}"
python=${DANCU_INTEROP_PYTHON:?set DANCU_INTEROP_PYTHON to a Python with requests and http-message-signatures}
count=${GROWTH_COUNT:-2000}
port=${GROWTH_PORT:-8094}
if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "port $port is in use: stop what listens there first" >&2; exit 1; fi
swift build -c release --product dancu >/dev/null
bin=$(pwd)/.build/release/dancu
work=$(mktemp -d)
server=""
cleanup() {
  [ -z "$server" ] || { kill "$server" 2>/dev/null; wait "$server" 2>/dev/null || true; }
  rm -rf "$work"
}
trap cleanup EXIT
seconds() { local s e; s=$(date +%s.%N); "$@" >/dev/null 2>&1; e=$(date +%s.%N); python3 -c "print(f'{$e-$s:.1f}')"; }
url=${DANCU_TEST_POSTGRES_URL:-postgres://dancu:dancu@127.0.0.1:5432/dancu_test}
[[ " ${backends[*]} " != *" postgresql "* ]] || bash scripts/postgres-up.sh >/dev/null
export DANCU_BCRYPT_COST=4

# The member system whose verifications are timed: one Ed25519 key, a grant to verify.
openssl genpkey -algorithm ed25519 -out "$work/member.pem" 2>/dev/null
pub=$(openssl pkey -in "$work/member.pem" -pubout -outform DER | tail -c 32 | base64 | tr '+/' '-_' | tr -d '=\n')
echo "{\"keys\": [{\"kty\": \"OKP\", \"crv\": \"Ed25519\", \"x\": \"$pub\", \"kid\": \"growth-1\"}]}" > "$work/member.jwks"

echo "growth: sizes ${sizes[*]}, backends ${backends[*]}, $count requests of each kind, $(nproc) cores, $(date -u +%FT%TZ)"
echo "size       backend     import s  bytes/person  read p50/p99 ms  again p50/p99 ms  search p50/p99 ms  verify p50/p99 ms  RSS MiB"
results="$work/results.txt"
for n in "${sizes[@]}"; do
  source_dir=$(pwd)/bench/out/growth-$n
  if [ ! -f "$source_dir/people.ndjson" ]; then
    mkdir -p "$source_dir"
    $bin seed --people "$n" --seed 7 --database "sqlite:$source_dir/seed.sqlite" >/dev/null 2>&1
    $bin export --database "sqlite:$source_dir/seed.sqlite" -o "$source_dir/people.ndjson" >/dev/null 2>&1
    rm -f "$source_dir"/seed*.sqlite*
  fi
  # 20,000 personal numbers spread over the file, for the reads and verifications.
  python3 -c "
import json, sys
lines = open('$source_dir/people.ndjson').readlines()
step = max(1, len(lines) // 20000)
for line in lines[::step][:20000]: print(json.loads(line)['personalNumber'])" > "$work/numbers.txt"
  for backend in "${backends[@]}"; do
    data="$work/$backend-$n"
    mkdir -p "$data"
    if [ "$backend" = sqlite ]; then
      db="sqlite:$data/dancu.sqlite"
    else
      db="${url%/*}/dancu_growth"
      psql -X -q "${url%/*}/postgres" -c "DROP DATABASE IF EXISTS dancu_growth WITH (FORCE)" -c "CREATE DATABASE dancu_growth"
    fi
    import_s=$(seconds $bin import "$source_dir/people.ndjson" --database "$db" --data-dir "$data")
    # `footprint`: the databases' bytes (SQLite: the files, not their WAL, which a checkpoint empties)
    # and WAL position. `measure` adds the access-log entries, a count over the whole log: before the
    # probe and after it only.
    footprint() {
      if [ "$backend" = sqlite ]; then
        echo "$(du -cb "$data"/*.sqlite | tail -1 | cut -f1) 0"
      else
        psql -X -At -F ' ' "$db" -c "SELECT pg_database_size(current_database()), pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::bigint"
      fi
    }
    measure() {
      if [ "$backend" = sqlite ]; then
        echo "$(footprint) $(sqlite3 "$data/dancu-access-log.sqlite" 'SELECT COUNT(*) FROM access_log' 2>/dev/null || echo 0)"
      else
        echo "$(footprint) $(psql -X -At "$db" -c "SELECT COUNT(*) FROM access_log")"
      fi
    }
    [ "$backend" = sqlite ] || psql -X -q "$db" -c "VACUUM ANALYZE"
    read -r bytes _ <<< "$(footprint)"
    $bin officer add --username bench.central --name "Bench" --role central-officer --jurisdiction nation --password-stdin \
      --database "$db" --data-dir "$data" <<< "bench password 2026" >/dev/null
    $bin officer add --username bench.admin --name "Bench" --role administrator --jurisdiction nation --password-stdin \
      --database "$db" --data-dir "$data" <<< "bench password 2026" >/dev/null
    x() { $bin exchange "$@" --database "$db" --data-dir "$data" --officer bench.admin >/dev/null; }
    x member add --code BHXH --name-vi "Bảo hiểm xã hội Việt Nam" --name-en "Viet Nam Social Security" --kind ministry
    x subsystem add BHXH/GIAM-DINH
    x key add BHXH/GIAM-DINH --jwks "$work/member.jwks"
    x law add --code 26/2023/QH15 --title "Luật Căn cước" --valid-from 2024-07-01
    x grant add BHXH/GIAM-DINH --service verify --fields vitalStatus --purpose social-insurance --law 26/2023/QH15
    $bin serve --data-dir "$data" --database "$db" --port "$port" --no-demo --log-level warning > "$work/serve.log" 2>&1 &
    server=$!
    # Before it listens, a first start hashes the imported entries into the transparency log's tree
    # (minutes at ten million, on PostgreSQL most).
    started=$(date +%s)
    for _ in $(seq 1 3600); do curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 && break; sleep 1; done
    curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 || { echo "FAILED: the server was not ready within an hour" >&2; tail -20 "$work/serve.log" >&2; exit 1; }
    ready_s=$(($(date +%s) - started))
    # The first start after an import indexes the imported people's access-log entries (the subject
    # index: who looked at me) in the background. That is a one-time cost, not the steady state the probe
    # times: wait until the databases stop growing (under 1 MiB in 5 s; on PostgreSQL WAL included), the
    # server is quiet (under a quarter of a core in those 5 s: an idle server polls its databases at about
    # 6 % of one) and, on SQLite, the subject index has caught up with the log; at most 30 min.
    cpu() { awk '{print $14 + $15}' "/proc/$server/stat"; }
    caught_up() {
      [ "$backend" != sqlite ] && return 0
      [ "$(sqlite3 "$data/dancu-access-log-index.sqlite" 'SELECT through FROM access_log_indexed' 2>/dev/null)" = \
        "$(sqlite3 "$data/dancu-access-log.sqlite" 'SELECT MAX(id) FROM access_log' 2>/dev/null)" ]
    }
    ticks=$(getconf CLK_TCK)
    settle_start=$(date +%s)
    read -r b0 w0 <<< "$(footprint)"
    c0=$(cpu)
    while sleep 5; do
      read -r b1 w1 <<< "$(footprint)"
      c1=$(cpu)
      [ $(((b1 - b0) + (w1 - w0))) -ge 1048576 ] || [ $((c1 - c0)) -ge $((5 * ticks / 4)) ] || ! caught_up || break
      b0=$b1 w0=$w1 c0=$c1
      [ $(($(date +%s) - settle_start)) -lt 1800 ] || break
    done
    settled_s=$(($(date +%s) - settle_start))
    # The import and the first start leave gigabytes of written pages in the page cache, which the
    # kernel writes out over the next minutes; a cold read that queues behind that writeback times the
    # load, not the register. Written out first, and how much there was, in the details.
    dirty_mib=$(awk '/^(Dirty|Writeback):/ {kb += $2} END {print int(kb / 1024)}' /proc/meminfo)
    sync
    read -r bytes_settled wal_before entries_before <<< "$(measure)"
    probe=$("$python" bench/growth_probe.py "http://127.0.0.1:$port" "$work/numbers.txt" "$work/member.pem" growth-1 "$server" "$count")
    kill "$server"
    wait "$server" 2>/dev/null || true
    server=""
    read -r bytes_after wal_after entries_after <<< "$(measure)"
    entries=$((entries_after - entries_before))
    requests=$((4 * (count + 50)))
    detail="  first start ready after ${ready_s} s, settled ${settled_s} s later, ${dirty_mib} MiB of the page cache still to write out before the probe ($(((bytes_settled - bytes) / n)) bytes/person more: the imported entries indexed by subject and hashed into the transparency log); the probe's $requests requests left $entries access-log entries, $(((bytes_after - bytes_settled) / (entries > 0 ? entries : 1))) bytes each on disk$([ "$backend" = sqlite ] || echo ", and $(((wal_after - wal_before) / requests)) bytes of WAL a request")"
    echo "$n $backend $import_s $bytes $probe" >> "$results"
    python3 -c "
import json, sys
n, backend, seconds, size, probe = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), json.loads(sys.argv[5])
cell = lambda k: f\"{probe[k]['p50']:.1f}/{probe[k]['p99']:.1f}\" + (f\" ({probe[k]['failed']} failed)\" if probe[k]['failed'] else '')
print(f'{int(n):<10,} {backend:<11} {seconds:>8}  {size / int(n):>12,.0f}  {cell(\"read\"):>15}  {cell(\"read_again\"):>16}  {cell(\"search\"):>17}  {cell(\"verify\"):>17}  {probe[\"rss_mib\"]:>7}')
" "$n" "$backend" "$import_s" "$bytes" "$probe"
    echo "$detail"
    [ "$backend" = sqlite ] || psql -X -q "${url%/*}/postgres" -c "DROP DATABASE IF EXISTS dancu_growth WITH (FORCE)"
    rm -rf "$data"
  done
done
python3 - "$results" <<'PY'
import json, sys
rows = [line.split(" ", 4) for line in open(sys.argv[1])]
by = {}
for n, backend, _, _, probe in rows:
    by.setdefault(backend, []).append((int(n), json.loads(probe)))
for backend, sizes in by.items():
    if len(sizes) < 2:
        continue
    (small, a), (large, b) = sizes[0], sizes[-1]
    ratios = ", ".join(f"{k} {b[k]['p99'] / a[k]['p99']:.2f}x" for k in ("read", "read_again", "search", "verify") if k in a and k in b)
    print(f"growth ({backend}): p99 from {small:,} to {large:,} people: {ratios}; RSS at {large:,}: {b['rss_mib']} MiB, of which {b.get('rss_anon_mib', '?')} MiB its own memory (the rest mapped database pages)")
PY
