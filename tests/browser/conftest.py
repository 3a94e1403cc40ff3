"""Real-browser fixtures: Debian's Chromium, driven by Playwright, at phone size.

A live server runs the app in a thread on a free port of 127.0.0.1 (a
secure context for Chromium, so service workers and Secure cookies work).
Each phone is a fresh persistent browser profile, started as chromium.py
says: a new device every time, and not incognito, so installability can be
checked.
"""

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import urlparse

import pytest
from flask import Flask
from playwright.sync_api import BrowserContext, Page, sync_playwright
from werkzeug.serving import make_server

from tests.browser.chromium import CHROMIUM, CHROMIUM_ARGS, first_page, launch_phone
from tests.conftest import make_app, migrate


def pytest_collection_modifyitems(items):
    for item in items:
        if "/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@dataclass
class LiveServer:
    url: str
    app: Flask

    def __call__(self, path: str = "/") -> str:
        return self.url + path


def start_server(app):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    """The app on a real port with its own migrated SQLite file."""
    path = tmp_path_factory.mktemp("live") / "spasm.sqlite3"
    app = make_app(f"sqlite:///{path}")
    migrate(app)
    server = start_server(app)
    yield LiveServer(url=f"http://127.0.0.1:{server.server_port}", app=app)
    server.shutdown()


@contextmanager
def timers_lasting(live_server: LiveServer, seconds: int) -> Iterator[None]:
    """Every timer started meanwhile lasts `seconds`. The app keeps shared
    pages in memory (their timer plans included), so those are forgotten on
    the way in and on the way out: no other test sees these lengths."""
    forget = live_server.app.extensions["spasm_page_cache"].forget_all
    live_server.app.config["TIMER_TEST_SECONDS"] = seconds
    forget()
    try:
        yield
    finally:
        live_server.app.config.pop("TIMER_TEST_SECONDS", None)
        forget()


@pytest.fixture(scope="session")
def playwright():
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: run script/test, which installs Chromium from Debian.")
    with sync_playwright() as p:
        yield p


class Phone:
    """Opens phone-sized browser profiles (each a new device) on the app at
    `base_url`, and closes them after the test. Any request to another
    origin, except to sites a test opens itself, fails the test."""

    def __init__(self, playwright, tmp_path, base_url: str, args: list[str] = CHROMIUM_ARGS, **defaults):
        self.playwright = playwright
        self.tmp_path = tmp_path
        self.own_host = urlparse(base_url).netloc
        self.args = args
        self.defaults = defaults
        self.contexts: list[BrowserContext] = []
        self.foreign_requests: list[str] = []
        self.other_origins: set[str] = set()  # sites a test itself opens

    def open(self, color_scheme: str = "light", javascript: bool = True, **options) -> BrowserContext:
        profile_dir = self.tmp_path / f"profile-{len(self.contexts)}"
        # A test may ask for another phone size (viewport and screen).
        context = launch_phone(
            self.playwright,
            profile_dir,
            args=self.args,
            color_scheme=color_scheme,
            java_script_enabled=javascript,
            **{**self.defaults, **options},
        )
        context.on("request", self._note_if_foreign)
        self.contexts.append(context)
        return context

    def _note_if_foreign(self, request) -> None:
        url = urlparse(request.url)
        if url.scheme in ("http", "https") and url.netloc not in (self.own_host, *self.other_origins):
            self.foreign_requests.append(request.url)

    def page(self, **options) -> Page:
        return first_page(self.open(**options))

    def close(self):
        for context in self.contexts:
            context.close()


@pytest.fixture
def phone(playwright, tmp_path, live_server):
    phone = Phone(playwright, tmp_path, live_server.url)
    yield phone
    phone.close()
    assert phone.foreign_requests == [], f"requests left this origin: {phone.foreign_requests}"


@pytest.fixture
def page(phone) -> Page:
    """One phone, light theme, JavaScript on."""
    return phone.page()
