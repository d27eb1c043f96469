"""SIGTERM under load cuts no request.

    drain_check.py DANCU_BINARY WORK_DIR PORT

WORK_DIR holds a demo's dancu-data, its server stopped. The check starts `dancu serve --drain-seconds 2`,
puts eight clients on it (reads and births, each request on a connection of its own) and a balancer that
polls /health/ready every 100 ms and tells the clients to stop once it answers 503, as a load balancer
takes a server out of rotation. Then it sends SIGTERM and checks:
  - /health/ready answers 503 within a second, while the server still answers requests;
  - every request sent gets its whole answer: none is cut (a connection reset or closed before the
    answer), none answered 5xx;
  - the server exits 0 after the drain, its log naming each step;
  - every birth answered 201 is in the register when it starts again."""
import http.client
import json
import os
import signal
import sqlite3
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


def start(drain):
    return dancu_server.start(BINARY, WORK, PORT, "serve-drain.log", ["--drain-seconds", str(drain)])


def call(method, path, headers, body=None):
    """(status, body) of one request on its own connection; 'refused' if the server took no connection,
    'cut' if it took the request and gave no whole answer."""
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
    try:
        connection.connect()
    except ConnectionRefusedError:
        return "refused", None
    try:
        connection.request(method, path, body=json.dumps(body) if body is not None else None,
                           headers={**headers, "Connection": "close", "Content-Type": "application/json"})
        answer = connection.getresponse()
        return answer.status, answer.read()
    except (ConnectionError, http.client.HTTPException, TimeoutError) as error:
        return "cut", repr(error)
    finally:
        connection.close()


def main():
    with open(os.path.join(DATA, "demo-credentials.txt")) as f:
        lines = [line.split() for line in f]
    ward = next(l[3] for l in lines if l[:1] == ["commune.officer"]).removeprefix("ward:")
    province = next(l[3] for l in lines if l[:1] == ["province.officer"]).removeprefix("province:")
    database = sqlite3.connect(f"file:{DATA}/dancu.sqlite?mode=ro", uri=True)
    people = [r[0] for r in database.execute("SELECT personal_number FROM persons WHERE vital_status = 'alive' LIMIT 200")]
    database.close()

    server = start(drain=2)
    token = requests.post(f"http://127.0.0.1:{PORT}/v1/auth/login", json={
        "username": "central.officer", "password": demo_officer_password(DATA, "central.officer")}).json()["token"]
    headers = {"Authorization": f"Bearer {token}", "DanCu-Purpose": "civil-status"}
    place = {"country": "VNM", "provinceCode": province, "wardCode": ward, "unitList": "current"}
    birth = {"name": "Phạm Minh Châu", "sex": "female", "dateOfBirth": TODAY, "placeOfBirth": place, "birthRegistrationPlace": place,
             "ethnicity": "01", "religion": "none", "nationality": "VNM", "multipleBirth": True}
    out_of_rotation = threading.Event()
    lock, outcomes, born = threading.Lock(), [], []
    signalled, not_ready_at = [None], [None]

    def client(k):
        n = 0
        while not out_of_rotation.is_set():
            n += 1
            if n % 3 == 0:
                status, body = call("POST", "/v1/births", {**headers, "Idempotency-Key": uuid.uuid4().hex}, birth)
                if status == 201:
                    with lock:
                        born.append(json.loads(body)["person"]["personalNumber"])
            else:
                status, body = call("GET", f"/v1/persons/{people[(k * 31 + n) % len(people)]}", headers)
            with lock:
                outcomes.append((time.time(), status, body if status in ("cut",) or (isinstance(status, int) and status >= 500) else None))

    def balancer():
        while True:
            status, _ = call("GET", "/health/ready", {})
            if status != 200:
                not_ready_at[0] = time.time()
                out_of_rotation.set()
                return
            time.sleep(0.1)

    threads = [threading.Thread(target=client, args=(k,)) for k in range(8)] + [threading.Thread(target=balancer)]
    for thread in threads:
        thread.start()
    time.sleep(2)
    signalled[0] = time.time()
    server.send_signal(signal.SIGTERM)
    for thread in threads:
        thread.join(timeout=60)
    code = server.wait(timeout=60)

    expect(not_ready_at[0] is not None and not_ready_at[0] - signalled[0] < 1.0,
           f"/health/ready answered 503 {not_ready_at[0] - signalled[0]:.2f} s after SIGTERM")
    after = [o for o in outcomes if o[0] > signalled[0]]
    answered_after = [o for o in after if o[1] == 200 or o[1] == 201]
    expect(answered_after, f"the server kept answering after SIGTERM ({len(answered_after)} answers)")
    cut = [o for o in outcomes if o[1] == "cut"]
    failed = [o for o in outcomes if isinstance(o[1], int) and o[1] >= 500]
    refused = [o for o in outcomes if o[1] == "refused"]
    expect(not cut and not failed and not refused,
           f"{len(outcomes)} requests, {len(after)} of them after SIGTERM: none cut, none refused, none 5xx {(cut + failed + refused)[:2]}")
    expect(code == 0, "the server exited 0 after draining")
    with open(os.path.join(WORK, "serve-drain.log")) as f:
        log = f.read()
    expect("/health/ready answers 503" in log and "finishing the requests in flight" in log and '"stopped"' in log,
           "the log names each step of the stop")

    database = sqlite3.connect(f"file:{DATA}/dancu.sqlite?mode=ro", uri=True)
    present = {r[0] for r in database.execute("SELECT personal_number FROM persons WHERE personal_number IN (%s)" % ",".join("?" * len(born)), born)}
    database.close()
    expect(len(present) == len(born), f"all {len(born)} births answered 201 are in the register")
    ok("drain: SIGTERM under load cut no request")


if __name__ == "__main__":
    main()
