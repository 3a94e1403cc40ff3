"""What both engines must do, and the WebKit half of it: WebKitGTK's
MiniBrowser, driven by WebKitWebDriver through Selenium, at 390 px wide.

The Firefox half is firefox.test.mjs. This file is not named test_*.py so
that plain pytest leaves it out: script/test-engines runs it by name, with
the engines it needs installed.

WebKitWebDriver has no log to read, so each page gets a recorder as soon as
it has loaded (window.onerror, unhandled rejections, console.error and CSP
violations into window.__errors), put in place again whenever the test waits
on the page, and read before the page is left. It misses anything a page
does before the recorder is in place: an error while the page itself loads
shows only as a page that does not work.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
import urllib.request
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.client_config import ClientConfig
from selenium.webdriver.remote.remote_connection import RemoteConnection
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.ui import WebDriverWait
from selenium.webdriver.webkitgtk.options import Options

from tests.engines.server import DEVICE_COOKIE, Server, device_rows, free_port

WEBDRIVER = shutil.which("WebKitWebDriver") or "/usr/bin/WebKitWebDriver"
PHONE = (390, 844)
COLD_SECONDS = 15 * 60
PAGES = ["/", "/relief/position", "/relief/heat-cold", "/timer", "/red-flags", "/history", "/prevention", "/settings"]

# MiniBrowser's toolbar holds the window wider than a phone; tiny widgets let
# it shrink to 390 px. Only the toolbar is affected: the page draws itself.
SMALL_TOOLBAR = "* { font-size: 1px; padding: 0; margin: 0; min-width: 0; min-height: 0; border-width: 0; }\n"

RECORDER = """
if (!window.__errors) {
  window.__errors = [];
  const note = (text) => window.__errors.push(location.pathname + ": " + text);
  window.addEventListener("error", (event) => note(String(event.message || event.type)));
  window.addEventListener("unhandledrejection", (event) => note("unhandled rejection: " + String(event.reason)));
  document.addEventListener("securitypolicyviolation", (event) => note("CSP refused " + event.blockedURI));
  const original = console.error;
  console.error = function (...args) {
    note("console.error: " + args.map(String).join(" "));
    original.apply(console, args);
  };
}
"""


def minibrowser() -> str:
    """Where the webkit2gtk package put MiniBrowser."""
    listing = subprocess.run(["dpkg", "-S", "*/MiniBrowser"], capture_output=True, text=True).stdout
    paths = [line.split(": ", 1)[1] for line in listing.splitlines() if line.endswith("/MiniBrowser")]
    assert paths, "MiniBrowser is missing: script/test-engines installs webkit2gtk-driver"
    return sorted(paths)[-1]


class Phone:
    """One MiniBrowser window: a new device, its errors gathered page by page."""

    def __init__(self, webdriver_url: str, server: Server):
        self.server = server
        options = Options()
        options.binary_location = minibrowser()
        options.add_argument("--automation")
        connection = RemoteConnection(client_config=ClientConfig(remote_server_addr=webdriver_url))
        self.driver = webdriver.Remote(command_executor=connection, options=options)
        self.driver.set_window_size(*PHONE)
        self.errors: list[str] = []

    def visit(self, path: str) -> None:
        self.gather()
        self.driver.get(self.server(path))
        self.record()

    def reload(self) -> None:
        self.gather()
        self.driver.refresh()
        self.record()

    def record(self) -> None:
        self.until(lambda: self.js(RECORDER + "return document.readyState;") == "complete", "the page to load")

    def gather(self) -> None:
        """Keep what the recorder saw on this page (none on a page without it)."""
        found = self.driver.execute_script("const seen = window.__errors || []; window.__errors = []; return seen;")
        self.errors.extend(found or [])

    def js(self, script: str, *args: Any) -> Any:
        return self.driver.execute_script(script, *args)

    def promise(self, expression: str) -> Any:
        """The value a promise settles to in the page."""
        return self.driver.execute_async_script(
            f"const done = arguments[arguments.length - 1];"
            f"Promise.resolve({expression}).then(done, (error) => done('rejected: ' + error));"
        )

    def until(self, check: Callable[[], Any], what: str, seconds: float = 15) -> Any:
        return WebDriverWait(self.driver, seconds, poll_frequency=0.1).until(lambda _: check(), f"waited for {what}")

    def until_js(self, condition: str, seconds: float = 15) -> Any:
        # A tap may have loaded a new page meanwhile: it gets the recorder too.
        return self.until(lambda: self.js(f"{RECORDER}return {condition}"), condition, seconds)

    def button(self, name: str, within: str = "body") -> WebElement:
        def find() -> WebElement | None:
            for element in self.driver.find_elements(By.CSS_SELECTOR, f"{within} button"):
                if element.text.strip() == name and element.is_displayed():
                    return element
            return None

        return self.until(find, f"a button {name!r}")

    def tap(self, name: str, within: str = "body") -> None:
        button = self.button(name, within)
        # WebDriver clicks the middle of what is in view; keep it clear of the bars.
        self.js("arguments[0].scrollIntoView({block: 'center'})", button)
        button.click()
        # A tap may load a new page: give it the recorder once it has loaded.
        self.record()

    def device_token(self) -> str:
        cookie = self.driver.get_cookie(DEVICE_COOKIE)
        assert cookie, f"no {DEVICE_COOKIE} cookie: {self.driver.get_cookies()}"
        return cookie["value"]

    def quit(self) -> None:
        self.driver.quit()


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[Server]:
    server = Server(tmp_path_factory.mktemp("server"))
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def webkit_webdriver(tmp_path_factory) -> Iterator[str]:
    """WebKitWebDriver on a spare port; each session it opens is a new
    MiniBrowser with its own empty data: a new device."""
    config = tmp_path_factory.mktemp("xdg")
    (config / "gtk-3.0").mkdir()
    (config / "gtk-3.0" / "gtk.css").write_text(SMALL_TOOLBAR)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    process = subprocess.Popen(
        [WEBDRIVER, f"--port={port}", "--host=127.0.0.1"],
        env={**os.environ, "XDG_CONFIG_HOME": str(config)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                with urllib.request.urlopen(url + "/status", timeout=1):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("WebKitWebDriver did not start") from None
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=15)


@pytest.fixture
def phone(webkit_webdriver, server) -> Iterator[Phone]:
    phone = Phone(webkit_webdriver, server)
    try:
        yield phone
        phone.gather()
        assert phone.errors == [], "errors in the page"
    finally:
        phone.quit()


def countdown(phone: Phone) -> int:
    """The running timer's countdown, in seconds, once it shows one."""
    text = phone.until_js(
        "(() => { const t = document.querySelector('[data-timer-live] [data-timer-remaining]');"
        " return t && /^\\d+:\\d\\d$/.test(t.textContent) && t.textContent; })()"
    )
    minutes, seconds = text.split(":")
    return int(minutes) * 60 + int(seconds)


def test_one_tap_from_home_shows_the_position(phone):
    phone.visit("/")
    assert phone.js("return innerWidth") == PHONE[0]
    phone.tap("I'm having a spasm")
    phone.until_js("document.querySelector('#relief-card .position-figure svg') !== null")
    title = phone.driver.find_element(By.CSS_SELECTOR, "#relief-card h1").text
    assert title == "Stop and get down safely"
    assert phone.driver.current_url == phone.server("/relief/position")


def test_a_cold_timer_survives_a_reload_and_stops_on_the_server(phone, server):
    phone.visit("/timer")
    phone.tap("Start cold · 15 min")
    phone.until_js("document.querySelector('article[data-timer]:not([data-local])') !== null")
    phone.reload()
    assert COLD_SECONDS - 5 <= countdown(phone) <= COLD_SECONDS
    (timer,) = device_rows(server.database, phone.device_token())["timers"]
    assert (timer["kind"], timer["status"], timer["planned_seconds"]) == ("cold", "running", COLD_SECONDS)

    phone.tap("Stop early")
    phone.until_js("document.body.textContent.includes('Cold timer stopped after 0 minutes.')")
    (timer,) = device_rows(server.database, phone.device_token())["timers"]
    assert timer["status"] == "stopped"
    phone.reload()
    assert phone.js("return document.querySelectorAll('article[data-timer]').length") == 0


def test_with_the_server_down_the_phone_answers_and_sends_it_all_once_later(phone, server):
    phone.visit("/")
    phone.until(lambda: phone.promise("navigator.serviceWorker.ready.then(() => true)"), "the service worker")
    phone.until_js("navigator.serviceWorker.controller !== null")
    phone.until(
        lambda: phone.promise(
            "caches.keys().then((names) => names.some((name) => name.startsWith('spasm-fragments-')))"
        ),
        "the offline copies",
    )

    server.stop()
    try:
        phone.visit("/red-flags")
        assert phone.driver.find_element(By.TAG_NAME, "h1").text == "When to get help"
        phone.visit("/")
        phone.tap("I'm having a spasm")
        phone.until_js("document.querySelector('#relief-card .position-figure svg') !== null")
        phone.tap("Start heat", within="#relief-card")
        assert 20 * 60 - 10 <= countdown(phone) <= 20 * 60
        phone.until(lambda: phone.promise("SpasmOutbox.pending().then((items) => items.length)") == 2, "two kept")
        kinds = phone.promise("SpasmOutbox.pending().then((items) => items.map((item) => item.kind))")
        assert kinds == ["episode", "timer-start"]
    finally:
        server.start()

    # The page sends what it kept as soon as a page loads with the signal back.
    phone.visit("/history")
    phone.until(lambda: phone.promise("SpasmOutbox.pending().then((items) => items.length)") == 0, "the outbox sent")
    phone.reload()
    episodes = phone.driver.find_elements(By.CSS_SELECTOR, ".episode-list li a")
    assert len(episodes) == 1
    phone.gather()
    episodes[0].click()
    phone.record()
    sessions = [item.text for item in phone.driver.find_elements(By.CSS_SELECTOR, ".session-list li")]
    assert len(sessions) == 1 and sessions[0].startswith("Heat"), sessions
    rows = device_rows(server.database, phone.device_token())
    assert len(rows["episodes"]) == 1
    assert [timer["kind"] for timer in rows["timers"]] == ["heat"]


def test_read_aloud_turns_on_and_off(phone):
    phone.visit("/relief/position")
    if not phone.js("return 'speechSynthesis' in window && 'SpeechSynthesisUtterance' in window"):
        assert not phone.driver.find_element(By.CSS_SELECTOR, "[data-speech-start]").is_displayed()
        return
    phone.tap("Read aloud")
    phone.button("Stop reading")
    assert phone.js("return localStorage.getItem('spasm.readAloud')") == "on"
    phone.tap("Stop reading")
    phone.button("Read aloud")
    assert phone.js("return localStorage.getItem('spasm.readAloud')") is None


def test_the_pages_load_with_no_errors(phone):
    for path in PAGES:
        phone.visit(path)
        assert re.search(r"\S", phone.driver.find_element(By.TAG_NAME, "h1").text), path
