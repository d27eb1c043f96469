#!/usr/bin/env bash
# The register's review-queue threshold, measured: a register-like file from the generator (RECORDS
# records, 1 % of people entered twice, no personal numbers, as the register compares them), deduplicated
# the way `dancu quality duplicates` does (m counted on the generator's labelled pairs, u and the prior
# learnt from the file), then pairwise precision, recall and F1 at 0.9, 0.99, 0.999 and 0.9999.
# Usage: bench/register-duplicates.sh [RECORDS]   (default 200000; release build)
set -euo pipefail
cd "$(dirname "$0")/.."
records=${1:-200000}
swift build -c release --product dancu >&2
dancu=.build/release/dancu
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$dancu" link generate --records "$records" --seed 7 --duplicate-rate 0.01 --number-share 0 --out "$work/register.csv" >&2
"$dancu" link dedupe "$work/register.csv" --labelled-m --threshold 0.5 --out "$work/pairs.csv" --clusters "$work/clusters.csv" >&2
for threshold in 0.9 0.99 0.999 0.9999; do
  printf '%-7s ' "$threshold"
  "$dancu" link evaluate --truth "$work/register.csv" --pairs "$work/pairs.csv" --clusters "$work/clusters.csv" --threshold "$threshold" | head -1
done
