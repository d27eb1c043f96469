#!/usr/bin/env bash
# Fails when the module graph or the gate's boundary breaks DESIGN.md §3:
#  - imports point down only: dancu → DanCuApp (the composition root) → DanCuWeb → capabilities (Card, EID, ...) → DanCuAccess →
#    DanCuRegister → DanCuStore → DanCuCore; capabilities may use each other, never the layers above;
#    DanCuQR (a QR code encoder, no dependencies) sits beside DanCuCore at the bottom, and so does
#    CDanCuSQLite (C: SQLite's process-wide settings, which Swift cannot make), under DanCuStore;
#    DanCuAPI (the contract, generated types) sits between the capabilities and DanCuWeb;
#  - the register's raw reads and writes of personal data (`@_spi(Gate)`) are imported only by the gate
#    (DanCuAccess), test support and the benchmarks (which measure the raw path as their reference);
#  - nothing below DanCuWeb imports the HTTP framework.
set -euo pipefail
cd "$(dirname "$0")/.."
swift package describe --type json > .build-describe.json
python3 - <<'PY'
import json, sys
graph = json.load(open(".build-describe.json"))
rank = {"DanCuCore": 0, "DanCuQR": 0, "CDanCuSQLite": 0, "DanCuStore": 1, "DanCuTransparency": 1.5, "DanCuRegister": 2, "DanCuAccess": 3,
        "DanCuCard": 4, "DanCuEID": 4, "DanCuExchange": 4, "DanCuServices": 4, "DanCuQuality": 4, "DanCuAPI": 5, "DanCuWeb": 6, "DanCuTestSupport": 6, "DanCuApp": 7, "dancu": 8, "dancu-bench": 8}
capability = 4
problems = []
for target in graph["targets"]:
    name = target["name"]
    if target.get("type") == "test" or name not in rank:
        if target.get("type") != "test" and name not in rank:
            problems.append(f"{name}: a target DESIGN §3 does not place; add it to scripts/check-boundaries.sh with its layer")
        continue
    for dep in target.get("target_dependencies", []):
        r, d = rank[name], rank.get(dep)
        if d is None:
            problems.append(f"{name} → {dep}: unknown target")
        elif d > r or (d == r and r != capability):
            problems.append(f"{name} → {dep}: points up or sideways (layer {r} → {d})")
for p in problems: print("boundary:", p)
sys.exit(1 if problems else 0)
PY
rm -f .build-describe.json
# The register's SPI, outside the gate.
if grep -rln '@_spi(Gate) import' Sources | grep -v -e '^Sources/DanCuAccess/' -e '^Sources/DanCuTestSupport/' -e '^Sources/dancu-bench/'; then
  echo "boundary: the files above import the register's raw reads (@_spi(Gate)); go through the gate" >&2
  exit 1
fi
# HTTP only at the edge.
if grep -rlnE '^import (Hummingbird|HummingbirdCore|HummingbirdTesting)$' Sources | grep -v -e '^Sources/DanCuWeb/' -e '^Sources/DanCuApp/' -e '^Sources/dancu/' -e '^Sources/dancu-bench/'; then
  echo "boundary: the files above import Hummingbird below DanCuWeb" >&2
  exit 1
fi
echo "boundaries: module graph points down, register SPI only in the gate, HTTP only at the edge"
