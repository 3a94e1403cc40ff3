"""A database that is locked by someone else or read-only for a while: a calm
503 that changes nothing, and recovery with no restart. Each test runs on
SQLite and, in CI, again on PostgreSQL."""

from __future__ import annotations

import sqlite3
from contextlib import contextmanager

import pytest
from sqlalchemy import create_engine, event, func, select, text

from spasm.extensions import db
from spasm.models import Profile
from spasm.web import database

from .conftest import HTMX, make_app

BUSY_MS = 200


@pytest.fixture
def quick_app(app, database_uri):
    """The app with a short busy timeout (the `app` fixture cleans up after both)."""
    return make_app(database_uri, DATABASE_BUSY_TIMEOUT_MS=BUSY_MS)


@pytest.fixture
def quick_client(quick_app):
    return quick_app.test_client()


def engine_of(app):
    with app.app_context():
        return db.engine


@contextmanager
def write_lock_held_elsewhere(app):
    """Another process's connection holds the database's write lock: SQLite's
    RESERVED lock, or on PostgreSQL an exclusive lock on every table."""
    url = engine_of(app).url
    if url.get_backend_name() == "sqlite":
        other = sqlite3.connect(url.database, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        try:
            yield
        finally:
            other.execute("ROLLBACK")
            other.close()
        return
    other_engine = create_engine(url)
    try:
        with other_engine.connect() as other:
            tables = ", ".join(t.name for t in db.metadata.sorted_tables)
            other.execute(text(f"LOCK TABLE {tables} IN ACCESS EXCLUSIVE MODE"))
            try:
                yield
            finally:
                other.rollback()
    finally:
        other_engine.dispose()


@contextmanager
def read_only_database(app):
    """The database refuses writes for a while. Connections opened meanwhile
    are read-only (a SQLite file opened while it could not be written; a
    PostgreSQL database set to read-only transactions), as after a worker
    restarted during the outage. Nothing resets the app's pool afterwards:
    the app must find out by itself."""
    engine = engine_of(app)
    engine.dispose()
    if engine.url.get_backend_name() == "sqlite":
        path = engine.url.database
        state = {"read_only": True}

        def connect_read_only(dialect, record, cargs, cparams):
            if state["read_only"]:
                return sqlite3.connect(f"file:{path}?mode=ro", uri=True, **cparams)
            return None

        event.listen(engine, "do_connect", connect_read_only)
        try:
            yield
        finally:
            state["read_only"] = False
        return
    admin = create_engine(engine.url, isolation_level="AUTOCOMMIT")
    name = engine.url.database
    try:
        with admin.connect() as connection:
            connection.execute(text(f"ALTER DATABASE {name} SET default_transaction_read_only = on"))
        try:
            yield
        finally:
            with admin.connect() as connection:
                connection.execute(text(f"ALTER DATABASE {name} RESET default_transaction_read_only"))
    finally:
        admin.dispose()


def device_with_data(client) -> int:
    """A device with an open episode and one check-in; the episode's id."""
    client.post("/episodes")
    episode_id = client.get("/history/export.json").get_json()["episodes"][0]["id"]
    assert client.post(f"/episodes/{episode_id}/check-ins", data={"pain": "7"}).status_code == 303
    return episode_id


def snapshot(client) -> dict:
    data = client.get("/history/export.json").get_json()
    data.pop("exported_at")
    return data


def profile_count(app) -> int:
    with app.app_context():
        count = db.session.scalar(select(func.count()).select_from(Profile))
        db.session.remove()
        return count


def assert_busy_page(response) -> None:
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "5"
    assert response.headers["Cache-Control"] == "no-store"
    html = response.get_data(as_text=True)
    assert "Busy for a moment" in html and "Nothing was changed" in html


# --- Another process holds the lock ------------------------------------------


def test_a_save_behind_a_lock_answers_busy_and_changes_nothing(quick_app, quick_client):
    episode_id = device_with_data(quick_client)
    before = snapshot(quick_client)
    with write_lock_held_elsewhere(quick_app):
        response = quick_client.post(f"/episodes/{episode_id}/check-ins", data={"pain": "3", "note": "x"})
        assert_busy_page(response)
        assert "<html" in response.get_data(as_text=True)
    assert snapshot(quick_client) == before


def test_busy_for_htmx_is_a_message_in_the_alert_area(quick_app, quick_client):
    episode_id = device_with_data(quick_client)
    with write_lock_held_elsewhere(quick_app):
        response = quick_client.post(f"/history/{episode_id}/end", headers=HTMX)
    assert_busy_page(response)
    assert "<html" not in response.get_data(as_text=True)
    assert response.headers["HX-Retarget"] == "#alerts"
    assert snapshot(quick_client)["episodes"][0]["ended_at"] is None


def test_a_new_device_behind_a_lock_gets_no_cookie_and_no_rows(quick_app, quick_client):
    with write_lock_held_elsewhere(quick_app):
        response = quick_client.post("/episodes")
        assert_busy_page(response)
        assert "spasm_device" not in response.headers.get("Set-Cookie", "")
    assert profile_count(quick_app) == 0


def test_the_same_save_works_once_the_lock_is_released(quick_app, quick_client):
    episode_id = device_with_data(quick_client)
    with write_lock_held_elsewhere(quick_app):
        assert quick_client.post(f"/episodes/{episode_id}/check-ins", data={"pain": "3"}).status_code == 503
    assert quick_client.post(f"/episodes/{episode_id}/check-ins", data={"pain": "3"}).status_code == 303
    assert [c["pain"] for c in snapshot(quick_client)["check_ins"]] == [7, 3]


def test_healthz_fails_while_writes_wait_on_a_lock(quick_app, quick_client):
    with write_lock_held_elsewhere(quick_app):
        response = quick_client.get("/healthz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "error", "database": "unavailable"}
    assert quick_client.get("/healthz").status_code == 200


def test_the_busy_timeout_comes_from_the_configuration(quick_app):
    with quick_app.app_context():
        if db.engine.dialect.name == "sqlite":
            assert db.session.execute(text("PRAGMA busy_timeout")).scalar() == BUSY_MS
        else:
            assert db.session.execute(text("SHOW lock_timeout")).scalar() == f"{BUSY_MS}ms"


# --- Read-only for a while ---------------------------------------------------


def test_a_read_only_database_answers_busy_and_reads_still_work(app, client):
    episode_id = device_with_data(client)
    before = snapshot(client)
    with read_only_database(app):
        assert_busy_page(client.post(f"/episodes/{episode_id}/check-ins", data={"pain": "2"}))
        assert_busy_page(client.post("/timer", data={"kind": "heat", "minutes": "15"}))
        assert client.get(f"/history/{episode_id}").status_code == 200
        assert snapshot(client) == before
        response = client.get("/healthz")
        assert response.status_code == 503


def test_writes_work_again_without_a_restart(app, client):
    episode_id = device_with_data(client)
    with read_only_database(app):
        assert client.post(f"/episodes/{episode_id}/check-ins", data={"pain": "2"}).status_code == 503
        # A read during the outage opens a read-only connection; since a
        # write was refused, it is closed after this request, not pooled.
        assert client.get(f"/history/{episode_id}").status_code == 200
    # So the first write afterwards opens a new connection and works, as
    # does every later one.
    statuses = [client.post(f"/episodes/{episode_id}/check-ins", data={"pain": "4"}).status_code for _ in range(3)]
    assert statuses == [303, 303, 303]
    assert client.get("/healthz").status_code == 200


def test_healthz_says_503_from_a_refused_write_until_a_write_succeeds(app, client):
    episode_id = device_with_data(client)
    with app.app_context():
        engine = db.engine
    with read_only_database(app):
        assert client.post(f"/episodes/{episode_id}/check-ins", data={"pain": "2"}).status_code == 503
        assert database.writes_refused(engine)
        assert client.get("/healthz").status_code == 503
    assert database.writes_refused(engine)
    # A person's save is a write that succeeds: the process knows at once.
    assert client.post(f"/episodes/{episode_id}/check-ins", data={"pain": "4"}).status_code == 303
    assert not database.writes_refused(engine)
    assert client.get("/healthz").status_code == 200


def test_healthz_renews_stale_connections_and_tells_the_truth(app, client):
    episode_id = device_with_data(client)
    with read_only_database(app):
        assert client.get(f"/history/{episode_id}").status_code == 200
        assert client.get("/healthz").status_code == 503
        assert client.get(f"/history/{episode_id}").status_code == 200
    # The probe drops the read-only connection and asks again: healthy.
    assert client.get("/healthz").status_code == 200
    # And no person's save is the one that meets a stale connection.
    assert client.post(f"/episodes/{episode_id}/check-ins", data={"pain": "4"}).status_code == 303


def test_healthz_commits_a_write_and_leaves_nothing_behind(app, client, sql_statements):
    commits = []

    def count_commit(connection):
        commits.append(connection)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "commit", count_commit)
    try:
        assert client.get("/healthz").status_code == 200
    finally:
        event.remove(engine, "commit", count_commit)
    writes = [s for s in sql_statements if s.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]
    # A row added and removed, then committed: a write that reaches the files
    # (one rolled back never does), and nothing changed.
    assert [" ".join(s.split()[:3]) for s in writes] == ["INSERT INTO health_checks", "DELETE FROM health_checks"]
    assert len(commits) == 1
    with app.app_context():
        assert db.session.execute(text("SELECT count(*) FROM health_checks")).scalar() == 0
