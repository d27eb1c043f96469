"""A fixed-rate mixed load on a running `dancu serve`, with the server's memory, open files, database
and WAL size and the answers' latency sampled every minute; at the end, whether anything grew without
bound. Driven by bench/soak.sh.

    soak.py BASE_URL DATA_DIR SERVER_PID MINUTES RATE DATABASE

RATE requests a second in all, sent on a schedule whatever the answers' speed (an open loop, up to 64 in
flight): half person reads, a fifth searches, births, member verifications (signed as RFC 9421 asks, by
http-message-signatures from PyPI) and officer sign-ins. DATABASE is sqlite or the postgres:// URL."""
import json
import os
import statistics
import subprocess
import sys
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone

import requests
from cryptography.hazmat.primitives import serialization
from http_message_signatures import HTTPMessageSigner, algorithms
from http_message_signatures.resolvers import MappingKeyResolver

BASE, DATA, PID, MINUTES, RATE, DATABASE = sys.argv[1].rstrip("/"), sys.argv[2], int(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5]), sys.argv[6]
TODAY = datetime.now(timezone(timedelta(hours=7))).date().isoformat()
local = threading.local()


def session():
    if not hasattr(local, "session"):
        local.session = requests.Session()
    return local.session


def credentials():
    with open(os.path.join(DATA, "demo-credentials.txt")) as f:
        return {line.split()[0]: line.split() for line in f if len(line.split()) >= 4}


CREDENTIALS = credentials()
PASSWORD = CREDENTIALS["central.officer"][1]
TOKEN = requests.post(BASE + "/v1/auth/login", json={"username": "central.officer", "password": PASSWORD}).json()["token"]
HEADERS = {"Authorization": f"Bearer {TOKEN}", "DanCu-Purpose": "civil-status"}
WARD = CREDENTIALS["commune.officer"][3].removeprefix("ward:")
PROVINCE = CREDENTIALS["province.officer"][3].removeprefix("province:")
PLACE = {"country": "VNM", "provinceCode": PROVINCE, "wardCode": WARD, "unitList": "current"}
PEOPLE = [p["personalNumber"] for p in requests.get(BASE + "/v1/persons?name=nguyen&limit=200", headers=HEADERS).json()["items"]]
NAMES = ["nguyen", "tran van", "le thi", "pham", "hoang", "vu", "dang", "bui"]

with open(os.path.join(DATA, "exchange", "bhxh-giam-dinh-demo.pem"), "rb") as pem:
    MEMBER_KEY = serialization.load_pem_private_key(pem.read(), password=None)
SIGNER = HTTPMessageSigner(signature_algorithm=algorithms.ED25519,
                           key_resolver=MappingKeyResolver(public_keys={}, private_keys={"bhxh-giam-dinh-demo": MEMBER_KEY}))


def read(n):
    return session().get(f"{BASE}/v1/persons/{PEOPLE[n % len(PEOPLE)]}", headers=HEADERS, timeout=30).status_code


def search(n):
    return session().get(f"{BASE}/v1/persons?name={NAMES[n % len(NAMES)]}&limit=20", headers=HEADERS, timeout=30).status_code


def birth(n):
    body = {"name": "Vũ Thanh Tâm", "sex": "male", "dateOfBirth": TODAY, "placeOfBirth": PLACE, "birthRegistrationPlace": PLACE,
            "ethnicity": "01", "religion": "none", "nationality": "VNM", "multipleBirth": True}
    return session().post(BASE + "/v1/births", json=body, headers={**HEADERS, "Idempotency-Key": uuid.uuid4().hex}, timeout=30).status_code


def verify(n):
    data = json.dumps({"personalNumber": PEOPLE[n % len(PEOPLE)]}).encode()
    headers = {"DanCu-Purpose": "social-insurance", "DanCu-Legal-Basis": "26/2023/QH15", "Content-Type": "application/json"}
    request = requests.Request("POST", BASE + "/x/v1/verify", data=data, headers=headers).prepare()
    SIGNER.sign(request, key_id="bhxh-giam-dinh-demo", nonce="n-" + uuid.uuid4().hex, label="sig1",
                covered_component_ids=["@method", "@target-uri", "content-digest", "dancu-purpose", "dancu-legal-basis"], body=data)
    return session().send(request, timeout=30).status_code


def login(n):
    return session().post(BASE + "/v1/auth/login", json={"username": "central.officer", "password": PASSWORD}, timeout=30).status_code


# Out of every 20 requests: 10 reads, 4 searches, 3 births, 2 verifications, 1 sign-in.
# SOAK_LOGINS=0 puts a read in the sign-in's place: a password hash (bcrypt) costs more CPU than all the
# other requests of the mix together, so the CPU a request costs is measured with and without it.
MIX = [read] * 10 + [search] * 4 + [birth] * 3 + [verify] * 2 + [login if os.environ.get("SOAK_LOGINS", "1") != "0" else read]
OK = {read: {200}, search: {200}, birth: {201}, verify: {200}, login: {201}}


class Minute:
    def __init__(self):
        self.latencies, self.errors, self.by_kind = [], 0, {}


unexpected = {}

lock = threading.Lock()
current = Minute()


def timed(kind, n):
    began = time.perf_counter()
    try:
        status = kind(n)
    except requests.RequestException:
        status = None
    took = time.perf_counter() - began
    with lock:
        current.latencies.append(took)
        current.by_kind[kind.__name__] = current.by_kind.get(kind.__name__, 0) + 1
        if status not in OK[kind]:
            current.errors += 1
            unexpected[(kind.__name__, status)] = unexpected.get((kind.__name__, status), 0) + 1


def rss_mib():
    with open(f"/proc/{PID}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def open_files():
    return len(os.listdir(f"/proc/{PID}/fd"))


# A SQLite register's three files: the register, its access log and the log's subject index.
SQLITE_FILES = ["dancu.sqlite", "dancu-access-log.sqlite", "dancu-access-log-index.sqlite"]


def database_sizes():
    """(database MiB, WAL MiB)."""
    if DATABASE == "sqlite":
        def size(path):
            return os.path.getsize(path) if os.path.exists(path) else 0
        files = sum(size(os.path.join(DATA, n)) for n in SQLITE_FILES)
        wal = sum(size(os.path.join(DATA, n + "-wal")) for n in SQLITE_FILES)
        return files / 2**20, wal / 2**20
    out = subprocess.run(["psql", "-X", "-At", DATABASE, "-c",
                          "SELECT pg_database_size(current_database()), (SELECT COALESCE(SUM(size), 0) FROM pg_ls_waldir())"],
                         capture_output=True, text=True)
    database, wal = (int(x) for x in out.stdout.strip().split("|"))
    return database / 2**20, wal / 2**20


def cpu_seconds(pid):
    """User and system CPU time of a process, in seconds (0 if it is gone)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def database_cpu_seconds():
    """PostgreSQL's CPU time: every postgres process of the machine (the soak's database is the one busy)."""
    if DATABASE == "sqlite":
        return 0.0
    total = 0.0
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/comm") as f:
                    if f.read().strip() != "postgres":
                        continue
            except OSError:
                continue
            total += cpu_seconds(entry)
    return total


def wal_written():
    """Bytes of WAL PostgreSQL has written since it was made (SQLite: 0, it does not say)."""
    if DATABASE == "sqlite":
        return 0
    out = subprocess.run(["psql", "-X", "-At", DATABASE, "-c", "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::bigint"],
                         capture_output=True, text=True)
    return int(out.stdout.strip() or 0)


def largest_tables(limit=6):
    """[(table, bytes with its indexes and partitions, rows)], largest first: what the growth is made of."""
    found = []
    if DATABASE == "sqlite":
        for name in SQLITE_FILES:
            path = os.path.join(DATA, name)
            out = subprocess.run(["sqlite3", path, "SELECT m.tbl_name, SUM(d.pgsize) FROM dbstat d JOIN sqlite_master m ON m.name = d.name "
                                  "GROUP BY m.tbl_name"], capture_output=True, text=True)
            for line in out.stdout.split():
                table, size = line.rsplit("|", 1)
                rows = subprocess.run(["sqlite3", path, f'SELECT COUNT(*) FROM "{table}"'], capture_output=True, text=True).stdout.strip()
                found.append((table, int(size), int(rows or 0)))
    else:
        subprocess.run(["psql", "-X", "-q", DATABASE, "-c", "ANALYZE"], capture_output=True)
        out = subprocess.run(["psql", "-X", "-At", DATABASE, "-c", """
            WITH RECURSIVE tree AS (
              SELECT c.oid, c.oid AS top FROM pg_class c
              WHERE c.relkind IN ('r', 'p') AND c.relnamespace = 'public'::regnamespace AND NOT c.relispartition
              UNION ALL SELECT i.inhrelid, t.top FROM pg_inherits i JOIN tree t ON i.inhparent = t.oid)
            SELECT t.top::regclass, SUM(pg_total_relation_size(t.oid)), SUM(CASE WHEN c.relkind = 'r' THEN GREATEST(c.reltuples, 0) ELSE 0 END)::bigint
            FROM tree t JOIN pg_class c ON c.oid = t.oid GROUP BY t.top"""], capture_output=True, text=True)
        for line in out.stdout.split():
            table, size, rows = line.split("|")
            found.append((table, int(size), int(rows)))
    return sorted(found, key=lambda t: -t[1])[:limit]


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * p))] if ordered else 0.0


def bounded(series, slack):
    """A series is bounded if its last third's peak is within `slack` of its middle third's peak."""
    third = max(1, len(series) // 3)
    middle, last = series[third:2 * third] or series, series[-third:]
    return max(last) <= max(middle) + slack, max(last) - max(middle)


def main():
    global current
    pool = ThreadPoolExecutor(max_workers=64)
    samples = []
    start = time.time()
    interval = 1.0 / RATE
    n = 0
    next_sample = start + 60
    print(f"soak: {RATE:g} requests/s for {MINUTES:g} min against {BASE} ({DATABASE.split('@')[-1]})", flush=True)
    print("minute  requests  errors  p50 ms  p99 ms  RSS MiB  files  database MiB  WAL MiB  CPU ms/req  DB CPU ms/req  WAL written KiB/req", flush=True)
    cpu, database_cpu, wal_mark = cpu_seconds(PID), database_cpu_seconds(), wal_written()
    while time.time() - start < MINUTES * 60:
        due = start + n * interval
        delay = due - time.time()
        if delay > 0:
            time.sleep(delay)
        pool.submit(timed, MIX[n % len(MIX)], n)
        n += 1
        if time.time() >= next_sample:
            next_sample += 60
            with lock:
                minute, current = current, Minute()
            database, wal = database_sizes()
            now_cpu, now_database_cpu, now_wal = cpu_seconds(PID), database_cpu_seconds(), wal_written()
            answered = max(1, len(minute.latencies))
            sample = {"requests": len(minute.latencies), "errors": minute.errors, "p50": percentile(minute.latencies, 0.5) * 1000,
                      "p99": percentile(minute.latencies, 0.99) * 1000, "rss": rss_mib(), "files": open_files(), "database": database, "wal": wal,
                      "cpu": (now_cpu - cpu) * 1000 / answered, "database_cpu": (now_database_cpu - database_cpu) * 1000 / answered,
                      "wal_written": (now_wal - wal_mark) / 1024 / answered}
            cpu, database_cpu, wal_mark = now_cpu, now_database_cpu, now_wal
            samples.append(sample)
            print(f"{len(samples):6d}  {sample['requests']:8d}  {sample['errors']:6d}  {sample['p50']:6.1f}  {sample['p99']:6.1f}  "
                  f"{sample['rss']:7.1f}  {sample['files']:5d}  {sample['database']:12.1f}  {sample['wal']:7.1f}  "
                  f"{sample['cpu']:10.2f}  {sample['database_cpu']:13.2f}  {sample['wal_written']:19.1f}", flush=True)
    pool.shutdown(wait=True)
    if len(samples) < 3:
        print("soak: too short to judge growth (3 minutes at least)")
        return 1
    verdicts = []
    for name, key, slack in [("RSS", "rss", 16.0), ("open files", "files", 8), ("WAL", "wal", 64.0), ("p99", "p99", 50.0)]:
        ok, growth = bounded([s[key] for s in samples], slack)
        verdicts.append(ok)
        print(f"soak: {name}: {'bounded' if ok else 'GREW'} (last third's peak {growth:+.1f} against the middle third's)")
    errors = sum(s["errors"] for s in samples)
    sent = sum(s["requests"] for s in samples)
    print(f"soak: {sent} requests answered in the sampled minutes, {errors} not as expected; database grew "
          f"{samples[-1]['database'] - samples[0]['database']:.1f} MiB (it holds every birth and access-log entry)")
    grown = (samples[-1]["database"] - samples[0]["database"]) * 2**20 / max(1, sent - samples[0]["requests"])
    median = lambda key: percentile([s[key] for s in samples], 0.5)
    print(f"soak: per request (medians of the minutes): server CPU {median('cpu'):.2f} ms, database CPU {median('database_cpu'):.2f} ms, "
          f"WAL written {median('wal_written'):.1f} KiB; the databases grew {grown:,.0f} bytes a request after the first minute")
    try:
        tables = largest_tables()
        print("soak: largest tables: " + "; ".join(
            f"{t} {size / 2**20:,.1f} MiB, {rows:,} rows, {size / max(1, rows):,.0f} bytes a row" for t, size, rows in tables))
    except (OSError, ValueError) as error:
        print(f"soak: could not read the tables' sizes: {error}")
    for (kind, status), count in sorted(unexpected.items(), key=str):
        print(f"soak: {count} {kind} answered {status}")
    return 0 if all(verdicts) and errors == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
