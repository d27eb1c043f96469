"""Kill -9 trials: does DanCu keep every write it acknowledged?

    crash_test.py DANCU_BINARY WORK_DIR PORT DATABASE TRIALS [SCENARIO ...]

WORK_DIR holds a demo's dancu-data (made by a first start of `dancu serve` over DATABASE: `sqlite` for
the data directory's files, or a postgres:// URL). Each trial puts load on DanCu, kills it with SIGKILL at
a random moment, starts it again and checks the database itself (sqlite3, or psql): it shares no code
with DanCu. The scenarios:

  mixed   births, moves, deaths, reads and searches over HTTP (8 clients)
  cards   card applications, approval, production, delivery and level-2 eID registration over HTTP
  import  `dancu import` of 30,000 people into an empty database, killed and then run again to its end

After each restart it counts, per trial:
  lost        writes answered 2xx that are not in the database (a birth's person, a move's address, a
              death, a card's state, an eID account, imported people the command had reported)
  half        records written in part: a person whose version is not its count of life events, a life
              event without its person, a card whose version is not its count of card events, a card
              produced without its chip, an imported person without their registration event
  duplicates  personal numbers acknowledged twice (over all trials), or not held by the allocator
  unlogged    answered requests that read or changed personal data with no access-log entry of their
              request id (the access log's own outbox drained first)
  errors      answers 5xx (a request cut by the kill gets no answer, which is not one)
and exits 1 if any is not 0."""
import base64
import io
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from datetime import datetime, timedelta, timezone

import requests

BINARY, WORK, PORT, DATABASE, TRIALS = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], int(sys.argv[5])
SCENARIOS = sys.argv[6:] or ["mixed", "cards", "import"]
BASE, DATA = f"http://127.0.0.1:{PORT}", os.path.join(WORK, "dancu-data")
# The data directory of the import trials' commands (seed, export, import), one for all their databases.
IMPORT_DATA = os.path.join(WORK, "import-data")
POSTGRES = DATABASE.startswith("postgres")
TODAY = datetime.now(timezone(timedelta(hours=7))).date()
RANDOM = random.Random(int(os.environ.get("CRASH_SEED", "19")))
ENV = {**os.environ, "DANCU_BCRYPT_COST": "4"}


def say(text):
    print(text, flush=True)


def fail(text):
    print("FAILED:", text, flush=True)
    sys.exit(1)


class Database:
    """Reads the register and its access log directly: sqlite3 on the files (read-only), psql on PostgreSQL."""

    def __init__(self, url):
        self.url = url
        if not url.startswith("postgres"):
            path = url.removeprefix("sqlite:")
            self.register = path
            self.access_log = path.removesuffix(".sqlite") + "-access-log.sqlite"

    def rows(self, sql, log=False):
        if self.url.startswith("postgres"):
            out = subprocess.run(["psql", "-X", "-q", "-At", "-F", "\x1f", self.url, "-c", sql], capture_output=True, text=True)
            if out.returncode != 0:
                fail(f"psql: {out.stderr.strip()}")
            return [tuple(line.split("\x1f")) for line in out.stdout.splitlines()]
        connection = sqlite3.connect(f"file:{self.access_log if log else self.register}?mode=ro", uri=True, timeout=30)
        try:
            return [tuple("" if v is None else str(v) for v in row) for row in connection.execute(sql)]
        finally:
            connection.close()

    def one(self, sql, log=False):
        return self.rows(sql, log)[0][0]

    def has_table(self, name):
        """Whether the register's schema got as far as `name` (a process killed while starting may not)."""
        if self.url.startswith("postgres"):
            return self.one(f"SELECT to_regclass('{name}') IS NOT NULL") == "t"
        if not os.path.exists(self.register):
            return False
        return self.one(f"SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '{name}'") != "0"

    def logged_request_ids(self, after_id):
        return {row[0] for row in self.rows(f"SELECT request_id FROM access_log WHERE id > {after_id}", log=True)}

    def half_records(self, cards=True):
        """Every record written in part, over the whole database: a count per kind (`cards`: the database
        has the card office's tables; a database only imported into has not)."""
        counts = {
            "person version != its life events": """SELECT count(*) FROM persons p WHERE p.version <> (SELECT count(*) FROM life_events e
                WHERE e.personal_number = p.personal_number) OR p.version <> (SELECT max(seq) FROM life_events e
                WHERE e.personal_number = p.personal_number)""",
            "life event without its person": """SELECT count(*) FROM life_events e WHERE NOT EXISTS (SELECT 1 FROM persons p
                WHERE p.personal_number = e.personal_number)""",
            "card version != its card events": """SELECT count(*) FROM cards c WHERE c.version <> (SELECT count(*) FROM card_events e
                WHERE e.card_id = c.card_id)""",
            "card produced without chip or face": """SELECT count(*) FROM cards c WHERE c.status IN ('produced', 'active') AND (c.sod_digest IS NULL
                OR NOT EXISTS (SELECT 1 FROM card_chips h WHERE h.card_id = c.card_id)
                OR NOT EXISTS (SELECT 1 FROM card_biometrics b WHERE b.card_id = c.card_id))""",
            "born person without allocated number": """SELECT count(*) FROM life_events e WHERE e.seq = 1 AND e.kind = 'birthRegistered'
                AND NOT EXISTS (SELECT 1 FROM allocated_numbers a WHERE a.prefix = substr(e.personal_number, 1, 6)
                AND a.serial = CAST(substr(e.personal_number, 7) AS INTEGER))""",
        }
        return {name: int(self.one(sql)) for name, sql in counts.items() if cards or "card" not in name}

    def outbox_left(self):
        return int(self.one("SELECT count(*) FROM access_log_outbox"))


def start_server(database, log_name="serve-crash.log"):
    log = open(os.path.join(WORK, log_name), "a")
    command = [BINARY, "serve", "--port", str(PORT)] + (["--database", database] if POSTGRES else [])
    server = subprocess.Popen(command, cwd=WORK, stdout=log, stderr=log, env=ENV)
    for _ in range(240):
        if server.poll() is not None:
            fail(f"dancu serve stopped with {server.returncode}: see {log.name}")
        try:
            if requests.get(BASE + "/health/ready", timeout=1).status_code == 200:
                return server
        except requests.RequestException:
            pass
        time.sleep(0.25)
    fail("dancu serve did not become ready")


def credentials(username):
    with open(os.path.join(DATA, "demo-credentials.txt")) as f:
        return next(line.split() for line in f if line.split()[:1] == [username])


def login():
    parts = credentials("central.officer")
    answer = requests.post(BASE + "/v1/auth/login", json={"username": "central.officer", "password": parts[1]})
    if answer.status_code != 201:
        fail(f"signing in: {answer.status_code} {answer.text}")
    return answer.json()["token"]


class Trial:
    """What one trial's clients were answered, and what they saw go wrong."""

    def __init__(self):
        self.lock = threading.Lock()
        self.born = []          # (number, name)
        self.moved = []         # (number, address detail)
        self.died = []          # number
        self.cards = {}         # card id -> last acknowledged status
        self.eid = []           # personal number
        self.logged = []        # request ids of answered requests that touched personal data
        self.writes = 0         # answered 2xx, other than GET
        self.reads = 0          # answered 2xx, GET
        self.errors = []        # 5xx answers
        self.killed = threading.Event()
        self.running_at_kill = 0

    def note(self, kind, value):
        with self.lock:
            getattr(self, kind).append(value)


class Client:
    """One officer's requests, each with a request id of our own, so the access log can be searched for it."""

    def __init__(self, trial, token, purpose):
        self.trial, self.session = trial, requests.Session()
        self.headers = {"Authorization": f"Bearer {token}", "DanCu-Purpose": purpose}

    def call(self, method, path, purpose=None, **kwargs):
        """The answer, or None when the server is gone (the request's fate is unknown: it is not counted)."""
        request_id = uuid.uuid4().hex[:16]
        headers = {**self.headers, "X-Request-Id": request_id, **kwargs.pop("headers", {})}
        if purpose:
            headers["DanCu-Purpose"] = purpose
        try:
            answer = self.session.request(method, BASE + path, headers=headers, timeout=30, **kwargs)
        except requests.RequestException:
            self.trial.killed.set()
            return None
        if answer.status_code >= 500:
            self.trial.note("errors", f"{method} {path}: {answer.status_code} {answer.text[:200]}")
        elif answer.status_code < 300 and answer.headers.get("X-Request-Id") == request_id:
            with self.trial.lock:
                self.trial.logged.append(request_id)
                if method == "GET":
                    self.trial.reads += 1
                else:
                    self.trial.writes += 1
        elif answer.status_code < 300:
            self.trial.note("errors", f"{method} {path}: the answer's X-Request-Id is not the request's")
        return answer

    def version(self, number):
        answer = self.call("GET", f"/v1/persons/{number}")
        return answer.headers.get("ETag") if answer is not None and answer.status_code == 200 else None


def guarded(trial, work, share):
    """A client that fails (an answer not as the document says) counts as an error, not a silent thread."""
    try:
        work(share)
    except Exception as error:  # noqa: BLE001: any failure of a client is the check's finding
        trial.note("errors", f"client: {error!r}")


FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Phan", "Vũ", "Đặng", "Bùi", "Đỗ"]
MIDDLE = ["Văn", "Thị", "Minh", "Đức", "Ngọc", "Thanh", "Hữu", "Quang"]
GIVEN = ["An", "Bình", "Châu", "Dũng", "Giang", "Hà", "Khang", "Lan", "Mai", "Nam", "Phúc", "Quân", "Sơn", "Tâm", "Uyên", "Vy"]


def place(ward, province, **extra):
    return {"country": "VNM", "provinceCode": province, "wardCode": ward, "unitList": "current", **extra}


def mixed_load(trial, token, people, ward, province, tag):
    """Eight clients, each on its own people: births, moves, deaths, reads and searches until the kill."""

    def work(share):
        client = Client(trial, token, "residence-management")
        n = 0
        while not trial.killed.is_set():
            n += 1
            roll = RANDOM.random()
            if roll < 0.3:
                name = f"{RANDOM.choice(FAMILY)} {RANDOM.choice(MIDDLE)} {RANDOM.choice(GIVEN)}"
                body = {"name": name, "sex": RANDOM.choice(["male", "female"]), "dateOfBirth": TODAY.isoformat(),
                        "placeOfBirth": place(ward, province), "birthRegistrationPlace": place(ward, province),
                        "ethnicity": "01", "religion": "none", "nationality": "VNM", "multipleBirth": True}
                answer = client.call("POST", "/v1/births", purpose="civil-status", json=body,
                                     headers={"Idempotency-Key": uuid.uuid4().hex})
                if answer is not None and answer.status_code == 201:
                    trial.note("born", (answer.json()["person"]["personalNumber"], name))
                elif answer is not None and answer.status_code < 500:
                    trial.note("errors", f"birth refused: {answer.status_code} {answer.text[:200]}")
            elif roll < 0.5 and share:
                number = RANDOM.choice(share)
                etag = client.version(number)
                if etag is None:
                    continue
                detail = f"Khu {tag}-{threading.get_ident() % 10000}-{n}"
                answer = client.call("POST", f"/v1/persons/{number}/residence", headers={"If-Match": etag},
                                     json={"kind": "permanent", "since": TODAY.isoformat(), "place": place(ward, province, detail=detail)})
                if answer is not None and answer.status_code == 200:
                    trial.note("moved", (number, detail))
            elif roll < 0.55 and share:
                number = share.pop()
                etag = client.version(number)
                if etag is None:
                    continue
                answer = client.call("POST", f"/v1/persons/{number}/events", purpose="civil-status", headers={"If-Match": etag},
                                     json={"change": {"deathRecorded": {"date": TODAY.isoformat()}}, "validFrom": TODAY.isoformat()})
                if answer is not None and answer.status_code == 200:
                    trial.note("died", number)
            elif roll < 0.9 and share:
                client.call("GET", f"/v1/persons/{RANDOM.choice(share)}")
            else:
                client.call("GET", f"/v1/persons?name={RANDOM.choice(GIVEN)}&limit=5")

    shares = [people[i::8] for i in range(8)]
    return [threading.Thread(target=guarded, args=(trial, work, share), daemon=True) for share in shares]


def face():
    from PIL import Image
    buffer = io.BytesIO()
    Image.new("RGB", (240, 320), (200, 180, 160)).save(buffer, "JPEG")
    return base64.b64encode(buffer.getvalue()).decode()


def cards_load(trial, token, people, face_jpeg):
    """Four clients, each taking its people through a first card and a level-2 eID account."""
    order = ["applied", "approved", "produced", "active"]

    def work(share):
        client = Client(trial, token, "identity-card")
        for number in share:
            if trial.killed.is_set():
                return
            answer = client.call("POST", f"/v1/persons/{number}/cards", json={"kind": "first", "biometrics": {"face": face_jpeg}})
            if answer is None or answer.status_code != 201:
                continue
            card = answer.json()["cardId"]
            with trial.lock:
                trial.cards[card] = "applied"
            version = answer.headers["ETag"]
            for event, status in zip(["approve", "produce", "deliver"], order[1:]):
                answer = client.call("POST", f"/v1/cards/{card}/events", headers={"If-Match": version}, json={"event": event})
                if answer is None or answer.status_code != 200:
                    break
                with trial.lock:
                    trial.cards[card] = status
                version = answer.headers["ETag"]
                client.call("GET", f"/v1/cards/{card}")
            else:
                answer = client.call("POST", f"/v1/persons/{number}/eid", purpose="citizen-request",
                                     json={"level": 2, "password": "Mat-khau-thu-2026", "phone": "0912345678"})
                if answer is not None and answer.status_code == 201:
                    trial.note("eid", number)

    return [threading.Thread(target=guarded, args=(trial, work, people[i::4]), daemon=True) for i in range(4)]


def chunks(items, size=400):
    items = list(items)
    for i in range(0, len(items), size):
        yield items[i:i + size]


def quoted(values):
    return ",".join("'" + v.replace("'", "''") + "'" for v in values)


def check_served(database, trial, numbers_seen, log_from):
    """The counts of one served trial, from the database after the restart."""
    lost, duplicates = [], 0
    born = dict(trial.born)
    for part in chunks(born):
        for number, name in database.rows(f"SELECT personal_number, full_name FROM persons WHERE personal_number IN ({quoted(part)})"):
            if born.pop(number) != name:
                lost.append(f"birth {number}: another name")
    lost += [f"birth {number}" for number in born]
    for number, _ in trial.born:
        duplicates += number in numbers_seen
        numbers_seen.add(number)
    if trial.born:
        held = int(database.one(f"""SELECT count(*) FROM allocated_numbers WHERE prefix || lpad(CAST(serial AS TEXT), 6, '0')
            IN ({quoted(n for n, _ in trial.born)})""") if POSTGRES else database.one(f"""SELECT count(*) FROM allocated_numbers
            WHERE prefix || substr('000000' || serial, -6, 6) IN ({quoted(n for n, _ in trial.born)})"""))
        duplicates += len(trial.born) - held
    if trial.moved:
        payloads = "\n".join(row[0] for row in database.rows("SELECT payload FROM life_events WHERE payload LIKE '%Khu %'"))
        lost += [f"move of {number} to {detail}" for number, detail in trial.moved if f'"{detail}"' not in payloads]
    for part in chunks(trial.died):
        dead = {row[0] for row in database.rows(f"SELECT personal_number FROM persons WHERE vital_status = 'dead' AND personal_number IN ({quoted(part)})")}
        lost += [f"death of {number}" for number in part if number not in dead]
    order = ["applied", "approved", "produced", "active"]
    for part in chunks(trial.cards):
        stored = dict(database.rows(f"SELECT card_id, status FROM cards WHERE card_id IN ({quoted(part)})"))
        for card in part:
            if card not in stored or stored[card] not in order or order.index(stored[card]) < order.index(trial.cards[card]):
                lost.append(f"card {card} {trial.cards[card]}: stored {stored.get(card)}")
    for part in chunks(trial.eid):
        held = {row[0] for row in database.rows(f"SELECT subject FROM eid_accounts WHERE level = 2 AND subject IN ({quoted(part)})")}
        lost += [f"eID of {number}" for number in part if number not in held]
    logged = database.logged_request_ids(log_from)
    unlogged = [request for request in trial.logged if request not in logged]
    return lost, duplicates, unlogged


def wait_drained(database):
    for _ in range(120):
        if database.outbox_left() == 0:
            return True
        time.sleep(0.25)
    return False


def served_trial(scenario, number, database, numbers_seen, face_jpeg):
    server = start_server(DATABASE)
    try:
        token = login()
        log_from = int(database.one("SELECT coalesce(max(id), 0) FROM access_log", log=True))
        ward, province = credentials("commune.officer")[3].removeprefix("ward:"), credentials("province.officer")[3].removeprefix("province:")
        trial = Trial()
        if scenario == "mixed":
            people = [row[0] for row in database.rows(f"""SELECT personal_number FROM persons WHERE vital_status = 'alive'
                AND ward_code = '{ward}' AND birth_year < 2000 ORDER BY random() LIMIT 400""")]
            threads = mixed_load(trial, token, people, ward, province, f"{number}")
        else:
            people = [row[0] for row in database.rows(f"""SELECT personal_number FROM persons p WHERE vital_status = 'alive'
                AND birth_year BETWEEN 1950 AND 2005 AND NOT EXISTS (SELECT 1 FROM cards c WHERE c.personal_number = p.personal_number)
                ORDER BY random() LIMIT 600""")]
            threads = cards_load(trial, token, people, face_jpeg)
        for thread in threads:
            thread.start()
        time.sleep(RANDOM.uniform(1.0, 4.0))
        trial.running_at_kill = sum(thread.is_alive() for thread in threads)
        server.send_signal(signal.SIGKILL)
        server.wait()
        trial.killed.set()
        for thread in threads:
            thread.join(timeout=60)
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
    server = start_server(DATABASE)
    try:
        drained = wait_drained(database)
        lost, duplicates, unlogged = check_served(database, trial, numbers_seen, log_from)
        half = database.half_records()
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait()
    unfinished = trial.running_at_kill
    return {"acknowledged": trial.writes, "reads": trial.reads, "lost": lost,
            "half": {k: v for k, v in half.items() if v}, "duplicates": duplicates, "unlogged": unlogged,
            "errors": trial.errors + ([] if drained else ["the access log's outbox was not drained"])
            + ([] if unfinished else ["every client had finished before the kill: nothing was tested"])}


def import_database(number):
    """An empty database for one import trial."""
    if POSTGRES:
        base, _, _ = DATABASE.rpartition("/")
        name = f"{DATABASE.rpartition('/')[2]}_import_{number}"
        for sql in (f"DROP DATABASE IF EXISTS {name} WITH (FORCE)", f"CREATE DATABASE {name}"):
            out = subprocess.run(["psql", "-X", "-q", base + "/postgres", "-c", sql], capture_output=True, text=True)
            if out.returncode != 0:
                fail(f"psql: {out.stderr.strip()}")
        return f"{base}/{name}"
    path = os.path.join(WORK, f"import-{number}.sqlite")
    for suffix in ("", "-wal", "-shm"):
        for stem in (path, path.removesuffix(".sqlite") + "-access-log.sqlite", path.removesuffix(".sqlite") + "-access-log-index.sqlite"):
            if os.path.exists(stem + suffix):
                os.remove(stem + suffix)
    return "sqlite:" + path


def import_file(total=30000):
    path = os.path.join(WORK, "import-people.ndjson")
    if not os.path.exists(path):
        source = "sqlite:" + os.path.join(WORK, "import-source.sqlite")
        for command in (["seed", "--people", str(total), "--seed", "7", "--database", source], ["export", "--database", source, "-o", path]):
            out = subprocess.run([BINARY, *command, "--data-dir", IMPORT_DATA], capture_output=True, text=True, env=ENV)
            if out.returncode != 0:
                fail(f"dancu {command[0]}: {out.stderr.strip()[-500:]}")
    with open(path) as f:
        numbers = [json.loads(line)["personalNumber"] for line in f]
    return path, numbers


def import_trial(number, people_file, numbers, numbers_seen):
    url = import_database(number)
    database = Database(url)
    batch = 2000
    command = [BINARY, "import", people_file, "--batch", str(batch), "--database", url, "--data-dir", IMPORT_DATA]
    importer = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV)
    time.sleep(RANDOM.uniform(1.0, 5.0))
    finished = importer.poll() is not None
    importer.send_signal(signal.SIGKILL)
    _, progress = importer.communicate()
    # What the command had reported done before the kill: its progress lines ("import N … /s").
    reported = max([int(line.split()[1]) for line in progress.splitlines() if line.startswith("import ") and line.split()[1].isdigit()] or [0])
    made = database.has_table("persons")
    present = int(database.one("SELECT count(*) FROM persons")) if made else 0
    lost = [f"the import reported {reported} people, {present} are there"] if present < reported else []
    partial = [] if present % batch == 0 or present == len(numbers) else [f"{present} people is not a whole number of batches of {batch}"]
    half = {k: v for k, v in database.half_records(cards=False).items() if v} if made else {}
    # A kill in the first seconds can land before the tables are made (the register's come before the
    # access log's): with nobody entered, there is nothing the log must hold yet.
    unlogged = []
    if present > 0:
        logged = {row[0] for row in database.rows("SELECT subject FROM access_log WHERE action = 'bulk-entry'", log=True)}
        unlogged = [n for (n,) in database.rows("SELECT personal_number FROM persons") if n not in logged]
    # Run again to its end: the people entered are refused as already there, the rest go in.
    again = subprocess.run(command, capture_output=True, text=True, env=ENV)
    if again.returncode not in (0, 1):
        fail(f"the import run again: {again.stderr.strip()[-500:]}")
    stored = [row[0] for row in database.rows("SELECT personal_number FROM persons")]
    if sorted(stored) != sorted(numbers):
        lost.append(f"after the second run {len(stored)} people, the file has {len(numbers)}")
    duplicates = len(stored) - len(set(stored))
    logged = {row[0] for row in database.rows("SELECT subject FROM access_log WHERE action = 'bulk-entry'", log=True)}
    unlogged += [n for n in stored if n not in logged and n not in unlogged]
    # Only a server spools its entries during a failover: an import waits for the primary, so that no
    # entry of its can be left behind in the data directory for another database's start to find.
    spool = os.path.join(IMPORT_DATA, "dancu-access-log-spool.sqlite")
    spooled = ["the import made an access-log spool in its data directory"] if os.path.exists(spool) else []
    return {"acknowledged": reported, "reads": 0, "lost": lost + partial, "half": half, "duplicates": duplicates,
            "unlogged": unlogged, "errors": spooled + ([] if not finished else ["the import ended before the kill: nothing was tested"]),
            "present": present}


def main():
    database = Database(DATABASE if POSTGRES else "sqlite:" + os.path.join(DATA, "dancu.sqlite"))
    face_jpeg = face()
    totals = {"trials": 0, "acknowledged": 0, "reads": 0, "lost": 0, "half": 0, "duplicates": 0, "unlogged": 0, "errors": 0}
    numbers_seen = set()
    people_file, numbers = import_file() if "import" in SCENARIOS else (None, None)
    backend = "postgresql" if POSTGRES else "sqlite"
    for scenario in SCENARIOS:
        for number in range(1, TRIALS + 1):
            if scenario == "import":
                result = import_trial(number, people_file, numbers, numbers_seen)
            else:
                result = served_trial(scenario, number, database, numbers_seen, face_jpeg)
            extra = f" (killed with {result['present']} people in)" if "present" in result else ""
            say(f"{backend} {scenario} trial {number}: {result['acknowledged']} acknowledged writes, {result['reads']} answered reads{extra}; "
                f"lost {len(result['lost'])}, half {sum(result['half'].values())}, duplicate numbers {result['duplicates']}, "
                f"unlogged {len(result['unlogged'])}, errors {len(result['errors'])}")
            for kind in ("lost", "unlogged", "errors"):
                for item in result[kind][:3]:
                    say(f"  {kind}: {item}")
            for kind, count in result["half"].items():
                say(f"  half: {count} {kind}")
            totals["trials"] += 1
            for key in ("acknowledged", "reads", "duplicates"):
                totals[key] += result[key]
            for key in ("lost", "unlogged", "errors"):
                totals[key] += len(result[key])
            totals["half"] += sum(result["half"].values())
    say(f"{backend} total: {totals['trials']} trials, {totals['acknowledged']} acknowledged writes, {totals['reads']} answered reads; "
        f"lost {totals['lost']}, half records {totals['half']}, duplicate numbers {totals['duplicates']}, "
        f"unlogged reads {totals['unlogged']}, errors {totals['errors']}")
    if any(totals[key] for key in ("lost", "half", "duplicates", "unlogged", "errors")):
        sys.exit(1)


if __name__ == "__main__":
    main()
