"""Fixtures: an app on a fresh, migrated database for every test.

SQLite by default: the schema is migrated once into a template file that each
test copies. With SPASM_TEST_DATABASE_URL set (CI does this), the same tests
run against PostgreSQL, emptied after each test.
"""

import os
import shutil
from datetime import UTC, datetime, timedelta

import flask_migrate
import pytest
from sqlalchemy import event, func, select, text

from spasm import create_app
from spasm.extensions import db

POSTGRES_URL = os.environ.get("SPASM_TEST_DATABASE_URL")
HTMX = {"HX-Request": "true"}
# What a browser says of a request that a page on another site made.
CROSS_SITE = {"Sec-Fetch-Site": "cross-site"}
TEST_SECRET = "test-secret-key-not-for-production"
# A VAPID key for the tests, so none is written into the checkout's instance/.
TEST_VAPID_KEY = "8T3vg1SWBbHfWWnbmUHBtfB0Fi0qDcjSgmTb2Ur3MPo"
TEST_VAPID_SUBJECT = "mailto:tests@spasm.example"
# Where a test's hand-moved clock starts.
T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


_apps_made: list = []


def make_app(database_uri: str, **overrides):
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": TEST_SECRET,
            "VAPID_PRIVATE_KEY": TEST_VAPID_KEY,
            "VAPID_SUBJECT": TEST_VAPID_SUBJECT,
            "SQLALCHEMY_DATABASE_URI": database_uri,
            **overrides,
        }
    )
    _apps_made.append(app)
    return app


@pytest.fixture(autouse=True)
def close_database_connections():
    """Close every connection a test's apps opened, so none is left for the
    garbage collector to find (and warn about) during a later test."""
    yield
    while _apps_made:
        app = _apps_made.pop()
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


def migrate(app) -> None:
    with app.app_context():
        flask_migrate.upgrade()
        db.engine.dispose()


@pytest.fixture(scope="session")
def template_database(tmp_path_factory):
    """A migrated database to start each test from."""
    if POSTGRES_URL:
        app = make_app(POSTGRES_URL)
        with app.app_context():
            db.session.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            db.session.execute(text("CREATE SCHEMA public"))
            db.session.commit()
        migrate(app)
        return None
    path = tmp_path_factory.mktemp("template") / "spasm.sqlite3"
    migrate(make_app(f"sqlite:///{path}"))
    return path


@pytest.fixture
def database_uri(template_database, tmp_path):
    if POSTGRES_URL:
        return POSTGRES_URL
    path = tmp_path / "spasm.sqlite3"
    shutil.copy(template_database, path)
    return f"sqlite:///{path}"


@pytest.fixture
def app(database_uri):
    app = make_app(database_uri)
    yield app
    with app.app_context():
        if POSTGRES_URL:
            tables = ", ".join(t.name for t in db.metadata.sorted_tables)
            db.session.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
            db.session.commit()
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def sql_statements(app):
    """Every SQL statement the app sends to the database during the test."""
    statements = []

    def record(conn, cursor, statement, *args):
        statements.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    yield statements
    event.remove(engine, "before_cursor_execute", record)


@pytest.fixture
def other_client(app):
    """A second device, with its own cookie jar."""
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def other_site():
    """A site on another origin, for pages that attack this one."""
    from tests.browser.servers import OtherSite

    site = OtherSite()
    yield site
    site.close()


class Clock:
    """A clock the test moves by hand: the app reads it as its "now"."""

    def __init__(self, moment: datetime):
        self.moment = moment

    def __call__(self) -> datetime:
        return self.moment

    def advance(self, **delta) -> datetime:
        self.moment += timedelta(**delta)
        return self.moment

    def at(self, **delta) -> datetime:
        """Set the clock to T0 plus `delta`."""
        self.moment = T0 + timedelta(**delta)
        return self.moment


@pytest.fixture
def clock(app):
    fixed = Clock(T0)
    app.config["CLOCK"] = fixed
    return fixed


def count(app, model) -> int:
    """How many rows of `model` the database holds, for every device."""
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))
