#!/usr/bin/env bash
# Can the time of a failed eID sign-in tell whether an account exists? Times, interleaved, failed
# password sign-ins for an unknown personal number, a known account with a wrong password, and a known
# account that waits after repeated failures, at the deployed bcrypt cost (12), and prints the medians,
# p10 and p90 of each and their ratio to the unknown case. Equal work is done on every path (a decoy
# hash for unknown and waiting accounts), so the medians should agree within the spread.
#
#   bench/enumeration.sh [TRIALS]     (default 150 of each)
set -euo pipefail
cd "$(dirname "$0")/.."
trials=${1:-150}
swift build -c release --product dancu >/dev/null
swift build -c release --product dancu-bench >/dev/null
work=${BENCH_WORK:-$(mktemp -d)}
mkdir -p "$work"
trap 'rm -rf "$work"' EXIT
bin=.build/release/dancu
echo "== $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ)"
$bin seed --people 5000 --seed 20250701 --database "sqlite:$work/dancu.sqlite" >/dev/null 2>&1
$bin keys csca init --data-dir "$work" >/dev/null
$bin keys ds issue --data-dir "$work" >/dev/null
.build/release/dancu-bench enumeration --database "sqlite:$work/dancu.sqlite" --data-dir "$work" --trials "$trials"
