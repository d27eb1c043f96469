#!/usr/bin/env bash
# Turns Sources/DanCuAPI/openapi.yaml into the Swift types and APIProtocol under Sources/DanCuAPI/Generated,
# with apple/swift-openapi-generator built from tools/openapi (kept out of the main package: it would
# add its build to every cold `swift build`).
# Usage: scripts/generate-api.sh          regenerate; commit the result with the document
#        scripts/generate-api.sh --check  fail when the committed code is not what the document gives (CI)
set -euo pipefail
cd "$(dirname "$0")/.."
swift build --package-path tools/openapi --product swift-openapi-generator >&2
generator=tools/openapi/.build/debug/swift-openapi-generator
target=Sources/DanCuAPI
generate() {
  "$generator" generate "$target/openapi.yaml" --config "$target/openapi-generator-config.yaml" --output-directory "$1" >&2
}
if [ "${1:-}" = "--check" ]; then
  fresh=$(mktemp -d)
  trap 'rm -rf "$fresh"' EXIT
  generate "$fresh"
  if ! diff -ru "$target/Generated" "$fresh"; then
    echo "generate-api: $target/Generated is not what openapi.yaml gives; run scripts/generate-api.sh and commit" >&2
    exit 1
  fi
  echo "generate-api: $target/Generated matches openapi.yaml"
else
  mkdir -p "$target/Generated"
  generate "$target/Generated"
fi
