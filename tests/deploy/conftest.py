"""Fixtures for the deployment-shaped tier: one stack for the whole run
(PostgreSQL, gunicorn and nginx with TLS, see stack.py) and phone-sized
Chromium profiles that reach it at https://localhost:<port>.

These tests are selected with `-m deploy` (script/test-deploy does so);
the ordinary suite leaves them out.
"""

from __future__ import annotations

import psycopg
import pytest
from playwright.sync_api import sync_playwright

from tests.browser.conftest import CHROMIUM_ARGS, Phone
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


@pytest.fixture
def phone(playwright, tmp_path, stack):
    phone = Phone(playwright, tmp_path, stack.url(), args=HTTPS_ARGS, ignore_https_errors=True, accept_downloads=True)
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


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """A failed test's report ends with what each server wrote."""
    outcome = yield
    report = outcome.get_result()
    running = item.funcargs.get("stack") if hasattr(item, "funcargs") else None
    if report.failed and running is not None:
        for service in running.services:
            report.sections.append((f"{service.name} log", service.log()))
