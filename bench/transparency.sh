#!/usr/bin/env bash
# The transparency log's costs (issue 16), in one run:
#  1. person reads through the gate, each appending its access-log entry, with the transparency log (a leaf
#     in the entry's transaction and a checkpoint signed every second) beside the same without the tree,
#     in alternating rounds (target: with >= 0.9 x without);
#  2. inclusion proofs per second and their p99 from logs of synthetic leaves grown to each size in turn
#     (appended through the log's own append), to show how proof time grows with the log.
#
#   bench/transparency.sh                 (proof sizes 1 M, 10 M and 100 M; set SIZES to change them)
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=${SIZES:-"1000000 10000000 100000000"}
swift build -c release --product dancu >/dev/null
swift build -c release --product dancu-bench >/dev/null
work=${BENCH_WORK:-$(mktemp -d)}
mkdir -p "$work"
trap 'rm -rf "$work"' EXIT
bin=.build/release/dancu
echo "== $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ)"
$bin seed --people 100000 --seed 20250701 --database "sqlite:$work/dancu.sqlite" >/dev/null 2>&1
echo "== gate reads with and without the transparency log (64 readers, 5 s rounds)"
.build/release/dancu-bench transparency-appends --database "sqlite:$work/dancu.sqlite" --rounds "${ROUNDS:-5}"
echo "== inclusion proofs (8 at once, 10 s at each size)"
# shellcheck disable=SC2086
.build/release/dancu-bench transparency-proofs --database "sqlite:$work/tree.sqlite" --sizes $sizes
ls -l "$work/tree.sqlite" | awk '{ printf "the tree of the largest log takes %.1f GB\n", $5 / 1e9 }'
