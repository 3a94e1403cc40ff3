"""Real-browser fixtures: Debian's Chromium, driven by Playwright, at phone size.

A live server runs the app in a thread on a free port of 127.0.0.1 (a
secure context for Chromium, so service workers and Secure cookies work).
Each phone is a fresh persistent browser profile: a new device every time,
and not incognito, so installability can be checked.
"""

import os
import threading
from dataclasses import dataclass
from urllib.parse import urlparse

import pytest
from playwright.sync_api import BrowserContext, Page, sync_playwright
from werkzeug.serving import make_server

from tests.conftest import make_app, migrate

CHROMIUM = os.environ.get("SPASM_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
PHONE = {"width": 390, "height": 844}


def pytest_collection_modifyitems(items):
    for item in items:
        if "/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@dataclass
class LiveServer:
    url: str
    app: object

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


@pytest.fixture(scope="session")
def playwright():
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: run script/test, which installs Chromium from Debian.")
    with sync_playwright() as p:
        yield p


class Phone:
    """Opens phone-sized browser profiles and closes them after the test."""

    def __init__(self, playwright, tmp_path, live_server):
        self.playwright = playwright
        self.tmp_path = tmp_path
        self.live_server = live_server
        self.contexts: list[BrowserContext] = []
        self.foreign_requests: list[str] = []

    def open(self, color_scheme: str = "light", javascript: bool = True, **options) -> BrowserContext:
        profile_dir = self.tmp_path / f"profile-{len(self.contexts)}"
        context = self.playwright.chromium.launch_persistent_context(
            str(profile_dir),
            executable_path=CHROMIUM,
            args=CHROMIUM_ARGS,
            headless=True,
            viewport=PHONE,
            screen=PHONE,
            device_scale_factor=3,
            is_mobile=True,
            has_touch=True,
            color_scheme=color_scheme,
            java_script_enabled=javascript,
            locale="en-GB",
            **options,
        )
        own_host = urlparse(self.live_server.url).netloc
        context.on(
            "request",
            lambda request: (
                self.foreign_requests.append(request.url)
                if urlparse(request.url).scheme in ("http", "https") and urlparse(request.url).netloc != own_host
                else None
            ),
        )
        self.contexts.append(context)
        return context

    def page(self, **options) -> Page:
        context = self.open(**options)
        return context.pages[0] if context.pages else context.new_page()

    def close(self):
        for context in self.contexts:
            context.close()


@pytest.fixture
def phone(playwright, tmp_path, live_server):
    phone = Phone(playwright, tmp_path, live_server)
    yield phone
    phone.close()
    assert phone.foreign_requests == [], f"requests left this origin: {phone.foreign_requests}"


@pytest.fixture
def page(phone) -> Page:
    """One phone, light theme, JavaScript on."""
    return phone.page()
