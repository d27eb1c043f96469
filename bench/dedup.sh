#!/usr/bin/env bash
# Record linkage (issue 18): DanCu's `dancu link dedupe` beside Splink 5 (DuckDB backend, settings in
# bench/splink_dedupe.py) on the same generated files of 20 k, 200 k and 1 M records, in one run:
# pairwise precision, recall and F1 at each tool's threshold, cluster F1, wall time and peak memory
# (GNU time's maximum resident set size). Both are scored by the same code (`dancu link evaluate`)
# against the generator's truth column.
#
#   bench/dedup.sh                     (SIZES="20000 200000 1000000", THRESHOLD=0.9)
#
# Splink and its dependencies are installed into .build-splink-venv from PyPI on first use.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=${SIZES:-"20000 200000 1000000"}
threshold=${THRESHOLD:-0.9}
swift build -c release --product dancu >/dev/null
bin=.build/release/dancu
venv=.build-splink-venv
if ! "$venv/bin/python" -c "import splink, pandas" 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q "splink>=5,<6" pandas
fi
work=${BENCH_WORK:-$(mktemp -d)}
mkdir -p "$work"
trap 'rm -rf "$work"' EXIT
echo "== $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ), splink $("$venv/bin/python" -c 'import splink; print(splink.__version__)'), threshold $threshold"
printf '%-9s %-7s %9s %9s %9s %11s %9s %9s\n' records tool precision recall F1 cluster-F1 "wall s" "peak MiB"
for n in $sizes; do
  file="$work/people-$n.csv"
  $bin link generate --records "$n" --seed "$n" --out "$file" >/dev/null
  for tool in dancu splink; do
    if [ "$tool" = dancu ]; then
      run=("$bin" link dedupe "$file" --out "$work/$tool-pairs.csv" --clusters "$work/$tool-clusters.csv" --threshold "$threshold")
    else
      run=("$venv/bin/python" bench/splink_dedupe.py "$file" "$work/$tool-pairs.csv" "$work/$tool-clusters.csv" "$threshold")
    fi
    /usr/bin/time -f "%e %M" -o "$work/time" "${run[@]}" > "$work/$tool.log" 2>&1 || { cat "$work/$tool.log"; exit 1; }
    read -r wall peak < "$work/time"
    scores=$($bin link evaluate --truth "$file" --pairs "$work/$tool-pairs.csv" --clusters "$work/$tool-clusters.csv" --json)
    python3 - "$n" "$tool" "$wall" "$peak" "$scores" <<'PY'
import json, sys
n, tool, wall, peak, scores = sys.argv[1], sys.argv[2], float(sys.argv[3]), int(sys.argv[4]), json.loads(sys.argv[5])
p, c = scores["pairwise"], scores["clusters"]
print(f"{n:<9} {tool:<7} {p['precision']:9.4f} {p['recall']:9.4f} {p['f1']:9.4f} {c['f1']:11.4f} {wall:9.1f} {peak / 1024:9.0f}")
PY
  done
done
