#!/usr/bin/env bash
# End-to-end checks of the command line on SQLite (and PostgreSQL when DANCU_TEST_POSTGRES_URL is set):
#  1. the same seed into two empty databases gives byte-identical exports;
#  2. import of a file with malformed lines reports each one, imports every good line, exits non-zero.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -n "${DANCU_BUILT:-}" ] || swift build --product dancu >/dev/null
bin=.build/debug/dancu
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
people=${CHECK_PEOPLE:-100000}
fail=0; pass=0
check() { if eval "$2"; then pass=$((pass+1)); echo "ok: $1"; else fail=$((fail+1)); echo "FAILED: $1"; fi; }

# The two seeds (and the two exports) run side by side: each keeps about one core busy.
$bin seed --people "$people" --seed 7 --database "sqlite:$work/a.sqlite" 2>/dev/null &
seeding=$!
$bin seed --people "$people" --seed 7 --database "sqlite:$work/b.sqlite" 2>/dev/null
wait "$seeding"
$bin export --database "sqlite:$work/a.sqlite" -o "$work/a.ndjson" 2>/dev/null &
exporting=$!
$bin export --database "sqlite:$work/b.sqlite" -o "$work/b.ndjson" 2>/dev/null
wait "$exporting"
check "seed $people --seed 7 twice gives byte-identical exports ($(wc -l < "$work/a.ndjson") lines)" 'cmp -s "$work/a.ndjson" "$work/b.ndjson"'
# The quality report reads the second copy of the population (b) in the background while the checks
# below use the first (a); its result is checked near the end.
$bin quality report --json --database "sqlite:$work/b.sqlite" 2>/dev/null > "$work/quality.json" &
quality=$!

head -n 1000 "$work/a.ndjson" > "$work/good.ndjson"
{
  sed -n '1,300p' "$work/good.ndjson"
  echo '{"this is": "not a person"}'
  sed -n '301,600p' "$work/good.ndjson"
  echo 'not json at all'
  sed -n '601p' "$work/good.ndjson" | python3 -c 'import json, sys; r = json.loads(sys.stdin.read()); r["personalNumber"] = "12345"; print(json.dumps(r, ensure_ascii=False))'
  sed -n '602,1000p' "$work/good.ndjson"
  sed -n '1p' "$work/good.ndjson"
  python3 -c 'print("{" + "x" * 2_000_000)'
  printf '{"name": "\xff\xfe"}\n'
} > "$work/mixed.ndjson"
set +e
$bin import "$work/mixed.ndjson" --database "sqlite:$work/c.sqlite" 2> "$work/import.err" > "$work/import.out"
status=$?
set -e
cat "$work/import.out"; grep '^line' "$work/import.err" || true
check "import exits non-zero when lines are bad" '[ "$status" -ne 0 ]'
check "every bad line is reported with its line number" 'grep -q "^line 301: personalNumber: is missing" "$work/import.err" && grep -q "^line 602: record: not valid JSON" "$work/import.err" && grep -q "^line 603: personalNumber: a personal number has 12 digits" "$work/import.err" && grep -q "^line 1003: personalNumber: .* already in the register" "$work/import.err" && grep -q "^line 1004: record: the line is longer than" "$work/import.err" && grep -q "^line 1005: record: the line is not valid UTF-8" "$work/import.err"'
check "the 999 good lines are imported, no half-written person" '[ "$(sqlite3 "$work/c.sqlite" "SELECT COUNT(*) FROM persons")" = 999 ] && [ "$(sqlite3 "$work/c.sqlite" "SELECT COUNT(*) FROM life_events")" = 999 ]'

# A crash in the middle of an import (SIGKILL) leaves whole people only, and the import can simply be
# run again: the people already in are reported and skipped, the rest go in.
cp "$work/a.ndjson" "$work/all.ndjson"
$bin import "$work/all.ndjson" --database "sqlite:$work/crash.sqlite" --batch 500 >/dev/null 2>&1 &
importer=$!
for _ in $(seq 1 200); do
  sleep 0.05
  [ -f "$work/crash.sqlite" ] && [ "$(sqlite3 "$work/crash.sqlite" "SELECT COUNT(*) FROM persons" 2>/dev/null || echo 0)" -ge 1000 ] && break
done
kill -9 "$importer" 2>/dev/null || true
wait "$importer" 2>/dev/null || true
counts=$(sqlite3 "$work/crash.sqlite" "SELECT (SELECT COUNT(*) FROM persons) || ' ' || (SELECT COUNT(*) FROM life_events) || ' ' || (SELECT COUNT(*) FROM outbox)")
read -r persons events outbox <<< "$counts"
total=$(wc -l < "$work/all.ndjson")
check "after SIGKILL mid-import: $persons of $total people in, each with its event and outbox row, database intact" '[ "$persons" -gt 0 ] && [ "$persons" -lt "$total" ] && [ "$persons" = "$events" ] && [ "$persons" = "$outbox" ] && [ "$(sqlite3 "$work/crash.sqlite" "PRAGMA integrity_check")" = ok ]'
set +e
$bin import "$work/all.ndjson" --database "sqlite:$work/crash.sqlite" 2> "$work/again.err" >/dev/null
set -e
check "running the import again completes it and reports the $persons people already in" '[ "$(sqlite3 "$work/crash.sqlite" "SELECT COUNT(*) FROM persons")" = "$total" ] && [ "$(grep -c "already in the register" "$work/again.err")" = "$persons" ]'

if [ -n "${DANCU_TEST_POSTGRES_URL:-}" ]; then
  pgdb="dancu_cli_$$"
  su postgres -c "psql -qc 'DROP DATABASE IF EXISTS $pgdb' -c 'CREATE DATABASE $pgdb OWNER dancu'" >/dev/null
  pgurl="${DANCU_TEST_POSTGRES_URL%/*}/$pgdb"
  set +e; $bin import "$work/mixed.ndjson" --database "$pgurl" 2>/dev/null >/dev/null; pgstatus=$?; set -e
  $bin export --database "$pgurl" -o "$work/pg.ndjson" 2>/dev/null
  check "PostgreSQL: import of the mixed file exits non-zero and its export equals the good lines" '[ "$pgstatus" -ne 0 ] && cmp -s <(sort "$work/pg.ndjson") <(sed "601d" "$work/good.ndjson" | sort)'
  su postgres -c "psql -qc 'DROP DATABASE $pgdb'" >/dev/null
  # Import writes two chunks at once on PostgreSQL: blocks of 50 people each given twice in a row put the
  # same numbers in two chunks in flight together. Each person goes in once; each repeat is refused.
  su postgres -c "psql -qc 'DROP DATABASE IF EXISTS $pgdb' -c 'CREATE DATABASE $pgdb OWNER dancu'" >/dev/null
  for start in $(seq 1 50 451); do sed -n "${start},$((start + 49))p" "$work/good.ndjson"; sed -n "${start},$((start + 49))p" "$work/good.ndjson"; done > "$work/twice.ndjson"
  set +e; $bin import "$work/twice.ndjson" --batch 50 --database "$pgurl" 2> "$work/twice.err" >/dev/null; twicestatus=$?; set -e
  $bin export --database "$pgurl" -o "$work/twice-pg.ndjson" 2>/dev/null
  check "PostgreSQL: chunks in flight together with the same people: each person in once, each repeat refused" '[ "$twicestatus" -ne 0 ] && [ "$(grep -c "already in the register" "$work/twice.err")" = 500 ] && cmp -s <(sort "$work/twice-pg.ndjson") <(head -n 500 "$work/good.ndjson" | sort)'
  su postgres -c "psql -qc 'DROP DATABASE $pgdb'" >/dev/null
fi
# Officer accounts from the command line.
odb="sqlite:$work/officers.sqlite"
export DANCU_BCRYPT_COST=4
added=$($bin officer add --username ward.one --name "Cán bộ phường" --role commune-officer --jurisdiction ward:00004 --database "$odb")
set +e
$bin officer add --username ward.two --name "X" --role commune-officer --jurisdiction province:01 --database "$odb" 2> "$work/officer.err" >/dev/null; badplace=$?
$bin officer add --username ward.two --name "X" --role mayor --jurisdiction nation --database "$odb" 2>/dev/null >/dev/null; badrole=$?
set -e
$bin officer disable ward.one --database "$odb" >/dev/null
listed=$($bin officer list --database "$odb")
reset=$($bin officer reset-password ward.one --database "$odb")
check "officer add prints a one-time password; wrong jurisdiction or role exits non-zero with the reason" '[[ "$added" == *"password: "* ]] && [ "$badplace" -ne 0 ] && [ "$badrole" -ne 0 ] && grep -q "needs a ward jurisdiction" "$work/officer.err"'
check "officer disable and list; reset-password prints a new password" '[[ "$listed" == *"ward.one"*"disabled"* ]] && [[ "$reset" == "password: "* ]]'
enrolled=$($bin officer totp ward.one --database "$odb" --data-dir "$work/officer-keys")
removed=$($bin officer totp ward.one --remove --database "$odb" --data-dir "$work/officer-keys")
set +e; $bin officer totp nobody.here --database "$odb" --data-dir "$work/officer-keys" 2> "$work/totp.err" >/dev/null; nototp=$?; set -e
check "officer totp prints an otpauth URL once, --remove removes it, an unknown officer exits non-zero" '[[ "$enrolled" == "otpauth://totp/"*"secret="* ]] && [[ "$removed" == "removed the authenticator of ward.one" ]] && [ "$nototp" -ne 0 ] && grep -q "no officer nobody.here" "$work/totp.err"'
unset DANCU_BCRYPT_COST

# Card signing keys.
kdir="$work/keys-data"
csca=$($bin keys csca init --data-dir "$kdir")
$bin keys ds issue --data-dir "$kdir" --days 30 >/dev/null
$bin keys ds issue --data-dir "$kdir" --days 90 >/dev/null
keys=$($bin keys list --data-dir "$kdir")
set +e; $bin keys csca init --data-dir "$kdir" 2> "$work/keys.err" >/dev/null; again=$?; set -e
check "keys: one CSCA, two Document Signers, private keys sealed, a second CSCA refused" '[[ "$csca" == CSCA:* ]] && [ "$(grep -c "^DS:" <<< "$keys")" = 2 ] && [ "$again" -ne 0 ] && grep -q "already exists" "$work/keys.err" && [ -f "$kdir/keys/ds-0002.key.sealed" ] && ! grep -q "BEGIN" "$kdir/keys/"*.sealed'

# A card's life from the command line, each step by its officer through the gate.
cdb="sqlite:$work/cards.sqlite"
$bin seed --people 2000 --seed 11 --database "$cdb" >/dev/null 2>&1
read -r holder ward <<< "$(sqlite3 -separator ' ' "$work/cards.sqlite" "SELECT personal_number, ward_code FROM persons WHERE vital_status = 'alive' AND birth_year <= 2000 AND ward_code IS NOT NULL ORDER BY personal_number LIMIT 1")"
export DANCU_BCRYPT_COST=4
$bin officer add --username counter --name "Công an phường" --role commune-officer --jurisdiction "ward:$ward" --database "$cdb" >/dev/null
$bin officer add --username centre --name "C06" --role central-officer --jurisdiction nation --database "$cdb" >/dev/null
unset DANCU_BCRYPT_COST
card() { $bin card "$@" --database "$cdb" --data-dir "$kdir"; }
applied=$(card apply "$holder" --synthetic-face --officer counter)
cid="$holder-1"
set +e; card approve "$cid" --officer counter 2> "$work/card.err" >/dev/null; notyours=$?; set -e
card approve "$cid" --officer centre >/dev/null
card produce "$cid" --officer centre >/dev/null
shown=$(card deliver "$cid" --officer counter)
check "card apply, approve, produce, deliver: active, each event by its officer; a commune officer may not approve" '[[ "$applied" == *"card $cid  applied"* ]] && [[ "$shown" == *"card $cid  active  version 4"* ]] && [[ "$shown" == *"produce → produced  by centre"* ]] && [ "$notyours" -ne 0 ] && grep -q "province and central officers approve" "$work/card.err"'
card show "$cid" --officer counter --chip-out "$work/chip" >/dev/null
verified=$(card verify "$cid" --officer counter)
offline=$(card verify --chip "$work/chip" --officer centre)
check "card verify: the simulated chip passes every check with active authentication, its files too" '[[ "$verified" == VALID* ]] && [[ "$verified" == *"pass  activeAuthentication"* ]] && [[ "$offline" == VALID* ]] && [ -f "$work/chip/DG2.bin" ] && [ -f "$work/chip/DG14.bin" ]'
if [ -n "${DANCU_INTEROP_PYTHON:-}" ]; then
  check "the chip files written by card show pass the independent Python verifier" '"$DANCU_INTEROP_PYTHON" Tests/interop/verify_sod.py "$work/chip" | grep -q "^OK: chain CSCA -> DS"'
fi
card report-lost "$cid" --officer counter >/dev/null
set +e; lost=$(card verify "$cid" --officer counter); loststatus=$?
card apply 001099999999 --synthetic-face --officer counter 2> "$work/nobody.err" >/dev/null; nobody=$?; set -e
check "a lost card fails its status check (exit 1); an unknown person is refused with the reason" '[ "$loststatus" -ne 0 ] && [[ "$lost" == *"FAIL  card.status  (the card is lost)"* ]] && [ "$nobody" -ne 0 ] && grep -q "error: " "$work/nobody.err"'

# Reading a person at the command line goes through the gate like any read: a named officer, a purpose,
# an access-log entry with the officer as actor; an officer of another ward is refused.
person() { $bin person "$@" --database "$cdb"; }
shown=$(person show "$holder" --officer counter --purpose residence-management)
history=$(person history "$holder" --officer centre --purpose civil-status)
set +e; person show "$holder" --officer counter 2> "$work/nopurpose.err" >/dev/null; nopurpose=$?
person show "$holder" --officer ward.nobody --purpose residence-management 2> /dev/null >/dev/null; nobody=$?; set -e
logged=$(sqlite3 "$work/cards-access-log.sqlite" "SELECT actor || ' ' || action || ' ' || purpose FROM access_log WHERE subject = '$holder' AND action IN ('read', 'history') ORDER BY id")
check "person show and history print the record through the gate, each read logged with its officer and purpose; no purpose or officer: refused" '[[ "$shown" == "version "* ]] && [[ "$shown" == *"\"personalNumber\" : \"$holder\""* ]] && [[ -n "$history" ]] && [[ "$logged" == *"counter read residence-management"*"centre history civil-status"* ]] && [ "$nopurpose" -ne 0 ] && [ "$nobody" -ne 0 ]'

# Relying parties: registered with a secret shown once; every bad field named, nothing registered.
oidc() { $bin oidc client "$@" --data-dir "$kdir" --database "sqlite:$work/oidc.sqlite"; }
registered=$(oidc add --client-id dvc-test --name "Cổng thử" --redirect-uri https://dvc.example/cb --scopes "openid profile" \
  --legal-basis "Nghị định 69/2024" --auth client_secret_basic)
set +e; oidc add --client-id x --name "Xấu" --redirect-uri http://evil.example/cb --scopes profile --legal-basis "-" \
  --auth private_key_jwt 2> "$work/oidc.err" >/dev/null; badclient=$?; set -e
check "oidc client add prints a secret once; a bad one exits non-zero naming each field" '[[ "$registered" == *"client_secret: "* ]] && [ "$badclient" -ne 0 ] && grep -q "clientId" "$work/oidc.err" && grep -q "redirectURIs\[0\]" "$work/oidc.err" && grep -q "scopes" "$work/oidc.err" && grep -q "jwks" "$work/oidc.err" && [ "$(sqlite3 "$work/oidc.sqlite" "SELECT COUNT(*) FROM oidc_clients")" = 1 ]'

# Member systems of the exchange gateway: an administrator's acts, each recorded; keys are public JWKs.
xdb="sqlite:$work/exchange.sqlite"
x() { $bin exchange "$@" --data-dir "$kdir" --database "$xdb"; }
$bin officer add --username x.admin --name "Quản trị" --role administrator --jurisdiction nation --database "$xdb" --data-dir "$kdir" >/dev/null
$bin officer add --username x.ward --name "Phường" --role commune-officer --jurisdiction ward:00004 --database "$xdb" --data-dir "$kdir" >/dev/null
openssl genpkey -algorithm ed25519 -out "$work/member.pem" 2>/dev/null
pub=$(openssl pkey -in "$work/member.pem" -pubout -outform DER | tail -c 32 | base64 | tr '+/' '-_' | tr -d '=\n')
priv=$(openssl pkey -in "$work/member.pem" -outform DER | tail -c 32 | base64 | tr '+/' '-_' | tr -d '=\n')
echo "{\"keys\": [{\"kty\": \"OKP\", \"crv\": \"Ed25519\", \"x\": \"$pub\", \"kid\": \"bhxh-thu-1\"}]}" > "$work/member.jwks"
echo "{\"keys\": [{\"kty\": \"OKP\", \"crv\": \"Ed25519\", \"x\": \"$pub\", \"d\": \"$priv\", \"kid\": \"bhxh-thu-2\"}]}" > "$work/leaked.jwks"
madded=$(x member add --officer x.admin --code BHXH --name-vi "Bảo hiểm xã hội Việt Nam" --name-en "Viet Nam Social Security" --kind ministry)
x subsystem add BHXH/THU-BHYT --officer x.admin >/dev/null
kadded=$(x key add BHXH/THU-BHYT --jwks "$work/member.jwks" --officer x.admin)
set +e
x member add --officer x.admin --code bhxh --name-vi "" --name-en "x" --kind ngo 2> "$work/member.err" >/dev/null; badmember=$?
x key add BHXH/THU-BHYT --jwks "$work/leaked.jwks" --officer x.admin 2> "$work/leaked.err" >/dev/null; leaked=$?
x member add --officer x.ward --code VCB --name-vi "Vietcombank" --name-en "Vietcombank" --kind bank 2> "$work/notadmin.err" >/dev/null; notadmin=$?
set -e
x key revoke bhxh-thu-1 --officer x.admin >/dev/null
x member disable BHXH --officer x.admin >/dev/null
mlisted=$(x member list --officer x.admin)
check "exchange: a member, its subsystem and an Ed25519 key registered, revoked and disabled, each change recorded; bad fields named, a leaked private key and a non-administrator refused" '[[ "$madded" == "registered member BHXH (ministry)" ]] && [[ "$kadded" == "registered key bhxh-thu-1 (ed25519) for BHXH/THU-BHYT" ]] && [ "$badmember" -ne 0 ] && grep -q "code:" "$work/member.err" && grep -q "nameVietnamese:" "$work/member.err" && grep -q "kind:" "$work/member.err" && [ "$leaked" -ne 0 ] && grep -q "keys\[0\].d" "$work/leaked.err" && [ "$notadmin" -ne 0 ] && grep -q "not an active administrator" "$work/notadmin.err" && [[ "$mlisted" == *"BHXH"*"DISABLED"*"key bhxh-thu-1  ed25519  REVOKED"* ]] && [ "$(sqlite3 "$work/exchange.sqlite" "SELECT group_concat(action, \" \") FROM (SELECT action FROM exchange_changes ORDER BY id)")" = "member-add subsystem-add key-add key-revoke member-disable" ]'

# Legal documents and grants: deny by default, so each service, field and purpose is granted by hand.
gdb="sqlite:$work/grants.sqlite"
g() { $bin exchange "$@" --data-dir "$kdir" --database "$gdb" --officer g.admin; }
$bin officer add --username g.admin --name "Quản trị" --role administrator --jurisdiction nation --database "$gdb" --data-dir "$kdir" >/dev/null
g member add --code BHXH --name-vi "Bảo hiểm xã hội Việt Nam" --name-en "Viet Nam Social Security" --kind ministry >/dev/null
g subsystem add BHXH/GIAM-DINH >/dev/null
lawadded=$(g law add --code 41/2024/QH15 --title "Luật Bảo hiểm xã hội" --article "Điều 10" --valid-from 2025-07-01)
granted=$(g grant add BHXH/GIAM-DINH --service verify --fields name,dateOfBirth,vitalStatus --purpose social-insurance --law 41/2024/QH15)
set +e
g grant add BHXH/GIAM-DINH --service person-data --fields name,salary --purpose social-insurance --law 41/2024/QH15 2> "$work/grant.err" >/dev/null; badgrant=$?
g grant add BHXH/GIAM-DINH --service verify --fields name --purpose social-insurance --law 1/2000/QH10 2> "$work/nolaw.err" >/dev/null; nolaw=$?
g law add --code "bad code" --title "" --valid-from 2025-07-01 --valid-to 2024-01-01 2> "$work/law.err" >/dev/null; badlaw=$?
set -e
g grant revoke 1 >/dev/null
g law end 41/2024/QH15 --on 2026-06-30 >/dev/null
glisted=$(g grant list)
check "exchange: a law and a grant registered, revoked and the law ended, each change recorded; an unknown field, law and a bad document refused naming each" '[[ "$lawadded" == "registered Luật Bảo hiểm xã hội 41/2024/QH15, Điều 10, in force from 2025-07-01" ]] && [[ "$granted" == "grant #1: BHXH/GIAM-DINH may use verify for name,dateOfBirth,vitalStatus for social-insurance under 41/2024/QH15" ]] && [ "$badgrant" -ne 0 ] && grep -q "fields\[1\]" "$work/grant.err" && [ "$nolaw" -ne 0 ] && grep -q "no legal document 1/2000/QH10" "$work/nolaw.err" && [ "$badlaw" -ne 0 ] && grep -q "code:" "$work/law.err" && grep -q "title:" "$work/law.err" && grep -q "validTo:" "$work/law.err" && [[ "$glisted" == *"#1  BHXH/GIAM-DINH  verify"*"REVOKED"* ]] && [ "$(sqlite3 "$work/grants.sqlite" "SELECT group_concat(action, \" \") FROM (SELECT action FROM exchange_changes ORDER BY id)")" = "member-add subsystem-add legal-document-add grant-add grant-revoke legal-document-end" ]'

# The public-service catalogue: the bundled 25 list; a procedure file with a mistake is refused with the
# file, the field and the reason, and the server does not start on it.
pdir="$work/procedures"; mkdir -p "$pdir"
plisted=$($bin procedures list)
printf '{"code": "dog-licence", "name": {"vi": "Giấy phép nuôi chó"}, "processingDay": 3}\n' > "$pdir/99-dog.json"
set +e
$bin procedures check "$pdir" 2> "$work/proc.err" >/dev/null; badproc=$?
DANCU_PROCEDURES="$pdir" timeout 60 $bin serve --data-dir "$work/proc-data" --port 8099 --demo-people 10 2> "$work/proc-serve.err" >/dev/null; badserve=$?
set -e
check "procedures: the 25 listed; a file with mistakes refused by check and by serve, naming file, field and reason" '[ "$(echo "$plisted" | wc -l)" = 25 ] && [[ "$plisted" == *"17  birth-residence-health-insurance"* ]] && [ "$badproc" -ne 0 ] && grep -q "99-dog.json: /processingDay: is not a member here" "$work/proc.err" && grep -q "99-dog.json: /name/en: is missing" "$work/proc.err" && [ "$badserve" -ne 0 ] && [ "$badserve" -ne 124 ] && grep -q "99-dog.json: /processingDay" "$work/proc-serve.err"'

# Data quality: every record measured through the gate (one access-log entry each, purpose
# data-quality), shares per dimension that are not all 100 % on the synthetic population.
wait "$quality" || echo "quality report exited with $?"
qlogged=$(sqlite3 "$work/b-access-log.sqlite" "SELECT COUNT(*) FROM access_log WHERE actor = 'system:quality' AND action = 'quality-scan' AND purpose = 'data-quality'")
check "quality report measures all $(sqlite3 "$work/b.sqlite" "SELECT COUNT(*) FROM persons") records, each read logged, with a realistic spread" 'python3 -c "
import json, sys
q = json.load(open(sys.argv[1])); n = q[\"nation\"]
assert n[\"records\"] == int(sys.argv[2]), n
assert all(0.5 < v <= 1 for v in n[\"shares\"].values()) and min(n[\"shares\"].values()) < 1, n
assert sum(p[\"records\"] for p in q[\"provinces\"]) == n[\"records\"]
" "$work/quality.json" "$(sqlite3 "$work/b.sqlite" "SELECT COUNT(*) FROM persons")" && [ "$qlogged" = "$(sqlite3 "$work/b.sqlite" "SELECT COUNT(*) FROM persons")" ]'

# Record linkage: a generated file with its truth deduplicated and scored; a malformed file gets
# every bad line by number, a non-zero exit and no output files.
$bin link generate --records 5000 --seed 5 --out "$work/link.csv" >/dev/null
$bin link dedupe "$work/link.csv" --out "$work/pairs.csv" --clusters "$work/clusters.csv" 2>/dev/null >/dev/null
linkscore=$($bin link evaluate --truth "$work/link.csv" --pairs "$work/pairs.csv" --clusters "$work/clusters.csv" --json)
check "link dedupe finds the generated duplicates (pairwise and cluster F1 > 0.95), a cluster for every record" 'python3 -c "
import json, sys
s = json.loads(sys.argv[1]); assert s[\"pairwise\"][\"f1\"] > 0.95 and s[\"clusters\"][\"f1\"] > 0.95, s
" "$linkscore" && [ "$(wc -l < "$work/clusters.csv")" = 5001 ] && head -1 "$work/pairs.csv" | grep -q "^record_id_a,record_id_b,match_probability"'
# Without personal numbers, m counted on labelled pairs as the register's queue does.
$bin link generate --records 5000 --seed 6 --number-share 0 --out "$work/nonumbers.csv" >/dev/null
$bin link dedupe "$work/nonumbers.csv" --labelled-m --threshold 0.99 --out "$work/pairs2.csv" --clusters "$work/clusters2.csv" 2>/dev/null >/dev/null
nonumbers=$($bin link evaluate --truth "$work/nonumbers.csv" --pairs "$work/pairs2.csv" --clusters "$work/clusters2.csv" --json)
check "link dedupe --labelled-m on a file with no personal numbers (pairwise precision > 0.95, recall > 0.8)" 'python3 -c "
import json, sys
s = json.loads(sys.argv[1])[\"pairwise\"]; assert s[\"precision\"] > 0.95 and s[\"recall\"] > 0.8, s
" "$nonumbers"'
{
  echo "record_id,full_name,sex,dob,personal_number,province_code,ward_code"
  echo "A1,Nguyễn Văn An,M,1990-05-17,001090123456,01,00004"
  echo "A2,Nguyen Van An,X,1990-05-17,,01,00004"
  echo "A3,Lê Thị Hoa,F,1990-02-30,,01,00004"
  echo "A1,Lê Thị Hoa,F,1990-02-03,,01,00004"
  echo "A5,Lê Thị Hoa,F,1990,12345678901234,01"
} > "$work/bad-link.csv"
set +e; $bin link dedupe "$work/bad-link.csv" --out "$work/bad-pairs.csv" --clusters "$work/bad-clusters.csv" 2> "$work/link.err" >/dev/null; badlink=$?; set -e
check "link dedupe on a malformed file: each bad line by number and column, non-zero exit, nothing written" '[ "$badlink" -ne 0 ] && grep -q "bad-link.csv:3: sex:" "$work/link.err" && grep -q "bad-link.csv:4: dob:" "$work/link.err" && grep -q "bad-link.csv:5: record_id: .A1. was already used on line 2" "$work/link.err" && grep -q "bad-link.csv:6: record: expected 7 fields" "$work/link.err" && [ ! -e "$work/bad-pairs.csv" ] && [ ! -e "$work/bad-clusters.csv" ]'

echo "cli checks: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
