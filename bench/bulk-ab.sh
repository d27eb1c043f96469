#!/usr/bin/env bash
# Seed, export and import of two builds of dancu, interleaved round by round on the same machine, so
# that a change to the bulk paths is judged against the build before it measured in the same run.
#
#   bench/bulk-ab.sh OLD_DANCU NEW_DANCU [N] [ROUNDS]     (release binaries; N people, default 200,000)
set -euo pipefail
old=$1; new=$2; n=${3:-200000}; rounds=${4:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
seconds() { local s e; s=$(date +%s.%N); "$@" >/dev/null 2>&1; e=$(date +%s.%N); python3 -c "print(f'{$e-$s:.2f}')"; }
echo "bulk A/B: $n people, $rounds rounds, $(nproc) cores, $(date -u +%FT%TZ)"
echo "A = $old"
echo "B = $new"
$old seed --people "$n" --seed 7 --database "sqlite:$work/src.sqlite" >/dev/null 2>&1
$old export --database "sqlite:$work/src.sqlite" -o "$work/people.ndjson" >/dev/null 2>&1
declare -A t
for r in $(seq 1 "$rounds"); do
  for side in A B; do
    bin=$old; [ "$side" = B ] && bin=$new
    d="$work/$side$r"; mkdir -p "$d"
    t[$side,seed,$r]=$(seconds $bin seed --people "$n" --seed 7 --database "sqlite:$d/seed.sqlite")
    t[$side,export,$r]=$(seconds $bin export --database "sqlite:$d/seed.sqlite" -o "$d/out.ndjson")
    t[$side,import,$r]=$(seconds $bin import "$work/people.ndjson" --database "sqlite:$d/import.sqlite")
    echo "round $r $side: seed ${t[$side,seed,$r]} s, export ${t[$side,export,$r]} s, import ${t[$side,import,$r]} s"
    rm -rf "$d"
  done
done
for step in seed export import; do
  a=(); b=()
  for r in $(seq 1 "$rounds"); do a+=("${t[A,$step,$r]}"); b+=("${t[B,$step,$r]}"); done
  python3 - "$step" "$n" "${a[*]}" "${b[*]}" <<'PY'
import statistics, sys
step, n = sys.argv[1], int(sys.argv[2])
a = statistics.median(map(float, sys.argv[3].split())); b = statistics.median(map(float, sys.argv[4].split()))
print(f"{step:7s} median A {a:6.2f} s ({n/a:>9,.0f}/s)   B {b:6.2f} s ({n/b:>9,.0f}/s)   B/A time {b/a:.2f}")
PY
done
