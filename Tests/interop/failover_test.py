"""The primary dies under load: how long until DanCu writes again, how long reads were unavailable, and
whether any acknowledged write is missing afterwards.

    failover_test.py DANCU_BINARY WORK_DIR PORT HA_DIR MONITOR_PORT URL MODE [READ_URL]

HA_DIR is `scripts/pg-ha.sh up`'s directory (a pg_auto_failover monitor and two nodes), URL its
multi-host URL. `dancu serve` runs over URL with a small demo (and with READ_URL as --read-database, its
searches on the standby). Four clients register births, four read people and two search, at a steady
rate, each request timed. After 5 s the primary is struck:

  postmaster   kill -9 of the primary's postmaster (its keeper may restart it, or the monitor fail over)
  node         kill -9 of the primary's whole node (its keeper, its postmaster, its backends): the monitor
               fails over
  stop         SIGSTOP of the primary's whole node: a hung host, whose sockets stay open and say nothing
               (continued at the end, when the monitor has demoted it)
  partition    the primary cut off the network (`scripts/pg-ha.sh cut`: it runs in a network namespace
               of its own, DANCU_HA_NETNS=1), joined again at the end

The clients go on for 30 s. Then the check prints the time from the strike until births succeed again,
the time reads were unavailable, and the acknowledged births missing from the primary of the end (read
there with psql). It exits 1 if any is missing, if writes are not back within 15 s, or if any request took
longer than 30 s (a request must be answered, 503 at worst, never left hanging)."""
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from datetime import datetime, timedelta, timezone

import requests

from checks import demo_officer_password

BINARY, WORK, PORT, HA, MONITOR, URL, MODE = sys.argv[1:8]
READ_URL = sys.argv[8] if len(sys.argv) > 8 else None
PORT, MONITOR = int(PORT), int(MONITOR)
BASE, DATA = f"http://127.0.0.1:{PORT}", os.path.join(WORK, "dancu-data")
TODAY = datetime.now(timezone(timedelta(hours=7))).date().isoformat()


def say(text):
    print(text, flush=True)


def monitor(sql):
    out = subprocess.run(["su", "postgres", "-c", f"cd / && psql -X -At -p {MONITOR} -d pg_auto_failover -c \"{sql}\""],
                         capture_output=True, text=True, check=True)
    return [line.split("|") for line in out.stdout.splitlines()]


def primary():
    """(name, "host:port") of the node the monitor has made the primary and that answers as one (not in recovery):
    the monitor's row for a dead node keeps what it last reported, and a node stopped and continued
    answers as a primary until its keeper demotes it."""
    rows = monitor("SELECT nodename, nodehost, nodeport, goalstate FROM pgautofailover.node ORDER BY nodename")
    for name, host, port, goal in rows:
        if goal not in ("primary", "wait_primary", "single"):
            continue
        out = subprocess.run(["psql", "-X", "-At", node_url(host, port), "-c", "SELECT pg_is_in_recovery()"], capture_output=True, text=True)
        if out.returncode == 0 and out.stdout.strip() == "f":
            return name, f"{host}:{port}"
    return None, None


def node_url(host, port):
    return f"postgres://dancu:dancu@{host}:{port}/dancu?connect_timeout=2"


def pg_ha(command):
    subprocess.run(["bash", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "scripts", "pg-ha.sh"), command], check=True)


def strike(node):
    """Strikes the node; returns what undoes the strike at the end (for a stopped node), or None."""
    if MODE == "partition":
        pg_ha("cut")
        return lambda: pg_ha("heal")
    with open(os.path.join(HA, node, "postmaster.pid")) as f:
        postmaster = int(f.readline())
    if MODE == "postmaster":
        os.kill(postmaster, signal.SIGKILL)
    elif MODE in ("node", "stop"):
        # The keeper's process group holds the postmaster; each backend has a session of its own.
        group = os.getpgid(postmaster)
        children = subprocess.run(["pgrep", "-P", str(postmaster)], capture_output=True, text=True).stdout.split()
        strikes = signal.SIGKILL if MODE == "node" else signal.SIGSTOP
        os.killpg(group, strikes)
        for pid in [postmaster] + [int(c) for c in children]:
            try:
                os.kill(pid, strikes)
            except ProcessLookupError:
                pass
        if MODE == "stop":
            def resume():
                os.killpg(group, signal.SIGCONT)
                for pid in [postmaster] + [int(c) for c in children]:
                    try:
                        os.kill(pid, signal.SIGCONT)
                    except ProcessLookupError:
                        pass
            return resume
    else:
        raise SystemExit(f"unknown mode {MODE}")
    return None


def main():
    log = open(os.path.join(WORK, "serve-failover.log"), "a")
    flags = ["--read-database", READ_URL] if READ_URL else []
    server = subprocess.Popen([BINARY, "serve", "--port", str(PORT), "--database", URL, "--demo-people", "500"] + flags, cwd=WORK,
                              stdout=log, stderr=log, env={**os.environ, "DANCU_BCRYPT_COST": "4"})
    try:
        for _ in range(240):
            try:
                if requests.get(BASE + "/health/ready", timeout=1).status_code == 200:
                    break
            except requests.RequestException:
                pass
            time.sleep(0.5)
        token = requests.post(BASE + "/v1/auth/login", json={"username": "central.officer",
                              "password": demo_officer_password(DATA, "central.officer")}).json()["token"]
        headers = {"Authorization": f"Bearer {token}", "DanCu-Purpose": "civil-status"}
        with open(os.path.join(DATA, "demo-credentials.txt")) as f:
            lines = [line.split() for line in f]
        ward = next(l[3] for l in lines if l[:1] == ["commune.officer"]).removeprefix("ward:")
        province = next(l[3] for l in lines if l[:1] == ["province.officer"]).removeprefix("province:")
        place = {"country": "VNM", "provinceCode": province, "wardCode": ward, "unitList": "current"}
        birth = {"name": "Vũ Thanh Tâm", "sex": "male", "dateOfBirth": TODAY, "placeOfBirth": place, "birthRegistrationPlace": place,
                 "ethnicity": "01", "religion": "none", "nationality": "VNM", "multipleBirth": True}
        people = [p["personalNumber"] for p in requests.get(BASE + "/v1/persons?name=nguyen&limit=50", headers=headers).json()["items"]]

        stop, lock, outcomes, born = threading.Event(), threading.Lock(), [], []

        def writer():
            session = requests.Session()
            while not stop.is_set():
                began = time.time()
                try:
                    answer = session.post(BASE + "/v1/births", json=birth, headers={**headers, "Idempotency-Key": uuid.uuid4().hex}, timeout=60)
                    status = answer.status_code
                except requests.RequestException:
                    status = None
                with lock:
                    outcomes.append(("write", began, time.time(), status))
                    # 200: the birth's COMMIT was cut by the strike, and the Idempotency-Key found it done.
                    if status in (200, 201):
                        born.append(answer.json()["person"]["personalNumber"])
                time.sleep(0.05)

        answered = {}  # request id -> access-log entries its answer owes (a read: 1; a search: its hits)

        def getter(kind, path_of):
            """Sends GET path_of(n) for n = 1, 2, … until stopped, each answer's status timed, each with a request
            id of its own, so that its access-log entries can be counted afterwards."""
            session = requests.Session()
            n = 0
            while not stop.is_set():
                n += 1
                began = time.time()
                request_id = f"fo-{kind}-{uuid.uuid4().hex[:16]}"
                try:
                    answer = session.get(BASE + path_of(n), headers={**headers, "X-Request-Id": request_id}, timeout=60)
                    status = answer.status_code
                    if status == 200:
                        answered[request_id] = len(answer.json()["items"]) if kind == "search" else 1
                except requests.RequestException:
                    status = None
                with lock:
                    outcomes.append((kind, began, time.time(), status))
                time.sleep(0.05)

        def reader(k):
            getter("read", lambda n: f"/v1/persons/{people[(k + n) % len(people)]}")

        def searcher():
            getter("search", lambda n: "/v1/persons?name=nguyen&limit=5")

        threads = ([threading.Thread(target=writer) for _ in range(4)] + [threading.Thread(target=reader, args=(k,)) for k in range(4)]
                   + [threading.Thread(target=searcher) for _ in range(2)])
        for thread in threads:
            thread.start()
        time.sleep(5)
        node, address = primary()
        struck = time.time()
        undo = strike(node)
        say(f"failover ({MODE}): struck {node} ({address}) under load")
        time.sleep(30)
        stop.set()
        for thread in threads:
            thread.join()
        if undo:
            undo()
        new_node, new_address = primary()

        after = sorted(o for o in outcomes if o[2] > struck)
        writes_back = next((o[2] - struck for o in after if o[0] == "write" and o[3] in (200, 201) and o[1] > struck), None)
        failed_writes = [o for o in after if o[0] == "write" and o[3] not in (200, 201)]
        failed_reads = [o for o in after if o[0] == "read" and o[3] != 200]
        failed_searches = [o for o in after if o[0] == "search" and o[3] != 200]

        def gap(failed):
            return (max(o[2] for o in failed) - min(o[1] for o in failed)) if failed else 0.0

        read_gap, search_gap = gap(failed_reads), gap(failed_searches)
        slowest = max((o[2] - o[1] for o in after), default=0.0)
        slowest_of = {kind: max((o[2] - o[1] for o in after if o[0] == kind), default=0.0) for kind in ("write", "read", "search")}
        errors = sorted({str(o[3]) for o in failed_writes + failed_reads + failed_searches})
        quoted = ",".join(f"'{n}'" for n in born) or "''"
        present = set()
        if new_address is None:
            say(f"failover ({MODE}): the monitor reports no primary: {monitor('SELECT nodename, reportedstate FROM pgautofailover.node')}")
        else:
            out = subprocess.run(["psql", "-X", "-At", node_url(*new_address.split(":")), "-c",
                                  f"SELECT personal_number FROM persons WHERE personal_number IN ({quoted})"], capture_output=True, text=True)
            present = set(out.stdout.split())
            if out.returncode != 0:
                say(f"failover ({MODE}): reading the births on {new_node}: {out.stderr.strip()}")
        missing = [n for n in born if n not in present]
        # Every answered read and search has its access-log entries: those spooled on the server while no
        # primary could take them reach the log within a minute (uncertain ones wait 20 s first).
        unlogged, waited = None, 0.0
        if new_address is not None:
            began = time.time()
            while True:
                out = subprocess.run(["psql", "-X", "-At", "-F", " ", node_url(*new_address.split(":")), "-c",
                                      "SELECT request_id, COUNT(*) FROM access_log WHERE request_id LIKE 'fo-%' GROUP BY request_id"],
                                     capture_output=True, text=True)
                logged = {line.split()[0]: int(line.split()[1]) for line in out.stdout.split("\n") if line.strip()}
                unlogged = sum(1 for rid, owed in answered.items() if logged.get(rid, 0) < owed)
                duplicated = sum(1 for rid, owed in answered.items() if logged.get(rid, 0) > owed)
                waited = time.time() - began
                if unlogged == 0 or waited > 60:
                    break
                time.sleep(1)
        say(f"failover ({MODE}): primary {node} -> {new_node}; writes back after {writes_back if writes_back is None else round(writes_back, 1)} s; "
            f"reads unavailable {read_gap:.1f} s, searches {search_gap:.1f} s{' (on the standby)' if READ_URL else ''}; "
            f"{len(failed_writes)} writes, {len(failed_reads)} reads and {len(failed_searches)} searches failed meanwhile "
            f"(statuses {', '.join(errors) or 'none'}); slowest answer {slowest:.1f} s (writes {slowest_of['write']:.1f}, "
            f"reads {slowest_of['read']:.1f}, searches {slowest_of['search']:.1f}); {len(born)} births acknowledged, {len(missing)} missing; "
            f"{len(answered)} reads and searches answered, {unlogged} without their access-log entries"
            f"{f' ({duplicated} with more than theirs)' if unlogged is not None and duplicated else ''} after {waited:.0f} s")
        if missing or writes_back is None or writes_back > 15 or slowest > 30 or unlogged != 0:
            sys.exit(1)
    except Exception as error:  # noqa: BLE001: said before the stop, which may hang and exit
        say(f"FAILED: {error!r}")
        raise
    finally:
        server.terminate()
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
            say("FAILED: dancu serve did not stop within 60 s of SIGTERM")
            sys.exit(1)


if __name__ == "__main__":
    main()
