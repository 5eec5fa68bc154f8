#!/usr/bin/env python3
"""A person's journey through Custodian's pages in headless Chromium, with a comment on the way.

Person: register (accepting the policy) -> browse a site that uses the web SDK (another origin,
identify + page views) -> the privacy centre shows the data -> switch marketing e-mail off ->
unsubscribe from the link on the account page -> download the readable export -> post a comment
under /privacy and check the e-mail address is nowhere in the page -> delete the account.
(The console's journey — one-time password, new password, verify the audit log — is
console-browser.py.)

Every page visited is saved as a PNG in SCREENSHOT_DIR. Prints one JSON object with what was
seen, for the Swift test to check against the server. Exit status 2 when Chromium, chromedriver
or Selenium is missing; 1 with a message on stderr when a step fails.

usage: privacy-journey.py SERVER_URL COLLECT_KEY SCREENSHOT_DIR
"""
import http.server
import json
import os
import shutil
import sys
import threading
import time

try:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait
except ImportError:
    print("selenium is not installed", file=sys.stderr)
    sys.exit(2)

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")

PERSON = {
    "name": "Grace Brewster Hopper",
    "email": "grace.journey@example.org",
    "password": "cobol is a fine language",
    "phone": "+1 202 555 0143",
    "birthDate": "1986-12-09",
}
COMMENT_EMAIL = "commenter.journey@example.net"

SITE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title></head>
<body><h1>{title}</h1><p>An article on the platform's news site.</p>
<script src="{server}/sdk/v1/custodian.js"></script>
<script>
  custodian.init({{ writeKey: {key}, endpoint: {server_json}, flushAt: 50 }});
  custodian.identify({person});
  custodian.page();
  custodian.track('Article Read', {{ section: 'science' }});
  custodian.flush().then(function (ok) {{ window.__sent = ok; }});
</script></body></html>"""


class Journey:
    def __init__(self, driver, server, shots):
        self.driver, self.server, self.shots = driver, server, shots
        self.count = 0
        self.seen = {}

    def shot(self, name):
        self.count += 1
        self.driver.save_screenshot(os.path.join(self.shots, "journey-%02d-%s.png" % (self.count, name)))

    def go(self, path, name=None):
        self.driver.get(self.server + path)
        if name:
            self.shot(name)
        return self.driver.page_source

    def fill(self, fields):
        for name, value in fields.items():
            element = self.driver.find_element(By.NAME, name)
            if element.tag_name == "select":
                element.find_element(By.CSS_SELECTOR, "option[value='%s']" % value).click()
            elif element.get_attribute("type") == "date":
                # Typing into a date control follows the browser's locale; its value is always ISO.
                self.driver.execute_script("arguments[0].value = arguments[1]", element, value)
            else:
                element.clear()
                element.send_keys(value)

    def submit(self, form_selector):
        form = self.driver.find_element(By.CSS_SELECTOR, form_selector)
        form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        WebDriverWait(self.driver, 20).until(lambda d: d.execute_script("return document.readyState") == "complete")

    def expect(self, condition, message):
        if not condition:
            raise AssertionError(message + " (at " + self.driver.current_url + ")")


def serve(pages):
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            body = pages.get(self.path.split("?")[0])
            if body is None:
                self.send_error(404)
                return
            data = body.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd


def person_journey(j, key, pages):
    # Register: the form says that registering accepts the current version of the policy.
    j.go("/register", "register")
    j.expect("Registering means you accept" in j.driver.page_source, "the register page does not say what registering accepts")
    j.fill(PERSON)
    j.submit("form[action='/register']")
    j.expect(j.driver.current_url.endswith("/account"), "registration did not land on the account page")
    j.shot("account")
    me = json.loads(j.driver.execute_script(
        "return fetch('/v1/people/me', {headers: {Accept: 'application/json'}}).then(r => r.text())"))
    person = me["id"]
    j.seen["person"] = person

    # Browse a site of the platform: the web SDK sends identify, a page view and an event.
    for n in (1, 2):
        pages["/article-%d.html" % n] = SITE.format(
            title="Article %d" % n, server=j.server, server_json=json.dumps(j.server), key=json.dumps(key), person=json.dumps(person))
    for n in (1, 2):
        j.driver.get("%s/article-%d.html" % (j.site, n))
        WebDriverWait(j.driver, 20).until(lambda d: d.execute_script("return window.__sent === true"))
    j.shot("site-with-sdk")

    # The privacy centre shows what the SDK sent, under what was recorded automatically.
    deadline = time.time() + 15
    while True:
        source = j.go("/account/data")
        if "page views or actions" in source or time.time() > deadline:
            break
        time.sleep(0.3)
    j.shot("what-we-hold")
    j.expect(PERSON["name"] in source, "the name is not on the data page")
    j.expect("What we record as you use the service" in source, "no automatic section")
    j.expect("page views or actions" in source, "the SDK's events are not shown")
    j.seen["dataPage"] = True

    # Personalised promotions off, with the history saying so (e-mail promotions go by the unsubscribe link next).
    j.go("/account/choices", "choices")
    j.submit("article[aria-labelledby='purpose-marketing-advertising-first_party'] form")
    source = j.driver.page_source
    j.shot("choices-saved")
    j.expect("Your choice is saved." in source, "the choice was not confirmed")
    j.expect("<td>denied</td><td>your choice</td>" in source, "the history does not show the choice")

    # Unsubscribe from the link the account page carries (the same page e-mails link to).
    j.go("/account")
    j.driver.find_element(By.PARTIAL_LINK_TEXT, "Unsubscribe from promotional email").click()
    j.shot("unsubscribe")
    j.driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
    j.shot("unsubscribed")
    j.seen["unsubscribed"] = "unsubscribed" in j.driver.page_source.lower() or "withdrew" in j.driver.page_source.lower()

    # Download: the readable export carries the e-mail address and the events.
    j.go("/account/download", "download")
    j.driver.find_element(By.PARTIAL_LINK_TEXT, "A page to read").click()
    j.shot("export")
    source = j.driver.page_source
    j.expect(PERSON["email"] in source, "the export does not hold the e-mail address")
    j.expect("events" in source, "the export has no events")
    j.seen["exportBytes"] = len(source)

    j.go("/account/activity", "activity")
    j.go("/account/sharing", "sharing")
    j.go("/contact", "contact")


def comment_journey(j):
    """Posts a comment under /privacy and checks its e-mail address is in no page."""
    source = j.go("/privacy")
    j.expect("Leave a Reply" in source, "no Leave a Reply form under the policy")
    j.expect("Your email address will not be published." in source, "the form does not say the address is not published")
    j.expect("Required fields are marked" in source, "the form does not say which fields are required")
    form = j.driver.find_element(By.CSS_SELECTOR, "form#comment-form")
    j.driver.execute_script("arguments[0].scrollIntoView()", form)
    j.shot("leave-a-reply")
    for name, value in (("body", "Clear and complete, thank you."), ("name", "A Reader"), ("email", COMMENT_EMAIL), ("website", "https://reader.example/")):
        field = form.find_element(By.NAME, name)
        field.clear()
        field.send_keys(value)
    form.find_element(By.CSS_SELECTOR, "button[type=submit], input[type=submit]").click()
    j.shot("comment-posted")
    j.expect(COMMENT_EMAIL not in j.driver.page_source, "the commenter's e-mail address is on the page after posting")
    for path in ("/privacy", "/v1/comments?page=/privacy"):
        j.expect(COMMENT_EMAIL not in j.go(path), "the commenter's e-mail address is on " + path)
    j.seen["commentPosted"] = True


def delete_journey(j):
    j.go("/account/delete", "delete")
    j.expect("What is kept" in j.driver.page_source, "the delete page does not say what is kept")
    j.fill({"password": PERSON["password"]})
    j.submit("form[action='/account/delete']")
    j.shot("deleted")
    j.expect("Your account is deleted" in j.driver.page_source, "the account was not deleted")
    j.seen["deleted"] = True


def main():
    if len(sys.argv) != 4:
        print(__doc__, file=sys.stderr)
        return 64
    if not CHROMIUM or not DRIVER:
        print("chromium or chromedriver is not installed", file=sys.stderr)
        return 2
    server, key, shots = sys.argv[1].rstrip("/"), sys.argv[2], sys.argv[3]
    os.makedirs(shots, exist_ok=True)
    pages = {}
    httpd = serve(pages)

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     "--window-size=1200,1600", "--lang=en-GB", "--no-first-run"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    journey = Journey(driver, server, shots)
    journey.site = "http://127.0.0.1:%d" % httpd.server_address[1]
    status = 0
    try:
        driver.set_page_load_timeout(30)
        person_journey(journey, key, pages)
        comment_journey(journey)
        delete_journey(journey)
    except Exception as error:  # noqa: BLE001 - the step and page go to the Swift test
        journey.shot("failure")
        print("%s: %s" % (type(error).__name__, error), file=sys.stderr)
        status = 1
    finally:
        driver.quit()
        httpd.shutdown()
    journey.seen["screenshots"] = sorted(name for name in os.listdir(shots) if name.startswith("journey-"))
    print(json.dumps(journey.seen))
    return status


if __name__ == "__main__":
    sys.exit(main())
