#!/usr/bin/env bash
# OpenID Connect code exchanges per second on this machine, ES256 ID-token signing included.
#
#   bench/oidc.sh [N]     a register of N synthetic people (default 20,000)
#
# Each exchange: client authentication (client_secret_basic), the code's single use, its redirect URI,
# PKCE S256, an access token, an ID token signed with ES256, and the access-log entry of the release.
# Codes are made first (PAR and approval, not timed), then exchanged by C concurrent clients, three
# rounds each for C = 8 and 32. The reference is Keycloak's published sizing, 15 password-based logins
# per second per vCPU (Keycloak "Concepts for sizing CPU and memory resources"); it is a published
# figure, not measured here, and a Keycloak login includes a password hash, which an exchange does not.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-20000}
codes=${BENCH_CODES:-3000}
swift build -c release --product dancu >/dev/null
swift build -c release --product dancu-bench >/dev/null
work=${BENCH_WORK:-$(mktemp -d)}
mkdir -p "$work"
trap 'rm -rf "$work"' EXIT
bin=.build/release/dancu
echo "== $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ), register of $n people, $codes codes a round"
$bin seed --people "$n" --seed 20250701 --database "sqlite:$work/dancu.sqlite" >/dev/null 2>&1
$bin keys csca init --data-dir "$work" >/dev/null
$bin keys ds issue --data-dir "$work" >/dev/null
for c in 8 32; do
  echo "-- $c concurrent clients"
  .build/release/dancu-bench oidc --database "sqlite:$work/dancu.sqlite" --data-dir "$work" --codes "$codes" --rounds 3 --concurrency "$c"
done
