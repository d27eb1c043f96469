"""Kill -9 of `dancu serve` while 1,000 deaths are being delivered: after a restart every death reaches the
member's receiver, none is lost, and any duplicate carries the same webhook-id (at least once).

    webhook_crash.py DANCU_BINARY WORK_DIR PORT

WORK_DIR holds the demo's dancu-data (made by the first start). Signs with http-message-signatures like
member_system.py; reads the demo database only to pick 1,000 living people."""
import json
import os
import signal
import sqlite3
import sys
import threading
import time
import uuid
from datetime import datetime, timedelta, timezone
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import requests
from cryptography.hazmat.primitives import serialization
from http_message_signatures import HTTPMessageSigner, algorithms
from http_message_signatures.resolvers import MappingKeyResolver

import dancu_server

BINARY, WORK, PORT = sys.argv[1], sys.argv[2], int(sys.argv[3])
# A death is recorded today, in Viet Nam's civil time: never before a birth in the synthetic register.
TODAY = datetime.now(timezone(timedelta(hours=7))).date().isoformat()
BASE, DATA = f"http://127.0.0.1:{PORT}", os.path.join(sys.argv[2], "dancu-data")
COUNT = 1000


def say(text):
    print("crash:", text, flush=True)


def fail(text):
    print("FAILED:", text, flush=True)
    sys.exit(1)


class Receiver(BaseHTTPRequestHandler):
    """Slow on purpose (0.8 s a delivery; DanCu has 32 in flight), so the server is killed with deliveries in
    flight and waiting."""
    got, lock = [], threading.Lock()
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        time.sleep(0.8)
        event = json.loads(body)
        with Receiver.lock:
            Receiver.got.append((event["data"]["personalNumber"], self.headers["webhook-id"]))
        self.send_response(204)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


class QuietServer(ThreadingHTTPServer):
    """A killed server drops its connections mid-delivery: that is the test, not an error to print."""

    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], (ConnectionError, BrokenPipeError)):
            super().handle_error(request, client_address)


def start():
    return dancu_server.start(BINARY, WORK, PORT, "serve-crash.log")


def main():
    server = start()
    try:
        run(server)
    finally:
        for running in [server] + SERVER:
            if running.poll() is None:
                running.kill()


SERVER = []


def run(server):
    with open(f"{DATA}/exchange/bhxh-giam-dinh-demo.pem", "rb") as pem:
        key = serialization.load_pem_private_key(pem.read(), password=None)
    signer = HTTPMessageSigner(signature_algorithm=algorithms.ED25519,
                               key_resolver=MappingKeyResolver(public_keys={}, private_keys={"bhxh-giam-dinh-demo": key}))
    database = sqlite3.connect(f"file:{DATA}/dancu.sqlite?mode=ro", uri=True)
    people = [row[0] for row in database.execute(
        "SELECT personal_number FROM persons WHERE vital_status = 'alive' ORDER BY personal_number LIMIT ?", (COUNT,))]
    database.close()
    if len(people) < COUNT:
        fail(f"the demo has only {len(people)} living people")

    receiver = QuietServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=receiver.serve_forever, daemon=True).start()
    body = json.dumps({"kinds": ["death"], "watch": people, "endpoint": f"http://127.0.0.1:{receiver.server_address[1]}/deaths",
                       "fields": ["name", "vitalStatus"]}).encode()
    request = requests.Request("POST", BASE + "/x/v1/subscriptions", data=body, headers={
        "Content-Type": "application/json", "DanCu-Purpose": "social-insurance", "DanCu-Legal-Basis": "26/2023/QH15"}).prepare()
    signer.sign(request, key_id="bhxh-giam-dinh-demo", nonce=uuid.uuid4().hex, label="sig1", body=body,
                covered_component_ids=("@method", "@target-uri", "content-digest", "dancu-purpose", "dancu-legal-basis"))
    subscribed = requests.Session().send(request)
    if subscribed.status_code != 201:
        fail(f"subscribing: {subscribed.status_code} {subscribed.text}")

    with open(f"{DATA}/demo-credentials.txt") as f:
        password = next(line.split()[1] for line in f if line.split()[:1] == ["central.officer"])
    token = requests.post(BASE + "/v1/auth/login", json={"username": "central.officer", "password": password}).json()["token"]
    officer = {"Authorization": f"Bearer {token}", "DanCu-Purpose": "civil-status"}

    def record(number):
        """The death; a spouse's death recorded meanwhile changes the record (widowed), so read it again."""
        session = requests.Session()
        for _ in range(5):
            etag = session.get(f"{BASE}/v1/persons/{number}", headers=officer).headers["ETag"]
            answer = session.post(f"{BASE}/v1/persons/{number}/events", headers={**officer, "If-Match": etag},
                                  json={"change": {"deathRecorded": {"date": TODAY}}, "validFrom": TODAY})
            if answer.status_code == 200:
                return None
            if answer.status_code != 412:
                break
        return f"recording {number}'s death: {answer.status_code} {answer.text}"

    started = time.time()
    with ThreadPoolExecutor(8) as pool:
        problems = [problem for problem in pool.map(record, people) if problem]
    if problems:
        fail(problems[0])
    with Receiver.lock:
        before = len({number for number, _ in Receiver.got})
    say(f"{COUNT} deaths recorded in {time.time() - started:.1f} s; {before} delivered when the server is killed")
    if before >= COUNT:
        fail("every death was delivered before the kill: nothing was tested")
    server.send_signal(signal.SIGKILL)
    server.wait()
    server = start()
    SERVER.append(server)
    say("restarted after kill -9")
    deadline = time.time() + 120
    while time.time() < deadline:
        with Receiver.lock:
            numbers = {number for number, _ in Receiver.got}
        if len(numbers) == COUNT:
            break
        time.sleep(0.5)
    server.send_signal(signal.SIGTERM)
    server.wait()
    with Receiver.lock:
        got = list(Receiver.got)
    numbers = {number for number, _ in got}
    missing = set(people) - numbers
    if missing:
        fail(f"{len(missing)} deaths never arrived, e.g. {sorted(missing)[:3]}")
    ids = {}
    for number, webhook_id in got:
        if ids.setdefault(number, webhook_id) != webhook_id:
            fail(f"{number} arrived under two webhook-ids: {ids[number]} and {webhook_id}")
    say(f"all {COUNT} deaths delivered, {len(got) - COUNT} duplicate(s), each under its first webhook-id")


if __name__ == "__main__":
    main()
