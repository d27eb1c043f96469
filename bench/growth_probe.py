"""Latency of the reads a register serves most, at its present size: person reads, searches by name and
member verifications, each sent one after another by one client (no queueing: the figures are the
server's own time per request), then the server's resident memory. Driven by bench/growth.sh.

Each kind draws its own people: reads and verifications of the same people would find the second kind's
pages cached by the first. The reads are then repeated on the same people ("read_again"): the first
pass pays for pages the database has to fetch from disk (a register larger than the memory the kernel
caches it in), the second shows the same reads from memory.

    growth_probe.py BASE_URL NUMBERS_FILE MEMBER_KEY_PEM KEY_ID SERVER_PID [COUNT]

Prints one JSON object: p50 and p99 in milliseconds for each kind, and rss_mib."""
import json
import random
import sys
import time
import uuid

import requests
from cryptography.hazmat.primitives import serialization
from http_message_signatures import HTTPMessageSigner, algorithms
from http_message_signatures.resolvers import MappingKeyResolver

BASE, NUMBERS, KEY, KEY_ID, PID = sys.argv[1].rstrip("/"), sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])
COUNT = int(sys.argv[6]) if len(sys.argv) > 6 else 2000
# Common first parts of names and rarer whole names: search's cost depends on how many match.
NAMES = ["nguyen", "tran", "le thi", "pham van", "hoang", "huynh thi", "vu", "dang", "bui thi", "do van", "ngo", "duong",
         "ly", "nguyen van an", "tran thi mai", "le minh", "pham thu", "vo", "dinh", "truong"]

with open(NUMBERS) as f:
    numbers = [line.strip() for line in f if line.strip()]
with open(KEY, "rb") as pem:
    signer = HTTPMessageSigner(signature_algorithm=algorithms.ED25519,
                               key_resolver=MappingKeyResolver(public_keys={}, private_keys={KEY_ID: serialization.load_pem_private_key(pem.read(), None)}))
session = requests.Session()
token = session.post(BASE + "/v1/auth/login", json={"username": "bench.central", "password": "bench password 2026"}).json()["token"]
officer = {"Authorization": f"Bearer {token}", "DanCu-Purpose": "public-service"}


def read(rng):
    return session.get(f"{BASE}/v1/persons/{rng.choice(numbers)}", headers=officer)


def search(rng):
    return session.get(f"{BASE}/v1/persons?name={rng.choice(NAMES)}&limit=20", headers=officer)


def verify(rng):
    data = json.dumps({"personalNumber": rng.choice(numbers)}).encode()
    headers = {"DanCu-Purpose": "social-insurance", "DanCu-Legal-Basis": "26/2023/QH15", "Content-Type": "application/json"}
    request = requests.Request("POST", BASE + "/x/v1/verify", data=data, headers=headers).prepare()
    signer.sign(request, key_id=KEY_ID, nonce="n-" + uuid.uuid4().hex, label="sig1",
                covered_component_ids=["@method", "@target-uri", "content-digest", "dancu-purpose", "dancu-legal-basis"], body=data)
    return session.send(request)


def measure(kind, count, seed):
    rng = random.Random(seed)
    for _ in range(50):  # warm the connection and the caches' hot path
        kind(rng)
    times, failed = [], 0
    for _ in range(count):
        began = time.perf_counter()
        answer = kind(rng)
        times.append((time.perf_counter() - began) * 1000)
        failed += answer.status_code != 200
    times.sort()
    return {"p50": round(times[len(times) // 2], 2), "p99": round(times[int(len(times) * 0.99)], 2), "failed": failed}


def memory_mib(pid):
    """VmRSS, and its parts: RssAnon (the process's own) and RssFile (file pages it maps: SQLite's mmap
    of its databases, shared with the kernel's page cache)."""
    with open(f"/proc/{pid}/status") as f:
        fields = {line.split(":")[0]: int(line.split()[1]) / 1024 for line in f if line.startswith(("VmRSS:", "RssAnon:", "RssFile:"))}
    return {"rss_mib": round(fields.get("VmRSS", 0), 1), "rss_anon_mib": round(fields.get("RssAnon", 0), 1),
            "rss_file_mib": round(fields.get("RssFile", 0), 1)}


result = {name: measure(kind, COUNT, seed) for name, kind, seed in
          [("read", read, 7), ("read_again", read, 7), ("search", search, 7), ("verify", verify, 8)]}
result.update(memory_mib(PID))
print(json.dumps(result))
