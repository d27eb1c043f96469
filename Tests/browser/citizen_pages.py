"""The citizen's pages in a real browser (Debian's chromium, driven by selenium from PyPI).

Usage: citizen_pages.py BASE_URL DANCU_BINARY DATA_DIR

A relying party (registered with `dancu oidc client add`, client_secret_basic) pushes an authorization
request; chromium signs the demo citizen in on DanCu's page, reads the consent page and allows; the
relying party exchanges the code. Then the citizen, in the browser, opens /me: their record, the consent,
the relying party in "who used my data"; withdraws the consent (the relying party's token stops working),
locks the eID (signed out; signing in is refused), unlocks it with the passcode and signs in again.
Each step prints "OK: ..."; exit 0 when all pass. A screenshot of the self-service page is written to
DATA_DIR/me.png.
"""
import base64, hashlib, os, re, secrets, subprocess, sys, time, urllib.parse

import requests
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "interop"))
from checks import demo_citizen, expect, ok  # noqa: E402
import chromium  # noqa: E402
from chromium import open_browser  # noqa: E402

base, dancu, data_dir = sys.argv[1], sys.argv[2], sys.argv[3]
REDIRECT = "http://127.0.0.1:9/callback"
CLIENT_ID = "browser-rp-" + secrets.token_hex(4)


citizen, password, passcode = demo_citizen(data_dir)
expect(citizen and passcode, "the demo citizen, password and passcode are in demo-credentials.txt")

added = subprocess.run([dancu, "oidc", "client", "add", "--client-id", CLIENT_ID, "--name", "Cổng dịch vụ thử (browser)", "--redirect-uri", REDIRECT,
                        "--scopes", "openid profile birthdate", "--purpose", "public-service", "--legal-basis", "browser test",
                        "--auth", "client_secret_basic", "--data-dir", data_dir, "--database", "sqlite:" + os.path.join(data_dir, "dancu.sqlite")],
                       check=True, capture_output=True, text=True).stdout
secret = re.search(r"client_secret: (\S+)", added).group(1)
auth = (CLIENT_ID, secret)

verifier = secrets.token_urlsafe(48)
challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
pushed = requests.post(base + "/oidc/par", auth=auth, data={
    "response_type": "code", "client_id": CLIENT_ID, "redirect_uri": REDIRECT, "scope": "openid profile birthdate", "state": "s1",
    "nonce": "n1", "code_challenge": challenge, "code_challenge_method": "S256", "purpose": "public-service"})
expect(pushed.status_code == 201, "the relying party pushed its request")

browser = open_browser()


def submit(selector):
    chromium.submit(browser, selector)


def sign_in():
    browser.find_element(By.ID, "username").send_keys(citizen)
    browser.find_element(By.ID, "password").send_keys(password)
    submit("form[action='/me/login'] button")


try:
    browser.get(base + "/oidc/authorize?" + urllib.parse.urlencode({"client_id": CLIENT_ID, "request_uri": pushed.json()["request_uri"]}))
    expect("Cổng dịch vụ thử" in browser.page_source, "chromium shows DanCu's sign-in page naming the relying party")
    browser.find_element(By.ID, "username").send_keys(citizen)
    browser.find_element(By.ID, "password").send_keys(password)
    submit("button[type=submit]")
    items = [li.text for li in browser.find_elements(By.TAG_NAME, "li")]
    expect(len(items) >= 2 and "Giải quyết thủ tục hành chính" in browser.page_source and "public-service" not in browser.page_source,
           "the consent page lists the fields and the purpose in words: " + "; ".join(items))
    try:
        browser.find_element(By.CSS_SELECTOR, "button[value=approve]").click()
        WebDriverWait(browser, 20).until(lambda b: "code=" in b.current_url)
    except Exception:
        pass  # the redirect goes to a port nobody listens on; the address bar still has the code
    query = urllib.parse.parse_qs(urllib.parse.urlparse(browser.current_url).query)
    expect(query.get("state") == ["s1"] and "code" in query, "allowed: the browser went back to the relying party with a code")
    tokens = requests.post(base + "/oidc/token", auth=auth, data={"grant_type": "authorization_code", "code": query["code"][0],
                                                                  "redirect_uri": REDIRECT, "code_verifier": verifier}).json()
    access = tokens["access_token"]
    expect(requests.get(base + "/oidc/userinfo", headers={"Authorization": "Bearer " + access}).status_code == 200, "the relying party reads UserInfo")

    browser.get(base + "/me")
    sign_in()
    page = browser.page_source
    expect(citizen in page and "Cổng dịch vụ thử" in page, "/me shows the record and the consent")
    log_text = browser.find_element(By.ID, "access-log").find_element(By.XPATH, "following-sibling::table").text
    expect(CLIENT_ID in log_text and "Cấp thông tin khi đăng nhập" in log_text and "ICT" in log_text,
           "'who used my data' shows the relying party's token issuance in words, in Viet Nam's time")
    expect("oidc-token" not in log_text and "self-service" not in log_text, "and no raw codes")
    # The transparency log: after a checkpoint covers the lines (one a second), the page's own script checks
    # each line's commitment and inclusion proof against the signed checkpoint, in the browser.
    time.sleep(1.5)
    browser.get(base + "/me")
    WebDriverWait(browser, 20).until(lambda b: b.execute_script("return document.body.dataset.transparency") == "checked")
    cells = browser.find_elements(By.CSS_SELECTOR, "td.proof[data-leaf]")
    verified = [c for c in cells if c.get_attribute("class") == "proof verified"]
    expect(verified and not [c for c in cells if "unverified" in c.get_attribute("class")] and "đã xác minh" in verified[0].text,
           "each line of 'who used my data' covered by the checkpoint says 'đã xác minh / verified' (%d of %d lines)" % (len(verified), len(cells)))
    altered = browser.execute_script("""
        const cell = [...document.querySelectorAll('td.proof.verified')].find(c => c.dataset.path);
        const hashes = cell.dataset.path.split(',');
        hashes[0] = (hashes[0][0] === 'A' ? 'B' : 'A') + hashes[0].slice(1);
        cell.dataset.path = hashes.join(',');
        document.body.dataset.transparency = '';
        document.dispatchEvent(new Event('transparency:verify'));
        return cell.dataset.leaf;""")
    WebDriverWait(browser, 20).until(lambda b: b.execute_script("return document.body.dataset.transparency") == "checked")
    cell = browser.find_element(By.CSS_SELECTOR, "td.proof[data-leaf='%s']" % altered)
    expect("unverified" in cell.get_attribute("class") and "chưa xác minh" in cell.text and "inclusion proof" in cell.text,
           "a line whose proof was altered says why it is not verified: " + cell.text)
    browser.save_screenshot(os.path.join(data_dir, "me.png"))
    # On a phone (360 px wide) nothing runs off the side of the page.
    browser.set_window_size(360, 800)
    browser.get(base + "/me")
    overflow = browser.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
    expect(overflow <= 0, "/me fits a 360 px wide phone (overflow %s px)" % overflow)
    browser.save_screenshot(os.path.join(data_dir, "me-phone.png"))
    styled = browser.execute_script("return getComputedStyle(document.querySelector('header.site')).borderBottomStyle")
    expect(styled == "solid", "the one stylesheet loads under the pages' CSP (header border: %s)" % styled)
    again = requests.post(base + "/oidc/par", auth=auth, data={
        "response_type": "code", "client_id": CLIENT_ID, "redirect_uri": REDIRECT, "scope": "openid profile", "state": "s2",
        "nonce": "n2", "code_challenge": challenge, "code_challenge_method": "S256", "purpose": "public-service"})
    browser.get(base + "/oidc/authorize?" + urllib.parse.urlencode({"client_id": CLIENT_ID, "request_uri": again.json()["request_uri"]}))
    overflow = browser.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
    expect("Cổng dịch vụ thử" in browser.page_source and overflow <= 0,
           "the sign-in page fits a 360 px wide phone too (overflow %s px)" % overflow)
    browser.set_window_size(1200, 1600)
    browser.get(base + "/me")

    submit("button[name=withdraw][value='%s']" % CLIENT_ID)
    expect("Đã rút lại" in browser.page_source, "withdrawing the consent from the page")
    expect(requests.get(base + "/oidc/userinfo", headers={"Authorization": "Bearer " + access}).status_code == 401,
           "and the relying party's token stops working at once")

    submit("#lock")
    expect(browser.find_elements(By.CSS_SELECTOR, "form[action='/me/login']"), "locking signs the citizen out")
    sign_in()
    expect("the account is locked" in browser.page_source, "signing in to a locked eID is refused")

    browser.find_element(By.ID, "u-username").send_keys(citizen)
    browser.find_element(By.ID, "u-password").send_keys(password)
    browser.find_element(By.ID, "u-passcode").send_keys(passcode)
    submit("form[action='/me/unlock'] button")
    expect("Unlocked" in browser.page_source, "the citizen unlocks with password and passcode")
    sign_in()
    expect(citizen in browser.page_source and "Đang hoạt động" in browser.page_source, "and signs in again")
finally:
    browser.quit()
print("browser: all steps passed")
