"""The review queue of suspected duplicates in a real browser (Debian's chromium, driven by selenium from PyPI).

Usage: duplicates.py BASE_URL DANCU_BINARY DATA_DIR

The demo planted a few people entered twice (as digitising old records does) and queued what linkage
found. The demo province officer signs in at the desk, opens the suspected duplicates, sees each pair
side by side with the evidence in Vietnamese, is told beside the field what is missing, and merges a pair
keeping the original record. Through the API the cancelled number then resolves to the survivor, which
holds it; the merge is undone and both records are as before. A commune officer is refused the queue.
Each step prints "OK: ..."; exit 0 when all pass.
"""
import os, sys

import requests
from selenium.webdriver.common.by import By

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, here)
sys.path.insert(0, os.path.join(here, "..", "interop"))
from checks import demo_officer_password, expect, ok  # noqa: E402
import chromium  # noqa: E402
from chromium import open_browser  # noqa: E402

base, dancu, data_dir = sys.argv[1], sys.argv[2], sys.argv[3]


def officer_password(username):
    return demo_officer_password(data_dir, username)


def token(username):
    answer = requests.post(base + "/v1/auth/login", json={"username": username, "password": officer_password(username)})
    return answer.json()["token"]


def submit(selector):
    chromium.submit(browser, selector)


def fill(field_id, text):
    chromium.fill(browser, field_id, text)


browser = open_browser("--lang=vi")
try:
    browser.get(base + "/desk")
    fill("username", "province.officer")
    fill("password", officer_password("province.officer"))
    submit("#sign-in")
    submit("#duplicates")
    pairs = browser.find_elements(By.CSS_SELECTOR, "div[id^='pair-']")
    expect(pairs, "the province officer finds suspected duplicates in the queue")
    pair = pairs[0].get_attribute("id")[len("pair-"):]
    first, second = pair.split("-")
    expect("Căn cứ" in browser.page_source and browser.find_elements(By.CSS_SELECTOR, f"#pair-{pair} ul.evidence li"),
           "each pair shows the evidence per field, in Vietnamese")

    submit(f"#decide-{pair}")
    error = browser.find_elements(By.ID, f"e-decision-{pair}")
    expect(error and "Chọn một quyết định" in error[0].text, "a decision sent without a choice is refused beside the field, in Vietnamese")

    # Keep the record entered first (the planted copy's serial is 900000 or more).
    keep, survivor, duplicate = ("keep-first", first, second) if int(first[-6:]) < 900_000 else ("keep-second", second, first)
    browser.find_element(By.ID, f"{keep}-{pair}").click()
    fill(f"reason-{pair}", "Xác minh tại nơi cư trú: cùng một người, nhập hai lần khi số hóa")
    submit(f"#decide-{pair}")
    expect(browser.find_elements(By.ID, "notice"), "the officer merges the pair and is told so")
    expect(not browser.find_elements(By.ID, f"pair-{pair}"), "the pair has left the queue")

    central = {"Authorization": "Bearer " + token("central.officer"), "DanCu-Purpose": "data-quality"}
    cancelled = requests.get(f"{base}/v1/persons/{duplicate}", headers=central).json()["person"]
    kept = requests.get(f"{base}/v1/persons/{survivor}", headers=central).json()["person"]
    expect(cancelled.get("mergedInto") == survivor and duplicate in kept.get("mergedNumbers", []),
           "the cancelled number resolves to the survivor, which holds it")
    history = requests.get(f"{base}/v1/persons/{duplicate}/history", headers=central).json()
    expect(any("mergedInto" in e.get("change", {}) for e in history["items"]),
           "the duplicate's history keeps everything, and the merge")

    province = {"Authorization": "Bearer " + token("province.officer"), "DanCu-Purpose": "data-quality"}
    undone = requests.post(base + "/v1/quality/merges/undo", headers=province,
                           json={"duplicate": duplicate, "reason": "Không phải một người: xác minh lại"})
    expect(undone.status_code == 200 and undone.json() == {"duplicate": duplicate, "survivor": survivor}, f"the merge is undone: {undone.text}")
    cancelled = requests.get(f"{base}/v1/persons/{duplicate}", headers=central).json()["person"]
    kept = requests.get(f"{base}/v1/persons/{survivor}", headers=central).json()["person"]
    expect("mergedInto" not in cancelled and "mergedNumbers" not in kept, "after the undo both records stand apart again")

    commune = requests.get(base + "/desk/duplicates", cookies={"dancu_desk": token("commune.officer")})
    expect(commune.status_code == 403 and survivor not in commune.text, "a commune officer is refused the queue and sees no one")
    ok("the review queue works in the browser")
finally:
    browser.quit()
print("browser: duplicates passed")
