"""Procedure 17 in a real browser (Debian's chromium, driven by selenium from PyPI), across three agencies.

Usage: procedure17.py BASE_URL DANCU_BINARY DATA_DIR

The demo parent signs in with their level-2 eID, opens the public services, starts procedure 17 (birth,
permanent residence and a health-insurance card for a newborn), sees their own data filled in and not
editable, is told in Vietnamese beside the field what is missing, and submits. The ward's civil-status
officer and then the commune police sign in to the officers' desk, find the application in their queues
and approve their steps. The reference member system (Tests/interop/member_system.py, a separate process
sharing no code with DanCu) acts as social insurance: it finds the case, reads it and issues the card.
The parent then sees the child's personal number, the residence and the card number in one application,
the birth certificate's QR code read off the screen (zxing-cpp) verifies offline (joserfc, cryptography),
and the register holds the child in the parent's household. Each step prints "OK: ..."; exit 0 when all
pass. A screenshot of the finished application is written to DATA_DIR/procedure17.png.
"""
import hashlib, os, subprocess, sys
from datetime import datetime, timedelta, timezone

import requests
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(here, "..", "interop"))
from checks import demo_citizen, demo_officer_password, expect, ok  # noqa: E402
from document_verifier import read_qr, trusted_signers, verify  # noqa: E402
import chromium  # noqa: E402
from chromium import open_browser  # noqa: E402

base, dancu, data_dir = sys.argv[1], sys.argv[2], sys.argv[3]
TODAY = datetime.now(timezone(timedelta(hours=7))).date().isoformat()
citizen, password, _ = demo_citizen(data_dir)
expect(citizen and password, "the demo parent and password are in demo-credentials.txt")


def officer_password(username):
    return demo_officer_password(data_dir, username)


browser = open_browser("--lang=vi")

# The birth notice as a scanned PDF, and a text file that only calls itself one.
notice_path = os.path.join(data_dir, "giay-chung-sinh.pdf")
with open(notice_path, "wb") as f:
    f.write(b"%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\n"
            b"trailer <</Root 1 0 R>>\n%%EOF\n")
with open(notice_path, "rb") as f:
    notice = f.read()
fake_path = os.path.join(data_dir, "khong-phai-pdf.pdf")
with open(fake_path, "w") as f:
    f.write("Đây không phải là tệp PDF")


def submit(selector):
    chromium.submit(browser, selector)


def fill(field_id, text):
    chromium.fill(browser, field_id, text)


def approve_at_desk(username, step):
    """An officer signs in to the desk, finds the application in the queue and approves `step`."""
    browser.get(base + "/desk")
    fill("username", username)
    fill("password", officer_password(username))
    submit("#sign-in")
    expect(browser.find_elements(By.ID, "open-" + code), f"{username} finds {code} in the queue of their desk")
    submit("#open-" + code)
    expect(citizen in browser.page_source, f"{username} opens the case file: the parent's data, read through the gate")
    link = browser.find_element(By.CSS_SELECTOR, "#file-birth-notice a").get_attribute("href")
    opened = requests.get(link, cookies={"dancu_desk": browser.get_cookie("dancu_desk")["value"]})
    expect(opened.status_code == 200 and opened.content == notice and opened.headers.get("X-Content-Type-Options") == "nosniff",
           f"{username} opens the birth notice the parent sent, the same bytes")
    submit("#approve-" + step)
    expect(browser.find_elements(By.ID, "notice"), f"{username} approved the step '{step}'")
    submit("#sign-out")


try:
    # The parent signs in with eID and starts procedure 17 from the public services.
    browser.get(base + "/me")
    fill("username", citizen)
    fill("password", password)
    submit("form[action='/me/login'] button")
    submit("#public-services")
    submit("#start-birth-residence-health-insurance")
    shown = browser.find_element(By.ID, "shown").text
    expect(citizen in shown, "the form shows the parent's own personal number from the register")
    expect(not browser.find_elements(By.CSS_SELECTOR, "input[name=parentNumber], input[name=parentName]"),
           "the register's data is shown read-only: no input for the parent's name or number")

    # Missing the child's name: the message beside the field, in Vietnamese; nothing stored.
    Select(browser.find_element(By.ID, "f-childSex")).select_by_value("male")
    browser.execute_script("document.getElementById('f-childBirthDate').value = arguments[0]", TODAY)
    fill("f-placeOfBirth", "Trạm y tế xã")
    fill("f-childEthnicity", "01")
    Select(browser.find_element(By.ID, "f-parentRole")).select_by_index(1)
    browser.find_element(By.ID, "a-birth-notice").send_keys(fake_path)
    submit("#submit-application")
    error = browser.find_element(By.ID, "e-childName").text
    expect("Vui lòng điền mục này" in error, "a missing name is told beside its field, in Vietnamese: " + error.splitlines()[0])
    error = browser.find_element(By.ID, "e-attachment-birth-notice").text
    expect("Chỉ nhận tệp PDF, JPEG hoặc PNG" in error,
           "a file that is not a PDF (whatever its name says) is told beside its input: " + error.splitlines()[0])
    expect(browser.find_element(By.ID, "f-placeOfBirth").get_attribute("value") == "Trạm y tế xã", "and what was typed stays")

    # The parent's sex decides the role (the register knows it; the form asks only for the child).
    record = requests.get(base + "/me/api/record", headers={"Authorization": "Bearer " + requests.post(
        base + "/me/api/session", json={"username": citizen, "password": password}).json()["token"]}).json()
    role = "father" if record.get("person", record).get("sex") == "male" else "mother"
    fill("f-childName", "Nguyễn Minh Khôi")
    Select(browser.find_element(By.ID, "f-parentRole")).select_by_value(role)
    browser.find_element(By.ID, "a-birth-notice").send_keys(notice_path)
    submit("#submit-application")
    code = browser.current_url.rstrip("/").split("/")[-1]
    expect(code.startswith("G17-") and "Đã tiếp nhận" in browser.find_element(By.ID, "status").text,
           f"submitted: application {code}, received")
    sent = browser.find_element(By.ID, "file-birth-notice").text
    expect("giay-chung-sinh.pdf" in sent and hashlib.sha256(notice).hexdigest() in sent,
           "the application lists the birth notice with the SHA-256 of the file the browser sent")

    # The ward's civil-status officer registers the birth; the commune police the residence.
    approve_at_desk("civil.status", "birth")
    approve_at_desk("commune.officer", "residence")

    # Social insurance's member system, in its own process, issues the card.
    issued = subprocess.run([sys.executable, os.path.join(here, "..", "interop", "member_system.py"), base, data_dir, "--issue-card", code],
                            capture_output=True, text=True, timeout=120)
    expect(issued.returncode == 0, "the reference member system issued the card: " + (issued.stdout + issued.stderr).strip().splitlines()[-1])
    child, card = issued.stdout.strip().splitlines()[-1].split()

    # The parent sees the three results in one application.
    browser.get(base + "/me/applications/" + code)
    results = browser.find_element(By.ID, "results").find_element(By.XPATH, "following-sibling::table").text
    expect(child in results and card in results and "Đã trả kết quả" in browser.find_element(By.ID, "status").text,
           f"the parent sees the child's number {child}, the residence and the card {card} in one application")
    browser.save_screenshot(os.path.join(data_dir, "procedure17.png"))

    # The birth certificate is a document DanCu sealed: its QR code, read off the screen by an independent
    # decoder, verifies offline against the published signers, whose certificates the CSCA issued.
    certificate = browser.find_element(By.ID, "document-birth")
    scanned = read_qr(certificate.find_element(By.CSS_SELECTOR, "figure.qr svg").screenshot_as_png)
    with open(os.path.join(data_dir, "keys", "csca.cer"), "rb") as f:
        keys = trusted_signers(requests.get(base + "/documents/signers").json(), f.read())
    document = verify(scanned, keys)
    expect(document["holder"] == child and any(child in s for s in document["statements"]) and document["id"] == code + "/birth",
           f"the birth certificate's QR code verifies offline: {document['title']}, holder {document['holder']}")
    forged = scanned.split(".")
    forged[1] = forged[1][:-2] + ("A" if forged[1][-2] != "A" else "B") + forged[1][-1]
    try:
        verify(".".join(forged), keys)
        expect(False, "a changed document must not verify")
    except Exception:
        ok("a document changed by one character does not verify")

    # The register holds the child in the parent's household.
    token = requests.post(base + "/v1/auth/login", json={"username": "central.officer", "password": officer_password("central.officer")}).json()["token"]
    headers = {"Authorization": "Bearer " + token, "DanCu-Purpose": "civil-status"}
    person = requests.get(f"{base}/v1/persons/{child}", headers=headers).json()["person"]
    parent = requests.get(f"{base}/v1/persons/{citizen}", headers=headers).json()["person"]
    expect(person.get("permanentResidence") and person.get("householdId") == parent.get("householdId"),
           "the register holds the child, resident in the parent's household")
finally:
    browser.quit()
print("browser: procedure 17 passed")
