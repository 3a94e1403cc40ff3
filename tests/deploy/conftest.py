"""Fixtures for the deployment-shaped tier: one stack for the whole run
(PostgreSQL, gunicorn and nginx with TLS, see stack.py) and phone-sized
Chromium profiles that reach it at https://localhost:<port>.

These tests are selected with `-m deploy` (script/test-deploy does so);
the ordinary suite leaves them out.
"""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlparse

import psycopg
import pytest
from playwright.sync_api import BrowserContext, Page, sync_playwright

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, PHONE
from tests.deploy.stack import Stack

# The certificate is made at start-up and trusted by no one: the service
# worker's script is refused on a certificate error unless Chromium itself
# is told to look past it.
HTTPS_ARGS = [*CHROMIUM_ARGS, "--ignore-certificate-errors"]


@pytest.fixture(scope="session")
def stack():
    with Stack() as stack:
        yield stack


@pytest.fixture(scope="session")
def playwright():
    with sync_playwright() as p:
        yield p


class Phone:
    """Fresh persistent Chromium profiles (new devices), closed after the test."""

    def __init__(self, playwright, tmp_path, stack: Stack):
        self.playwright = playwright
        self.tmp_path = tmp_path
        self.stack = stack
        self.contexts: list[BrowserContext] = []
        self.foreign_requests: list[str] = []
        self.other_origins: set[str] = set()  # sites a test itself opens

    def open(self, javascript: bool = True) -> BrowserContext:
        context = self.playwright.chromium.launch_persistent_context(
            str(self.tmp_path / f"profile-{len(self.contexts)}"),
            executable_path=CHROMIUM,
            args=HTTPS_ARGS,
            headless=True,
            viewport=PHONE,
            screen=PHONE,
            device_scale_factor=3,
            is_mobile=True,
            has_touch=True,
            java_script_enabled=javascript,
            ignore_https_errors=True,
            accept_downloads=True,
            locale="en-GB",
        )
        own = urlparse(self.stack.url()).netloc
        context.on(
            "request",
            lambda request: (
                self.foreign_requests.append(request.url)
                if urlparse(request.url).scheme in ("http", "https")
                and urlparse(request.url).netloc not in (own, *self.other_origins)
                else None
            ),
        )
        self.contexts.append(context)
        return context

    def page(self, javascript: bool = True) -> Page:
        context = self.open(javascript=javascript)
        return context.pages[0] if context.pages else context.new_page()

    def close(self) -> None:
        for context in self.contexts:
            context.close()


@pytest.fixture
def phone(playwright, tmp_path, stack):
    phone = Phone(playwright, tmp_path, stack)
    yield phone
    phone.close()
    assert phone.foreign_requests == [], f"requests left this origin: {phone.foreign_requests}"


@pytest.fixture
def app_url(stack):
    return stack.url


def table_rows(stack: Stack) -> dict[str, int]:
    """How many rows each of the app's tables holds, read from PostgreSQL."""
    with psycopg.connect(stack.postgresql.url) as connection:
        tables = [
            name
            for (name,) in connection.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'alembic_version'"
            )
        ]
        return {name: connection.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in sorted(tables)}


@pytest.fixture
def rows(stack):
    return lambda: table_rows(stack)


class OtherSite:
    """A plain-HTTP site on another origin (127.0.0.1, another port): each
    path answers the HTML it was given."""

    def __init__(self):
        pages: dict[str, str] = {}
        self.pages = pages

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                body = pages.get(self.path, "").encode()
                self.send_response(200 if body else 404)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server.server_port}{path}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def other_site():
    site = OtherSite()
    yield site
    site.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """A failed test's report ends with what each server wrote."""
    outcome = yield
    report = outcome.get_result()
    running = item.funcargs.get("stack") if hasattr(item, "funcargs") else None
    if report.failed and running is not None:
        for service in running.services:
            report.sections.append((f"{service.name} log", service.log()))
