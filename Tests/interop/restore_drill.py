"""The restore drill: back up while births are being registered, write more, restore into a new directory,
and compare the restored databases with the original, with sqlite3 (no code shared with DanCu).

    restore_drill.py DANCU_BINARY WORK_DIR PORT

WORK_DIR holds a demo's dancu-data (SQLite), its server stopped. The drill starts `dancu serve` on it,
registers births from four clients, runs `dancu backup` meanwhile, registers more, stops the server,
restores the backup with `dancu restore` (the master key given apart) and checks:
  - every birth answered before the backup began is in the restored register; none begun after it ended;
  - every restored life event, card event and access-log entry is the original's, unchanged (the restore
    is the original as it was at one moment: a prefix of each history);
  - `dancu serve` starts on the restored directory (its transparency log audited), an officer signs in,
    reads a person born before the backup, and a card's chip still verifies (the keys came back)."""
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from datetime import datetime, timedelta, timezone

import requests

from checks import demo_officer_password, expect, ok
import dancu_server

BINARY, WORK, PORT = sys.argv[1], sys.argv[2], int(sys.argv[3])
DATA = os.path.join(WORK, "dancu-data")
TODAY = datetime.now(timezone(timedelta(hours=7))).date().isoformat()


def birth_body(ward, province):
    place = {"country": "VNM", "provinceCode": province, "wardCode": ward, "unitList": "current"}
    return {"name": "Trần Thị Lan", "sex": "female", "dateOfBirth": TODAY, "placeOfBirth": place, "birthRegistrationPlace": place,
            "ethnicity": "01", "religion": "none", "nationality": "VNM", "multipleBirth": True}


def register_births(base, token, body, stop, answered):
    session = requests.Session()
    headers = {"Authorization": f"Bearer {token}", "DanCu-Purpose": "civil-status"}
    while not stop.is_set():
        began = time.time()
        answer = session.post(base + "/v1/births", json=body, headers={**headers, "Idempotency-Key": uuid.uuid4().hex}, timeout=30)
        if answer.status_code != 201:
            answered.append(("error", began, time.time(), f"{answer.status_code} {answer.text[:200]}"))
            return
        answered.append(("born", began, time.time(), answer.json()["person"]["personalNumber"]))


def rows(path, sql):
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


def main():
    base = f"http://127.0.0.1:{PORT}"
    server = dancu_server.start(BINARY, WORK, PORT, "serve-drill.log")
    try:
        with open(os.path.join(DATA, "demo-credentials.txt")) as f:
            lines = [line.split() for line in f]
        ward = next(l[3] for l in lines if l[:1] == ["commune.officer"]).removeprefix("ward:")
        province = next(l[3] for l in lines if l[:1] == ["province.officer"]).removeprefix("province:")
        token = requests.post(base + "/v1/auth/login", json={"username": "central.officer",
                              "password": demo_officer_password(DATA, "central.officer")}).json()["token"]
        stop, answered = threading.Event(), []
        clients = [threading.Thread(target=register_births, args=(base, token, birth_body(ward, province), stop, answered)) for _ in range(4)]
        for client in clients:
            client.start()
        time.sleep(1.5)
        backup = os.path.join(WORK, "backup")
        backup_began = time.time()
        made = subprocess.run([BINARY, "backup", "--to", backup], cwd=WORK, capture_output=True, text=True)
        backup_ended = time.time()
        expect(made.returncode == 0, f"dancu backup while births are registered: {made.stdout.strip()} {made.stderr.strip()[-300:]}")
        time.sleep(1.5)
        stop.set()
        for client in clients:
            client.join()
        errors = [a for a in answered if a[0] == "error"]
        expect(not errors, f"every birth answered 201 ({len(answered)} births; {errors[:1]})")
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait()

    before = [a[3] for a in answered if a[2] < backup_began]
    after = [a[3] for a in answered if a[1] > backup_ended]
    expect(before and after, f"births before the backup ({len(before)}) and after it ({len(after)})")

    restored_work = os.path.join(WORK, "restored")
    os.makedirs(restored_work)
    restored_data = os.path.join(restored_work, "dancu-data")
    key = os.path.join(DATA, "keys", "master.key")
    refused = subprocess.run([BINARY, "restore", backup, "--data-dir", restored_data], capture_output=True, text=True)
    expect(refused.returncode != 0 and "master key" in refused.stderr,
           "a restore without the master key is refused with the reason (the backup holds only sealed keys)")
    expect(not os.path.exists(os.path.join(restored_data, "dancu.sqlite")), "the refused restore wrote no database")
    done = subprocess.run([BINARY, "restore", backup, "--data-dir", restored_data, "--master-key", key], capture_output=True, text=True)
    expect(done.returncode == 0, f"dancu restore checks the restored log: {done.stdout.strip()} {done.stderr.strip()[-300:]}")
    again = subprocess.run([BINARY, "restore", backup, "--data-dir", restored_data, "--master-key", key], capture_output=True, text=True)
    expect(again.returncode != 0 and "never overwrites" in again.stderr, "a restore over an existing database is refused")

    original, restored = os.path.join(DATA, "dancu.sqlite"), os.path.join(restored_data, "dancu.sqlite")
    present = {n for (n,) in rows(restored, "SELECT personal_number FROM persons")}
    missing = [n for n in before if n not in present]
    expect(not missing, f"all {len(before)} births answered before the backup began are restored")
    late = [n for n in after if n in present]
    expect(not late, f"none of the {len(after)} births begun after the backup ended is restored")

    def same_prefix(table, key_columns, columns, original_path, restored_path):
        sql = f"SELECT {', '.join(key_columns + columns)} FROM {table}"
        kept = {row[:len(key_columns)]: row for row in rows(original_path, sql)}
        changed = [row for row in rows(restored_path, sql) if kept.get(row[:len(key_columns)]) != row]
        return changed, len(kept)

    changed, total = same_prefix("life_events", ["personal_number", "seq"], ["kind", "valid_from", "recorded_at", "officer", "payload"],
                                 original, restored)
    expect(not changed, f"every restored life event is the original's ({total} in the original)")
    changed, total = same_prefix("card_events", ["card_id", "seq"], ["event", "status", "officer", "at"], original, restored)
    expect(not changed, f"every restored card event is the original's ({total} in the original)")
    log, restored_log = (os.path.join(d, "dancu-access-log.sqlite") for d in (DATA, restored_data))
    changed, total = same_prefix("access_log", ["id"], ["request_id", "actor", "subject", "action", "purpose", "decision"], log, restored_log)
    expect(not changed, f"every restored access-log entry is the original's, in its place ({total} in the original)")
    restored_max = rows(restored_log, "SELECT coalesce(max(id), 0) FROM access_log")[0][0]
    gaps = rows(log, f"SELECT count(*) FROM access_log WHERE id <= {restored_max}")[0][0] - rows(restored_log, "SELECT count(*) FROM access_log")[0][0]
    expect(gaps == 0, "the restored access log has no hole: every original entry up to its last is there")

    server = dancu_server.start(BINARY, restored_work, PORT, "serve-restored.log")
    try:
        officer = requests.post(base + "/v1/auth/login", json={"username": "central.officer",
                                "password": demo_officer_password(DATA, "central.officer")})
        expect(officer.status_code == 201, "the restored server starts (its log audited) and the officer signs in")
        headers = {"Authorization": f"Bearer {officer.json()['token']}", "DanCu-Purpose": "civil-status"}
        read = requests.get(f"{base}/v1/persons/{before[0]}", headers=headers)
        expect(read.status_code == 200 and read.json()["person"]["personalNumber"] == before[0], "a person born before the backup is read")
        with open(os.path.join(restored_data, "demo-cards.txt")) as f:
            card = f.readline().strip()
        chip = requests.get(f"{base}/v1/cards/{card}/chip", headers={**headers, "DanCu-Purpose": "identity-card"})
        bank = requests.post(base + "/v1/auth/login", json={"username": "demo.bank", "password": demo_officer_password(DATA, "demo.bank")})
        verdict = requests.post(base + "/v1/cards/verify", data=chip.content, headers={
            "Authorization": f"Bearer {bank.json()['token']}", "DanCu-Purpose": "identity-verification", "Content-Type": "application/json"})
        expect(verdict.status_code == 200 and verdict.json()["verdict"]["valid"], "a card's chip verifies against the restored keys")
        checkpoint = requests.get(base + "/transparency/checkpoint")
        expect(checkpoint.status_code == 200, "the restored transparency log serves its checkpoint")
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait()
    ok(f"restore drill: {len(before)} births before the backup restored, {len(after)} after it absent")


if __name__ == "__main__":
    main()
