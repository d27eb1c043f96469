#!/usr/bin/env bash
# DanCu's QR codes read by an independent decoder: Tests/interop/qr_decode.py draws texts of every
# length class at each error-correction level with `dancu documents qr` (versions 1 to 40, all eight
# masks) and reads each back with zxing-cpp. Needs DANCU_INTEROP_PYTHON with zxing-cpp and pillow.
# The sealed documents themselves are verified offline from the screen in Tests/browser/procedure17.py.
set -euo pipefail
cd "$(dirname "$0")/.."
python=${DANCU_INTEROP_PYTHON:?set DANCU_INTEROP_PYTHON to a Python with zxing-cpp and pillow}
[ -n "${DANCU_BUILT:-}" ] || swift build --product dancu >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$python" Tests/interop/qr_decode.py .build/debug/dancu "$work"
