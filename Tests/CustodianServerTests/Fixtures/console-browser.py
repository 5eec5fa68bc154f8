#!/usr/bin/env python3
"""Signs in to the staff console in headless Chromium as a staff member would, by keyboard and
clicks only (the console has no script): the one-time password, the forced choice of a new
one, the audit log, the "Verify chain" button, sign-out. Saves a screenshot of each page in
SCREENSHOT_DIR. Prints one JSON object with what each step showed. Exit status 2 when Chromium,
chromedriver or Selenium is missing.

usage: console-browser.py SERVER_URL EMAIL ONE_TIME_PASSWORD SCREENSHOT_DIR
"""
import json
import os
import shutil
import sys

try:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
except ImportError:
    print("selenium is not installed", file=sys.stderr)
    sys.exit(2)

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
NEW_PASSWORD = "a staff password chosen in the browser"


def main():
    if not CHROMIUM or not DRIVER:
        print("chromium or chromedriver is not installed", file=sys.stderr)
        return 2
    server, email, one_time, shots = sys.argv[1].rstrip("/"), sys.argv[2], sys.argv[3], sys.argv[4]
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     "--window-size=1280,900", "--no-first-run"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    seen = {}

    def shot(name):
        driver.save_screenshot(os.path.join(shots, "console-%s.png" % name))

    def fill(field, value):
        element = driver.find_element(By.ID, "field-" + field)
        element.clear()
        element.send_keys(value)

    try:
        driver.set_page_load_timeout(30)
        driver.get(server + "/admin")
        seen["signInUrl"] = driver.current_url
        seen["signInTitle"] = driver.title
        shot("sign-in")
        fill("email", email)
        fill("password", one_time)
        driver.find_element(By.CSS_SELECTOR, "form[action='/admin/sign-in'] button[type=submit]").click()
        seen["afterSignInUrl"] = driver.current_url
        seen["passwordHeading"] = driver.find_element(By.TAG_NAME, "h1").text
        shot("choose-password")
        fill("current_password", one_time)
        fill("new_password", NEW_PASSWORD)
        fill("confirm_password", NEW_PASSWORD)
        driver.find_element(By.CSS_SELECTOR, "form[action='/admin/password'] button[type=submit]").click()
        seen["dashboardUrl"] = driver.current_url
        seen["dashboardText"] = driver.find_element(By.TAG_NAME, "main").text
        seen["navigation"] = [a.get_attribute("href") for a in driver.find_elements(By.CSS_SELECTOR, "nav a")]
        shot("dashboard")
        driver.find_element(By.LINK_TEXT, "Audit log").click()
        seen["auditUrl"] = driver.current_url
        shot("audit-log")
        driver.find_element(By.XPATH, "//button[normalize-space()='Verify chain']").click()
        seen["verifyText"] = driver.find_element(By.CSS_SELECTOR, "main p[role=status]").text
        shot("audit-verified")
        driver.find_element(By.XPATH, "//button[normalize-space()='Sign out']").click()
        seen["signedOutUrl"] = driver.current_url
        seen["cookies"] = [c["name"] for c in driver.get_cookies()]
        shot("signed-out")
    finally:
        driver.quit()
    print(json.dumps(seen))
    return 0


if __name__ == "__main__":
    sys.exit(main())
