"""What the browser tests share: Debian's chromium driven headless by selenium, and a form submission
that waits for the next page."""
from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait


def open_browser(*extra_flags):
    options = Options()
    for flag in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1200,1600", *extra_flags]:
        options.add_argument(flag)
    options.binary_location = "/usr/bin/chromium"
    browser = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    browser.set_page_load_timeout(20)
    return browser


def submit(browser, selector):
    """Clicks a form's button and waits until the next page has replaced this one and has loaded.
    Chromium's driver reports a replaced page either as a stale element or, now and then, as a node
    that "does not belong to the document"; both mean the old page is gone."""
    page = browser.find_element(By.TAG_NAME, "html")
    browser.find_element(By.CSS_SELECTOR, selector).click()

    def replaced(_):
        try:
            page.is_enabled()
            return False
        except WebDriverException:  # StaleElementReferenceException is one
            return True

    WebDriverWait(browser, 20).until(replaced)
    WebDriverWait(browser, 20).until(lambda b: b.execute_script("return document.readyState") == "complete")


def fill(browser, field_id, text):
    """Replaces what the field holds with `text`, typed."""
    element = browser.find_element(By.ID, field_id)
    element.clear()
    element.send_keys(text)
