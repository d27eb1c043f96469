"""Kill -9 of `dancu serve` while a batch verification is being worked: after a restart the batch goes on
where it stopped and finishes, every line answered once, in order, and the results' signed digest is
their content's.

    batch_crash.py DANCU_BINARY WORK_DIR PORT [LINES]

WORK_DIR holds the demo's dancu-data (made by a first start). Signs with http-message-signatures like
member_system.py; reads the demo database only to pick people and their names."""
import base64
import hashlib
import json
import os
import signal
import sqlite3
import sys
import time
import uuid

import requests
from cryptography.hazmat.primitives import serialization
from http_message_signatures import HTTPMessageSigner, algorithms
from http_message_signatures.resolvers import MappingKeyResolver

import dancu_server

BINARY, WORK, PORT = sys.argv[1], sys.argv[2], int(sys.argv[3])
LINES = int(sys.argv[4]) if len(sys.argv) > 4 else 100_000
BASE, DATA = f"http://127.0.0.1:{PORT}", os.path.join(WORK, "dancu-data")
KEY_ID = "bhxh-giam-dinh-demo"


def say(text):
    print("batch crash:", text, flush=True)


def fail(text):
    print("FAILED:", text, flush=True)
    sys.exit(1)


def start():
    return dancu_server.start(BINARY, WORK, PORT, "serve-batch-crash.log")


with open(f"{DATA}/exchange/{KEY_ID}.pem", "rb") as pem:
    SIGNER = HTTPMessageSigner(signature_algorithm=algorithms.ED25519, key_resolver=MappingKeyResolver(
        public_keys={}, private_keys={KEY_ID: serialization.load_pem_private_key(pem.read(), password=None)}))


def signed(method, path, body=None, content_type=None):
    headers = {"DanCu-Purpose": "social-insurance", "DanCu-Legal-Basis": "26/2023/QH15"}
    if content_type:
        headers["Content-Type"] = content_type
    request = requests.Request(method, BASE + path, data=body, headers=headers).prepare()
    covered = ["@method", "@target-uri"] + (["content-digest"] if body else []) + ["dancu-purpose", "dancu-legal-basis"]
    SIGNER.sign(request, key_id=KEY_ID, nonce=uuid.uuid4().hex, label="sig1", covered_component_ids=covered, body=body)
    return requests.Session().send(request)


def status(batch):
    answer = signed("GET", f"/x/v1/verify/batches/{batch}")
    if answer.status_code != 200:
        fail(f"reading the batch: {answer.status_code} {answer.text}")
    return answer.json()


def main():
    database = sqlite3.connect(f"file:{DATA}/dancu.sqlite?mode=ro", uri=True)
    people = database.execute(
        "SELECT personal_number, full_name, birth_year FROM persons WHERE vital_status = 'alive' ORDER BY personal_number").fetchall()
    database.close()
    if not people:
        fail("the demo has no living people")
    lines = [{"personalNumber": n, "name": name, "dateOfBirth": str(year)} for n, name, year in
             (people[i % len(people)] for i in range(LINES))]
    body = "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines).encode()

    server = start()
    try:
        sent = signed("POST", "/x/v1/verify/batches", body, "application/x-ndjson")
        if sent.status_code != 202:
            fail(f"sending the batch: {sent.status_code} {sent.text}")
        batch = sent.json()["id"]
        deadline = time.time() + 120
        job = sent.json()
        while job["processed"] == 0 and time.time() < deadline:
            time.sleep(0.05)
            job = status(batch)
        if job["status"] == "done" or job["processed"] >= LINES:
            fail("the whole batch was worked before the kill: nothing was tested")
        server.send_signal(signal.SIGKILL)
        server.wait()
        say(f"{LINES:,} lines sent ({len(body):,} bytes); killed with {job['processed']:,} done")
        server = start()
        started = time.time()
        job = status(batch)
        while job["status"] not in ("done", "failed") and time.time() < started + 300:
            time.sleep(0.5)
            job = status(batch)
        if job["status"] != "done" or job["processed"] != LINES:
            fail(f"the batch did not finish after the restart: {job}")
        say(f"restarted; the batch went on and finished in {time.time() - started:.1f} s")
        results = signed("GET", job["results"])
        if results.status_code != 200:
            fail(f"reading the results: {results.status_code} {results.text}")
        digest = "sha-256=:" + base64.b64encode(hashlib.sha256(results.content).digest()).decode() + ":"
        if results.headers.get("Content-Digest") != digest:
            fail("the results' signed Content-Digest is not their content's")
        answers = [json.loads(line) for line in results.content.decode().splitlines()]
        if [a["line"] for a in answers] != list(range(1, LINES + 1)):
            fail("the results are not one a line, in order, each once")
        unmatched = [a for a in answers if a.get("match") is not True]
        if unmatched or job["matched"] != LINES:
            fail(f"{len(unmatched)} lines of the register's own values did not match, e.g. {unmatched[:1]}")
        say(f"all {LINES:,} lines answered once, in order, each a match; the digest DanCu signed is the results'")
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait()


if __name__ == "__main__":
    main()
