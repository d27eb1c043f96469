#!/usr/bin/env bash
# Runs the README's curl tour exactly as written against a freshly started `dancu serve` (the README's
# run command, from an empty directory so it seeds the demo), then checks what the tour printed.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
[ -n "${DANCU_BUILT:-}" ] || swift build --product dancu >/dev/null
work=$(mktemp -d)
server=""
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

# The tour is the first sh block after the heading "## A tour with curl".
awk '/^## A tour with curl/ {on = 1} on && /^```sh/ {grab = 1; next} grab && /^```/ {exit} grab {print}' README.md > "$work/tour.sh"
[ -s "$work/tour.sh" ] || { echo "FAILED: no tour found in README.md"; exit 1; }
# The member system's tour: the first sh block after "## A member system's tour", run after the first.
awk '/^## A member system.s tour/ {on = 1} on && /^```sh/ {grab = 1; next} grab && /^```/ {exit} grab {print}' README.md > "$work/member-tour.sh"
[ -s "$work/member-tour.sh" ] || { echo "FAILED: no member system's tour found in README.md"; exit 1; }
# Procedure 17's tour: the first sh block after "## A tour of procedure 17", run last.
awk '/^## A tour of procedure 17/ {on = 1} on && /^```sh/ {grab = 1; next} grab && /^```/ {exit} grab {print}' README.md > "$work/tour-17.sh"
[ -s "$work/tour-17.sh" ] || { echo "FAILED: no tour of procedure 17 found in README.md"; exit 1; }

cd "$work"
"$repo/.build/debug/dancu" serve > serve.log 2>&1 &
server=$!
for _ in $(seq 1 120); do curl -sf http://127.0.0.1:8080/health/ready >/dev/null 2>&1 && break; sleep 1; done
curl -sf http://127.0.0.1:8080/health/ready >/dev/null || { echo "FAILED: dancu serve did not become ready"; cat serve.log; exit 1; }

bash -euo pipefail tour.sh > tour.out 2>&1 || { echo "FAILED: the tour stopped"; cat tour.out; exit 1; }
bash -euo pipefail member-tour.sh > member-tour.out 2>&1 || { echo "FAILED: the member system's tour stopped"; cat member-tour.out; exit 1; }
bash -euo pipefail tour-17.sh > tour-17.out 2>&1 || { echo "FAILED: the tour of procedure 17 stopped"; cat tour-17.out; exit 1; }

fail=0
expect() {
  if [ "$2" = "-v" ]; then
    if grep -q -- "$3" tour.out; then echo "FAILED: $1 ('$3' in the output)"; fail=1; else echo "ok: $1"; fi
  elif grep -q -- "$2" tour.out; then echo "ok: $1"; else echo "FAILED: $1 (no '$2' in the output)"; fail=1; fi
}
expect "search answers with people" '"personalNumber"'
expect "the person is read with an ETag" '^ETag: "'
expect "the birth is registered with a new number" '"Nguyễn Minh Khang"'
expect "the move is recorded" '"detail":"Số 12, tổ 3"'
expect "the access log shows the read" '"action":"read"'
expect "the access log shows the move" '"action":"record-permanentResidenceRegistered"'
expect "the access log names the purpose" '"purpose":"residence-management"'
expect "the bank's verification passes every check" "valid: True \['sod.structure'"
expect "active authentication is not claimed without a challenge" "'register.dg13'\]"
expect "the lost card fails its status check" "valid: False \['the card is lost'\]"
expect "the report is recorded by the commune officer" '"event":"report-lost","officer":"commune.officer"'
expect "the card holder sees the bank's verification in their own access log" '^Ngân hàng (demo relying party) card-verify identity-verification$'
expect "and the commune officer's report, by their unit, with its purpose" '^Công an .* card-report-lost identity-card$'
expect "and no officer's username" -v 'commune.officer card-report-lost'
member() {
  if grep -q -- "$2" member-tour.out; then echo "ok: $1"; else echo "FAILED: $1 (no '$2' in the member tour's output)"; fail=1; fi
}
member "a member reads the granted fields" '^{"dateOfBirth":"[0-9-]*","name":"'
member "its verification matches, in capitals and by the year only" '"fields":{"dateOfBirth":"match","name":"match"},"match":true,"personalNumber":"match"'
member "a field not granted is refused naming it" 'the field phone is not granted to BHXH/GIAM-DINH'
member "the subscription is made" '"kinds":\["death"\]'
member "the pull feed answers" '"items":\[\]'
member "a batch is taken" '"status":"queued"'
member "its results come by line number" '{"line":1,"personalNumber":"match","match":true,"fields":{"name":"match"},"alive":true}'
member "a malformed line is its own error" '{"line":2,"error":{"status":400,"field":"sex"'
seventeen() {
  if grep -q -- "$2" tour-17.out; then echo "ok: $1"; else echo "FAILED: $1 (no '$2' in procedure 17's tour output)"; fail=1; fi
}
seventeen "the form is filled from the parent's record" '"name":"parentNumber"'
seventeen "the application is received" '^application G17-'
seventeen "the civil-status officer registers the birth" "^in-progress \[('birth', 'approved'), ('residence', 'open'), ('health-insurance', 'open')\]"
seventeen "the police register the residence" "^in-progress \[('birth', 'approved'), ('residence', 'approved'), ('health-insurance', 'open')\]"
seventeen "social insurance finds the case in its queue" '"step":"health-insurance"'
seventeen "the card ends the application" '"status":"result-issued"'
seventeen "the case lists the birth notice" '"attachments":\[{"bytes":[0-9]*,"code":"birth-notice"'
seventeen "social insurance reads it as the parent sent it" '^birth notice as sent: True$'
seventeen "the parent sees the child's personal number" '^Giấy khai sinh (bản điện tử) | Số định danh cá nhân: [0-9]\{12\}'
seventeen "and the card" '^Thẻ bảo hiểm y tế của trẻ | Thẻ bảo hiểm y tế (Mã thẻ: TE1'
grep -q "Demo accounts" serve.log && echo "ok: serve printed the demo accounts" || { echo "FAILED: no demo accounts printed"; fail=1; }
[ "$fail" = 0 ] || { echo "--- tour output"; cat tour.out; exit 1; }
echo "tour: all checks passed"
