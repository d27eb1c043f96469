"""The database goes away under a running server, and comes back.

    outage_check.py DANCU_BINARY WORK_DIR PORT DATABASE_URL STOP_COMMAND START_COMMAND

`dancu serve` runs over DATABASE_URL (a PostgreSQL cluster of the check's own, with the demo). The check
stops the cluster with STOP_COMMAND (a shell command: an immediate shutdown, as a crash) and checks:
  - /health/ready answers 503 within 3 s, and answers it within 3 s each time it is asked;
  - a request that needs the database answers 503 with Retry-After (the pool's wait, then a clear
    refusal), not 500, and the process keeps running;
then starts the cluster with START_COMMAND and checks, without restarting DanCu:
  - /health/ready answers 200 again within 10 s;
  - an officer signs in, reads a person and registers a birth;
  - the log says once that the database went away and once that it came back."""
import os
import subprocess
import sys
import time
import uuid
from datetime import datetime, timedelta, timezone

import requests

from checks import demo_officer_password, expect, ok

BINARY, WORK, PORT, DATABASE, STOP, START = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5], sys.argv[6]
BASE, DATA = f"http://127.0.0.1:{PORT}", os.path.join(WORK, "dancu-data")
TODAY = datetime.now(timezone(timedelta(hours=7))).date().isoformat()


def ready():
    began = time.time()
    try:
        status = requests.get(BASE + "/health/ready", timeout=10).status_code
    except requests.RequestException:
        status = None
    return status, time.time() - began


def main():
    log_path = os.path.join(WORK, "serve-outage.log")
    log = open(log_path, "a")
    server = subprocess.Popen([BINARY, "serve", "--port", str(PORT), "--database", DATABASE, "--demo-people", "500"], cwd=WORK,
                              stdout=log, stderr=log, env={**os.environ, "DANCU_BCRYPT_COST": "4"})
    try:
        for _ in range(240):
            if ready()[0] == 200:
                break
            time.sleep(0.5)
        expect(ready()[0] == 200, "dancu serve is ready over its PostgreSQL cluster")
        password = demo_officer_password(DATA, "central.officer")
        token = requests.post(BASE + "/v1/auth/login", json={"username": "central.officer", "password": password}).json()["token"]
        headers = {"Authorization": f"Bearer {token}", "DanCu-Purpose": "civil-status"}
        number = requests.get(BASE + "/v1/persons?name=nguyen&limit=1", headers=headers).json()["items"][0]["personalNumber"]

        subprocess.run(STOP, shell=True, check=True)
        stopped = time.time()
        seen = None
        while time.time() - stopped < 10:
            status, took = ready()
            expect(took < 3, f"/health/ready answers within 3 s while the database is away ({took:.1f} s)") if status != 200 else None
            if status == 503:
                seen = time.time() - stopped
                break
            time.sleep(0.2)
        expect(seen is not None and seen < 3, f"/health/ready answered 503 {seen:.1f} s after the database went away")
        answer = requests.get(f"{BASE}/v1/persons/{number}", headers=headers, timeout=60)
        expect(answer.status_code == 503 and answer.headers.get("Retry-After") and
               answer.headers.get("Content-Type", "").startswith("application/problem+json"),
               f"a read while the database is away answers 503 with Retry-After ({answer.status_code})")
        expect(server.poll() is None, "the server keeps running")

        subprocess.run(START, shell=True, check=True)
        started = time.time()
        back = None
        while time.time() - started < 10:
            if ready()[0] == 200:
                back = time.time() - started
                break
            time.sleep(0.2)
        expect(back is not None, f"/health/ready answers 200 again {back:.1f} s after the database came back, without a restart")
        read = requests.get(f"{BASE}/v1/persons/{number}", headers=headers)
        expect(read.status_code == 200, "the officer's token still works and a person is read")
        with open(os.path.join(DATA, "demo-credentials.txt")) as f:
            lines = [line.split() for line in f]
        ward = next(l[3] for l in lines if l[:1] == ["commune.officer"]).removeprefix("ward:")
        province = next(l[3] for l in lines if l[:1] == ["province.officer"]).removeprefix("province:")
        place = {"country": "VNM", "provinceCode": province, "wardCode": ward, "unitList": "current"}
        birth = requests.post(BASE + "/v1/births", headers={**headers, "Idempotency-Key": uuid.uuid4().hex}, json={
            "name": "Đỗ Quang Sơn", "sex": "male", "dateOfBirth": TODAY, "placeOfBirth": place, "birthRegistrationPlace": place,
            "ethnicity": "01", "religion": "none", "nationality": "VNM"})
        expect(birth.status_code == 201, f"a birth is registered after the database came back ({birth.status_code})")
        time.sleep(1.5)
        with open(log_path) as f:
            text = f.read()
        expect(text.count("database unreachable") == 1 and text.count("database reachable again") == 1,
               "the log says once that the database went away and once that it came back")
    finally:
        server.terminate()
        server.wait(timeout=60)
    ok("outage: readiness followed the database, and the server reconnected by itself")


if __name__ == "__main__":
    main()
