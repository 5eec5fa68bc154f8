#!/usr/bin/env python3
"""Loads pages that use the Custodian web SDK in headless Chromium, as a visitor would.

Serves three small pages from a second origin (http.server on 127.0.0.1, another port), each
including the SDK from the Custodian server under test:
  normal   - page() and track() with the anonymous id kept in localStorage (sendBeacon);
  gpc      - the same under Global Privacy Control (emulated: Chromium has no switch for it);
  refused  - analytics consent refused, sent with fetch (keepalive) instead of a beacon.
The first page is reached through a link, so it has a referrer. Prints one JSON object with
what each page saw (ids, user agent, language, screen) for the Swift test to compare with what
the server stored. Exit status 2 when Chromium, chromedriver or Selenium is missing.

usage: web-sdk-browser.py SERVER_URL WRITE_KEY
"""
import http.server
import json
import os
import shutil
import sys
import threading

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

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title></head>
<body><h1>{title}</h1>
<script>{capture}{before}</script>
<script src="{server}/sdk/v1/custodian.js"></script>
<script>
  custodian.init({{ writeKey: {key}, endpoint: {server_json}, flushAt: 50, beacon: {beacon} }});
  {calls}
  custodian.flush().then(function (ok) {{ return Promise.all(window.__bodies).then(function (bodies) {{
    window.__result = {{
      sent: ok,
      batches: bodies.map(JSON.parse),
      storedAnonymousId: localStorage.getItem('custodian.anonymousId'),
      userAgent: navigator.userAgent,
      language: navigator.language,
      screen: [screen.width, screen.height],
      timezone: Intl.DateTimeFormat().resolvedOptions().timeZone
    }};
  }}); }});
</script></body></html>"""

START = """<!doctype html><html><head><meta charset="utf-8"><title>Start</title></head>
<body><a id="go" href="/normal.html?token=secret">Read on</a></body></html>"""


# Keeps a copy of every request body the SDK sends, to compare with what the server stored.
CAPTURE = """window.__bodies = [];
(function () {
  var beacon = navigator.sendBeacon.bind(navigator), fetch = window.fetch;
  navigator.sendBeacon = function (url, data) { window.__bodies.push(data.text()); return beacon(url, data); };
  window.fetch = function (url, options) { window.__bodies.push(Promise.resolve(options.body)); return fetch(url, options); };
})();"""


def pages(server, key):
    gpc = "Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: function () { return true; } });"
    common = dict(server=server, server_json=json.dumps(server), key=json.dumps(key), capture=CAPTURE)
    return {
        "/start.html": START,
        "/normal.html": PAGE.format(title="Normal page", before="", beacon="true",
                                    calls="custodian.page(); custodian.track('Signed Up', { plan: 'free' });", **common),
        "/gpc.html": PAGE.format(title="Private page", before=gpc, beacon="true",
                                 calls="custodian.page(); custodian.track('Private Read');", **common),
        "/refused.html": PAGE.format(title="Refused page", before="", beacon="false",
                                     calls="custodian.consent({ analytics: false }); custodian.identify('person-refused');"
                                           " custodian.page(); custodian.track('Refused Read');", **common),
    }


def serve(content):
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            body = content.get(self.path.split("?")[0])
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


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 64
    if not CHROMIUM or not DRIVER:
        print("chromium or chromedriver is not installed", file=sys.stderr)
        return 2
    server, key = sys.argv[1].rstrip("/"), sys.argv[2]
    httpd = serve(pages(server, key))
    origin = "http://127.0.0.1:%d" % httpd.server_address[1]

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     "--window-size=1280,800", "--lang=de-CH", "--no-first-run"):
        options.add_argument(argument)
    options.add_experimental_option("prefs", {"intl.accept_languages": "de-CH,de"})
    driver = webdriver.Chrome(service=Service(DRIVER, env=dict(os.environ, LANGUAGE="de_CH:de", TZ="Europe/Zurich")),
                              options=options)
    results = {"origin": origin}
    try:
        driver.set_page_load_timeout(30)
        driver.get(origin + "/start.html")
        driver.find_element(By.ID, "go").click()
        for name in ("normal", "gpc", "refused"):
            if name != "normal":
                driver.get("%s/%s.html" % (origin, name))
            result = WebDriverWait(driver, 20).until(lambda d: d.execute_script("return window.__result"))
            result["url"] = driver.current_url
            results[name] = result
        # Leaving the last page lets a queued beacon go; nothing should be queued by now.
        driver.get("about:blank")
    finally:
        driver.quit()
        httpd.shutdown()
    print(json.dumps(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
