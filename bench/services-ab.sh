#!/usr/bin/env bash
# Interleaved A/B of builds on complete online births in process (dancu-bench services-births), for
# telling a change from this shared machine's noise: each run on a fresh copy of one seed, the builds
# alternating. A build is a directory holding `dancu` and `dancu-bench` (copy them out of
# .build/release after building each commit). The seed is made by the first build: a later build
# brings its schema up to date as it opens it; an older one cannot read a newer schema.
#
#   bench/services-ab.sh DIR_A DIR_B [DIR_C ...]    (PAIRS=3 SECONDS_EACH=5 CONCURRENCY=16 PEOPLE=100000)
set -euo pipefail
[ $# -ge 2 ] || { echo "usage: $0 DIR_A DIR_B [DIR_C ...]" >&2; exit 2; }
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
"$1/dancu" seed --people "${PEOPLE:-100000}" --seed 20250701 --database "sqlite:$work/seed/dancu.sqlite" --data-dir "$work/seed/data" >/dev/null 2>&1
echo "== $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ), ${PEOPLE:-100000} people"
for i in $(seq 1 "${PAIRS:-3}"); do
  for build in "$@"; do
    rm -rf "$work/run"; cp -a "$work/seed" "$work/run"
    echo "== $build, pair $i"
    "$build/dancu-bench" services-births --database "sqlite:$work/run/dancu.sqlite" --data-dir "$work/run/data" --rounds 1 \
      --seconds "${SECONDS_EACH:-5}" --concurrency "${CONCURRENCY:-16}" | grep -E "round|latency"
  done
done
