#!/usr/bin/env bash
# Fails when a Swift file is not as `.swift-format` says. The generated API (Sources/DanCuAPI/Generated)
# is the generator's own output and is left as it comes. To fix: scripts/check-format.sh --fix
set -euo pipefail
cd "$(dirname "$0")/.."
files=$(find Sources Tests tools Package.swift -name '*.swift' -not -path 'Sources/DanCuAPI/Generated/*' -not -path '*/.build*' | sort)
if [ "${1:-}" = "--fix" ]; then
  swift format format --in-place --parallel $files
fi
swift format lint --strict --parallel $files
echo "format: every Swift file is as .swift-format says"
