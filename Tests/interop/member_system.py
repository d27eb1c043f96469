"""A reference member system of the DanCu exchange gateway, sharing no code with DanCu: it signs its
requests with PyPI's http-message-signatures (RFC 9421, RFC 9530), checks DanCu's answers with its own
reading of RFC 9421 and `cryptography`'s Ed25519, and walks what a social-insurance system and a bank do.

    member_system.py BASE_URL DATA_DIR
    member_system.py BASE_URL DATA_DIR --issue-card CODE   (only social insurance's card for application CODE)

DATA_DIR is the demo server's data directory: the demo members' private keys are in DATA_DIR/exchange,
and DATA_DIR/demo-cards.txt names people of the demo register. Exit 1 at the first step that fails.

It also walks procedure 17 (birth, residence and a health-insurance card for a newborn) across the three
agencies: the demo parent applies with eID, the ward's civil-status officer and police approve, and this
member, as social insurance's card office (BHXH/THE-BHYT), finds the case in its queue, reads it and
issues the card, which the parent then sees in the same application."""
import base64
import hashlib
import json
import sys
import threading
import time
import uuid
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import http_sf
import requests
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519
from http_message_signatures import HTTPMessageSigner, algorithms
from http_message_signatures.resolvers import MappingKeyResolver
from standardwebhooks import Webhook

# A death is recorded today, in Viet Nam's civil time: never before a birth in the synthetic register.
TODAY = datetime.now(timezone(timedelta(hours=7))).date().isoformat()
BASE, DATA = sys.argv[1].rstrip("/"), sys.argv[2]


def step(text):
    print("member:", text, flush=True)


def fail(text):
    print("FAILED:", text, flush=True)
    sys.exit(1)


class Member:
    """One subsystem of a member system: its key id and private key, as DanCu's demo wrote them."""

    def __init__(self, key_id, purpose, legal_basis):
        self.key_id, self.purpose, self.legal_basis = key_id, purpose, legal_basis
        with open(f"{DATA}/exchange/{key_id}.pem", "rb") as pem:
            private = serialization.load_pem_private_key(pem.read(), password=None)
        self.signer = HTTPMessageSigner(signature_algorithm=algorithms.ED25519,
                                        key_resolver=MappingKeyResolver(public_keys={}, private_keys={key_id: private}))

    def prepare(self, method, path, body=None, consent=None, purpose=None, lines=None):
        headers = {"DanCu-Purpose": purpose or self.purpose, "DanCu-Legal-Basis": self.legal_basis}
        if consent:
            headers["DanCu-Consent"] = consent
        data = json.dumps(body).encode() if body is not None else None
        if data is not None:
            headers["Content-Type"] = "application/json"
        if lines is not None:
            data = "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines).encode()
            headers["Content-Type"] = "application/x-ndjson"
        request = requests.Request(method, BASE + path, data=data, headers=headers).prepare()
        covered = ["@method", "@target-uri"] + (["content-digest"] if data else []) + ["dancu-purpose", "dancu-legal-basis"]
        self.signer.sign(request, key_id=self.key_id, nonce="n-" + uuid.uuid4().hex, label="sig1",
                         covered_component_ids=covered, body=data)
        return request


SESSION = requests.Session()


def dancu_keys():
    keys = SESSION.get(BASE + "/x/v1/keys").json()["keys"]
    return {k["kid"]: ed25519.Ed25519PublicKey.from_public_bytes(base64.urlsafe_b64decode(k["x"] + "=" * (-len(k["x"]) % 4)))
            for k in keys}


KEYS = {}


def verify_answer(response, request=None):
    """RFC 9421 as this member reads it: the answer's signature by DanCu's key over its status, type and
    digest, and, when the request was accepted, over the request's method, target and signature."""
    digest = response.headers.get("Content-Digest", "")
    expected = "sha-256=:" + base64.b64encode(hashlib.sha256(response.content).digest()).decode() + ":"
    if digest != expected:
        fail(f"the answer's Content-Digest {digest!r} is not its content's {expected!r}")
    signature_input = response.headers["Signature-Input"]
    inputs = http_sf.parse(signature_input.encode(), tltype="dictionary")
    signatures = http_sf.parse(response.headers["Signature"].encode(), tltype="dictionary")
    label = next(iter(inputs))
    covered, parameters = inputs[label]
    lines = []
    for name, item_parameters in covered:
        from_request = "req" in item_parameters
        source = request if from_request else response
        if name == "@status":
            value = str(response.status_code)
        elif name == "@method":
            value = source.method
        elif name == "@target-uri":
            value = source.url
        else:
            value = source.headers[name]
        lines.append(f'"{name}"{";req" if from_request else ""}: {value}')
    params_text = signature_input.split("=", 1)[1]
    lines.append(f'"@signature-params": {params_text}')
    base = "\n".join(lines).encode()
    key = KEYS.get(parameters["keyid"])
    if key is None:
        fail(f"the answer is signed by {parameters['keyid']}, not a key DanCu publishes")
    key.verify(signatures[label][0], base)  # raises InvalidSignature
    if request is not None and not any("req" in p for _, p in covered):
        fail("an accepted request's answer is not bound to it")
    return [name + (";req" if "req" in p else "") for name, p in covered]


def send(request, expect_status, expect_type=None):
    response = SESSION.send(request)
    if response.status_code != expect_status:
        fail(f"{request.method} {request.url}: {response.status_code}, expected {expect_status}: {response.text}")
    if expect_type and response.json().get("type") != "/problems/" + expect_type:
        fail(f"{request.method} {request.url}: problem {response.json().get('type')}, expected {expect_type}")
    return response


def main():
    KEYS.update(dancu_keys())
    step(f"DanCu publishes {len(KEYS)} answer key(s): {', '.join(KEYS)}")
    with open(f"{DATA}/demo-cards.txt") as cards:
        number = cards.readline().strip()[:12]
    insurance = Member("bhxh-giam-dinh-demo", "social-insurance", "26/2023/QH15")

    request = insurance.prepare("GET", f"/x/v1/persons/{number}?fields=name,dateOfBirth,sex")
    response = send(request, 200)
    person = response.json()
    if set(person) != {"name", "dateOfBirth", "sex"}:
        fail(f"person data holds {sorted(person)}, not the three fields asked")
    covered = verify_answer(response, request)
    step(f"read {number}'s granted fields; DanCu's answer signature verifies over {', '.join(covered)}")

    request = insurance.prepare("POST", "/x/v1/verify", {"personalNumber": number, "name": person["name"].upper(),
                                                         "dateOfBirth": person["dateOfBirth"][:4], "sex": person["sex"]})
    response = send(request, 200)
    answer = response.json()
    verify_answer(response, request)
    if not answer["match"] or answer["alive"] is not True or set(answer) != {"personalNumber", "match", "fields", "alive"}:
        fail(f"verification of the register's own values did not match: {answer}")
    step(f"verified {number} (name in capitals, year of birth only): {answer['fields']}, alive")
    try:
        verify_answer(response, insurance.prepare("POST", "/x/v1/verify", {"personalNumber": number}))
        fail("DanCu's answer verified as the answer to another request")
    except InvalidSignature:
        step("the same answer shown as the answer to another request does not verify")

    wrong = insurance.prepare("POST", "/x/v1/verify", {"personalNumber": number, "name": "Không Phải Tên"})
    answer = send(wrong, 200).json()
    if answer["match"] or answer["fields"] != {"name": "no-match"}:
        fail(f"a wrong name matched: {answer}")
    step("a wrong name: no-match, and nothing else of the record")

    replay = SESSION.send(insurance.prepare("POST", "/x/v1/verify", {"personalNumber": number}))
    again = send(replay.request, 401, "exchange-nonce-replayed")
    verify_answer(again)
    step("the same signed request sent twice: 401 exchange-nonce-replayed, signed by DanCu")

    tampered = insurance.prepare("POST", "/x/v1/verify", {"personalNumber": number})
    tampered.body = json.dumps({"personalNumber": number, "name": "x"}).encode()
    tampered.headers["Content-Length"] = str(len(tampered.body))
    send(tampered, 401, "exchange-content-digest")
    step("a body changed after signing: 401 exchange-content-digest")

    response = send(insurance.prepare("GET", f"/x/v1/persons/{number}?fields=name,phone"), 403, "forbidden")
    if "phone" not in response.json()["detail"] or person["name"] in response.text:
        fail(f"the refusal does not name the field, or tells the name: {response.text}")
    step("a field not granted (phone): 403 naming it, nothing of the person")

    bank = Member("vcb-kyc-demo", "customer-due-diligence", "91/2025/QH15")
    response = send(bank.prepare("GET", f"/x/v1/persons/{number}?fields=name"), 403, "forbidden")
    if "consent" not in response.json()["detail"] or person["name"] in response.text:
        fail(f"a bank read without consent: {response.text}")
    step("a bank without the citizen's consent: 403, nothing of the person")
    request = bank.prepare("POST", "/x/v1/verify", {"personalNumber": number, "name": person["name"]})
    answer = send(request, 200).json()
    if answer["fields"] != {"name": "match"}:
        fail(f"the bank's verification: {answer}")
    step("a bank verifies a customer (match / no match needs no consent)")
    verify_batch(insurance)
    interlinked_birth()
    decided_by_members()
    follow_deaths(insurance)
    print("member system: all steps passed")


def verify_batch(insurance, size=10_000):
    """Cleans the member's own database of `size` people against the register: every tenth line is not
    a well-formed question, every tenth has a wrong name, the rest are the register's own values."""
    with open(f"{DATA}/demo-cards.txt") as cards:
        numbers = [line.strip()[:12] for line in cards if line.strip()]
    people = [send(insurance.prepare("GET", f"/x/v1/persons/{n}?fields=name,dateOfBirth"), 200).json() | {"personalNumber": n}
              for n in numbers]
    lines, expected = [], []
    for i in range(size):
        person = people[i % len(people)]
        if i % 10 == 7:
            lines.append({"personalNumber": person["personalNumber"], "dateOfBirth": "31/12/1990"})
            expected.append("dateOfBirth")
        elif i % 10 == 3:
            lines.append({"personalNumber": person["personalNumber"], "name": "Không Phải Tên", "dateOfBirth": person["dateOfBirth"]})
            expected.append(False)
        else:
            lines.append({"personalNumber": person["personalNumber"], "name": person["name"].lower(), "dateOfBirth": person["dateOfBirth"]})
            expected.append(True)

    tampered = insurance.prepare("POST", "/x/v1/verify/batches", lines=lines[:100])
    tampered.body = tampered.body.replace(b"Kh\xc3\xb4ng", b"Kh\xc3\xb3ng", 1)
    send(tampered, 401, "exchange-content-digest")
    step("a batch changed after signing: 401 exchange-content-digest, checked as its lines streamed in")

    request = insurance.prepare("POST", "/x/v1/verify/batches", lines=lines)
    response = send(request, 202)
    verify_answer(response, request)
    job = response.json()
    step(f"sent a batch of {size:,} lines ({len(request.body):,} bytes): {job['id']}, {job['status']}")
    deadline = time.time() + 120
    while job["status"] not in ("done", "failed") and time.time() < deadline:
        time.sleep(0.5)
        response = send(insurance.prepare("GET", f"/x/v1/verify/batches/{job['id']}"), 200)
        verify_answer(response, response.request)
        job = response.json()
    if job["status"] != "done":
        fail(f"the batch did not finish: {job}")
    step(f"the batch is done: {job['processed']:,} lines, {job['matched']:,} matched, {job['errors']:,} errors")

    request = insurance.prepare("GET", job["results"])
    response = send(request, 200)
    covered = verify_answer(response, request)
    results = [json.loads(line) for line in response.content.decode().splitlines()]
    if [r["line"] for r in results] != list(range(1, size + 1)):
        fail("the results are not one a line, in the batch's order")
    for result, want in zip(results, expected):
        if want == "dateOfBirth":
            if result.get("error", {}).get("field") != "dateOfBirth" or set(result) != {"line", "error"}:
                fail(f"line {result['line']}: a malformed date should be its error: {result}")
        elif set(result) != {"line", "personalNumber", "match", "fields", "alive"} or result["match"] != want:
            fail(f"line {result['line']}: expected match={want}: {result}")
    if sum(1 for r in results if r.get("match")) != job["matched"]:
        fail("the counts of the batch and of its results differ")
    step(f"its {len(results):,} results verify (Content-Digest and DanCu's signature over {', '.join(covered)}); "
         "each line's answer or its error, by line number, nothing else of the record")


def credentials(role_or_name):
    """A demo account's username and password from demo-credentials.txt, by username or by role."""
    with open(f"{DATA}/demo-credentials.txt") as f:
        for line in f:
            parts = line.split()
            if len(parts) >= 3 and not parts[0].startswith("#") and role_or_name in (parts[0], parts[2]):
                return parts[0], parts[1]
    fail(f"no demo account {role_or_name} in demo-credentials.txt")


def interlinked_birth():
    """Procedure 17 over HTTP: the parent's application, the officers' approvals, this member's card."""
    username, password = credentials("citizen-eid-level2")
    session = SESSION.post(BASE + "/me/api/session", json={"username": username, "password": password})
    if session.status_code not in (200, 201):
        fail(f"the demo parent could not sign in: {session.status_code} {session.text}")
    parent = {"Authorization": "Bearer " + session.json()["token"]}
    own = SESSION.get(BASE + "/me/api/record", headers=parent).json()
    form = SESSION.get(BASE + "/me/api/procedures/birth-residence-health-insurance/form", headers=parent).json()
    shown = {f["name"]: f.get("value") for f in form["shown"]}
    if shown.get("parentNumber") != username:
        fail(f"the form is not filled from the parent's own record: {shown}")
    sex = own.get("person", own).get("sex")
    fields = {"childName": "Nguyễn Minh Khôi", "childSex": "male", "childBirthDate": TODAY, "placeOfBirth": "Trạm y tế xã",
              "childEthnicity": "01", "parentRole": "father" if sex == "male" else "mother"}
    key = "member-system-" + uuid.uuid4().hex
    notice = paper("Giấy chứng sinh")
    submitted = SESSION.post(BASE + "/me/api/applications", headers={**parent, "Idempotency-Key": key},
                             json={"procedure": "birth-residence-health-insurance", "fields": fields,
                                   "attachments": [attachment("birth-notice", notice, "giấy chứng sinh.pdf")]})
    if submitted.status_code != 201:
        fail(f"the parent's application: {submitted.status_code} {submitted.text}")
    code = submitted.json()["code"]
    sent = submitted.json()["attachments"]
    if [(a["code"], a["sha256"], a["bytes"]) for a in sent] != [("birth-notice", hashlib.sha256(notice).hexdigest(), len(notice))]:
        fail(f"the application does not hold the birth notice as sent: {sent}")
    back = SESSION.get(BASE + sent[0]["href"], headers=parent)
    if back.status_code != 200 or back.content != notice or back.headers.get("Content-Type") != "application/pdf":
        fail(f"the parent does not read back the birth notice: {back.status_code} {back.headers}")
    step(f"the parent applied for procedure 17 ({code}) with the birth notice; the form showed their own record, read-only")

    bhyt = Member("bhxh-the-bhyt-demo", "public-service", "26/2023/QH15")
    queue = send(bhyt.prepare("GET", "/x/v1/cases"), 200).json()["items"]
    if any(item["code"] == code for item in queue):
        fail("the card step opened before the birth was registered")
    for officer, step_id in (("civil.status", "birth"), ("commune.officer", "residence")):
        headers = {"Authorization": "Bearer " + officer_token(officer), "DanCu-Purpose": "public-service"}
        decided = SESSION.post(f"{BASE}/v1/applications/{code}/steps/{step_id}/decision", headers=headers, json={"decision": "approve"})
        if decided.status_code != 200:
            fail(f"{officer} approving {step_id}: {decided.status_code} {decided.text}")
    step("the ward's civil-status officer registered the birth; the commune police registered the residence")

    child, card_number = issue_card(code)

    seen = SESSION.get(f"{BASE}/me/api/applications/{code}", headers=parent).json()
    values = [r.get("value") or "" for r in seen["results"] if r["issued"]]
    if len(values) != 3 or child not in values[0] or card_number not in values[2]:
        fail(f"the parent does not see the three results: {seen['results']}")
    central = {"Authorization": "Bearer " + officer_token("central.officer"), "DanCu-Purpose": "civil-status"}
    person = SESSION.get(f"{BASE}/v1/persons/{child}", headers=central).json()["person"]
    holder = SESSION.get(f"{BASE}/v1/persons/{username}", headers=central).json()["person"]
    if not person.get("permanentResidence") or person.get("householdId") != holder.get("householdId"):
        fail(f"the child is not in the parent's household: {person.get('householdId')} / {holder.get('householdId')}")
    step("the parent sees the child's number, the residence and the card in one application; the register holds "
         "the child in the parent's household")


def decided_by_members():
    """Two procedures an agency's member system decides alone: 21, the first tax registration, which
    gives a tax code (a linked record); 25, unemployment benefit, decided in words. The demo parent
    applies; the tax and labour systems find, read and decide; the parent sees each result."""
    username, password = credentials("citizen-eid-level2")
    parent = {"Authorization": "Bearer " + SESSION.post(BASE + "/me/api/session", json={"username": username, "password": password}).json()["token"]}
    cases = [
        ("tax-registration", {"kind": "first"}, Member("thue-dang-ky-thue-demo", "public-service", "26/2023/QH15"),
         {"decision": "approve", "record": {"type": "tax-code", "data": {"taxCode": "80" + username[-8:]}}}, "80" + username[-8:]),
        ("unemployment-benefit", {"lastEmployer": "Công ty TNHH Minh An", "contractEnded": TODAY, "paymentAccount": "0011004455667"},
         Member("lao-dong-tro-cap-that-nghiep-demo", "public-service", "26/2023/QH15"),
         {"decision": "approve", "summary": "Hưởng trợ cấp thất nghiệp 3 tháng, 4.200.000 đồng mỗi tháng"}, "4.200.000"),
    ]
    papers = {"unemployment-benefit": [attachment("termination", paper("Quyết định chấm dứt hợp đồng lao động"), "cham-dut-hop-dong.pdf")]}
    for procedure, fields, member, decision, expected in cases:
        submitted = SESSION.post(BASE + "/me/api/applications", headers=parent,
                                 json={"procedure": procedure, "fields": fields, "attachments": papers.get(procedure, [])})
        if submitted.status_code != 201:
            fail(f"applying for {procedure}: {submitted.status_code} {submitted.text}")
        code = submitted.json()["code"]
        queue = send(member.prepare("GET", "/x/v1/cases"), 200).json()["items"]
        step_id = next((item["step"] for item in queue if item["code"] == code), None)
        if step_id is None:
            fail(f"{procedure}'s application {code} is not in {member.key_id}'s queue")
        request = member.prepare("GET", f"/x/v1/cases/{code}?fields=name,dateOfBirth")
        response = send(request, 200)
        verify_answer(response, request)
        if set(response.json()["applicant"]) != {"name", "dateOfBirth"} or response.json()["fields"] != fields:
            fail(f"the case is not the application with the asked fields: {response.text}")
        sent = {a["code"]: a for a in papers.get(procedure, [])}
        listed = response.json()["attachments"]
        if {a["code"] for a in listed} != set(sent):
            fail(f"the case does not list the files sent: {listed}")
        for listing in listed:
            request = member.prepare("GET", listing["href"])
            file = send(request, 200)
            verify_answer(file, request)
            if file.content != base64.b64decode(sent[listing["code"]]["content"]) or hashlib.sha256(file.content).hexdigest() != listing["sha256"]:
                fail(f"{listing['code']} is not the file the applicant sent")
            step(f"{member.key_id} read {listing['code']} ({listing['bytes']} bytes, {file.headers['Content-Type']}): the file as sent, signed by DanCu")
        request = member.prepare("POST", f"/x/v1/cases/{code}/steps/{step_id}/decision", decision)
        response = send(request, 200)
        verify_answer(response, request)
        seen = SESSION.get(f"{BASE}/me/api/applications/{code}", headers=parent).json()
        if seen["status"] != "result-issued" or expected not in (seen["results"][0].get("value") or ""):
            fail(f"the applicant does not see {procedure}'s result: {seen['results']}")
        step(f"{procedure} ({code}): {member.key_id} read the case and decided; the applicant reads: {seen['results'][0]['value']}")


def paper(title):
    """A one-page PDF naming `title`, as a scanned paper is sent."""
    text = f"BT /F1 12 Tf 72 760 Td ({title.encode('ascii', 'replace').decode()}) Tj ET".encode()
    return (b"%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n"
            b"2 0 obj <</Type /Pages /Kids [3 0 R] /Count 1>> endobj\n"
            b"3 0 obj <</Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R>> endobj\n"
            + f"4 0 obj <</Length {len(text)}>> stream\n".encode() + text + b"\nendstream endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n")


def attachment(code, content, name):
    return {"code": code, "mediaType": "application/pdf", "fileName": name, "content": base64.b64encode(content).decode()}


def issue_card(code):
    """As social insurance's card office: finds procedure 17's application `code` in its queue, reads the
    child's asked fields and issues the card; returns the child's personal number and the card's."""
    bhyt = Member("bhxh-the-bhyt-demo", "public-service", "26/2023/QH15")
    request = bhyt.prepare("GET", "/x/v1/cases")
    response = send(request, 200)
    verify_answer(response, request)
    if [item["step"] for item in response.json()["items"] if item["code"] == code] != ["health-insurance"]:
        fail(f"the card step is not in social insurance's queue: {response.text}")
    request = bhyt.prepare("GET", f"/x/v1/cases/{code}?fields=personalNumber,name,dateOfBirth,sex")
    response = send(request, 200)
    verify_answer(response, request)
    case = response.json()
    child = case.get("subject", {})
    if set(child) != {"personalNumber", "name", "dateOfBirth", "sex"} or case["result"].get("recordType") != "health-insurance-card":
        fail(f"the case does not hold the child's asked fields and the card to issue: {case}")
    step(f"social insurance read the case: the child {child['personalNumber']}, four fields, signed by DanCu")

    card_number = "TE1" + child["personalNumber"][-10:] + "79"
    decision = {"decision": "approve", "record": {"type": "health-insurance-card", "data": {
        "cardNumber": card_number, "validFrom": TODAY, "validTo": str(int(TODAY[:4]) + 6) + TODAY[4:], "initialFacility": "Trạm y tế xã"}}}
    request = bhyt.prepare("POST", f"/x/v1/cases/{code}/steps/health-insurance/decision", decision)
    response = send(request, 200)
    verify_answer(response, request)
    if response.json()["status"] != "result-issued":
        fail(f"the application did not end with the card: {response.text}")
    step(f"social insurance issued the card {card_number}; DanCu's answer is signed and bound to the decision")

    return child["personalNumber"], card_number


class Receiver(BaseHTTPRequestHandler):
    """The member's own webhook receiver: answers 500 to the very first delivery, then 204, and keeps each."""
    received, calls, lock = [], [0], threading.Lock()

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        with Receiver.lock:
            Receiver.calls[0] += 1
            first = Receiver.calls[0] == 1
            if not first:
                Receiver.received.append((self.path, {k.lower(): v for k, v in self.headers.items()}, body))
        self.send_response(500 if first else 204)
        self.end_headers()

    def log_message(self, *args):
        pass


def officer_token(username):
    with open(f"{DATA}/demo-credentials.txt") as f:
        password = next(line.split()[1] for line in f if line.split()[:1] == [username])
    return SESSION.post(BASE + "/v1/auth/login", json={"username": username, "password": password}).json()["token"]


def follow_deaths(insurance):
    server = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    with open(f"{DATA}/demo-cards.txt") as cards:
        numbers = [line.strip()[:12] for line in cards if line.strip()]
    number = numbers[-1]
    pushed = send(insurance.prepare("POST", "/x/v1/subscriptions", {
        "kinds": ["death"], "watch": [number], "endpoint": f"http://127.0.0.1:{port}/v1a", "fields": ["name", "vitalStatus"]}), 201).json()
    hmac = send(insurance.prepare("POST", "/x/v1/subscriptions", {
        "kinds": ["death"], "watch": [number], "endpoint": f"http://127.0.0.1:{port}/v1", "scheme": "v1", "fields": ["name"]}), 201).json()
    step(f"subscribed to deaths of {number}: #{pushed['id']} (v1a, Ed25519) and #{hmac['id']} (v1, HMAC)")

    token = officer_token("central.officer")
    officer = {"Authorization": f"Bearer {token}", "DanCu-Purpose": "civil-status"}
    record = SESSION.get(f"{BASE}/v1/persons/{number}", headers=officer)
    death = SESSION.post(f"{BASE}/v1/persons/{number}/events", headers={**officer, "If-Match": record.headers["ETag"]},
                         json={"change": {"deathRecorded": {"date": TODAY}}, "validFrom": TODAY})
    if death.status_code != 200:
        fail(f"recording the death: {death.status_code} {death.text}")
    step(f"the central officer recorded {number}'s death")

    deadline = time.time() + 60
    while time.time() < deadline:
        with Receiver.lock:
            paths = sorted({path for path, _, _ in Receiver.received})
        if paths == ["/v1", "/v1a"]:
            break
        time.sleep(0.5)
    else:
        fail(f"the deliveries did not arrive: {Receiver.calls[0]} calls, {len(Receiver.received)} kept")
    if Receiver.calls[0] < 3:
        fail("the delivery answered 500 was not retried")
    for path, headers, body in Receiver.received:
        if path == "/v1a":
            message = f"{headers['webhook-id']}.{headers['webhook-timestamp']}.".encode() + body
            signature = base64.b64decode(headers["webhook-signature"].split(",", 1)[1])
            next(iter(KEYS.values())).verify(signature, message)  # raises InvalidSignature
            if abs(time.time() - int(headers["webhook-timestamp"])) > 300:
                fail("the webhook timestamp is not now")
        else:
            payload = Webhook(hmac["secret"]).verify(body, headers)  # standardwebhooks: raises when it does not verify
            if payload["data"]["personalNumber"] != number or set(payload["data"]["person"]) != {"name"}:
                fail(f"the v1 delivery carries {payload}")
        event = json.loads(body)
        if event["type"] != "person.death" or event["data"]["person"].get("vitalStatus", {"status": "dead"})["status"] != "dead":
            fail(f"the delivery is not the death: {event}")
    step(f"the death arrived at both endpoints after a retry ({Receiver.calls[0]} calls): v1a verified with cryptography's "
         "Ed25519, v1 with standardwebhooks")
    server.shutdown()


if __name__ == "__main__":
    if sys.argv[3:4] == ["--issue-card"]:
        KEYS.update(dancu_keys())
        print(*issue_card(sys.argv[4]))
    else:
        main()
