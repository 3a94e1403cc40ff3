"""A drill: gunicorn workers killed (SIGKILL) in the middle of a burst of
keyed writes, as a crash or an out-of-memory kill would, then every write
sent again with its key, as the phones' outboxes would.

Whatever moment a worker died at, each write must end up stored once, and
no key may be left without an answer (which would make its phone wait for
good). The server is a real gunicorn with gunicorn.conf.py, on the test's
database (SQLite, or PostgreSQL in CI); its master starts a new worker
after each kill.
"""

from __future__ import annotations

import http.client
import os
import random
import signal
import subprocess
import sys
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import pytest
from sqlalchemy import func, select

from spasm.extensions import db
from spasm.models import CheckIn, IdempotencyKey
from tests.browser.servers import free_port
from tests.conftest import TEST_VAPID_KEY, TEST_VAPID_SUBJECT

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
WORKERS = 3
DEVICES = 4
WRITES = 240
SENDERS = 8
KILLS = 3
# Every wait below gives up after this long: the drill never hangs.
PATIENCE = 20.0
# What a send meets when the worker dies under it: refused, reset, cut short.
CUT_OFF = (OSError, http.client.HTTPException)


@dataclass
class Write:
    device: int
    key: str
    note: str
    first: int | None = None  # the status of the first send; None: no (whole) answer


class Gunicorn:
    """The app under gunicorn.conf.py, with its workers and their ids."""

    def __init__(self, database_uri: str):
        self.port = free_port()
        self.process = subprocess.Popen(
            [str(BIN / "gunicorn"), "--config", str(ROOT / "gunicorn.conf.py"), "app:app"],
            cwd=ROOT,
            env={
                **os.environ,
                "SPASM_DATABASE_URL": database_uri,
                "SPASM_SECRET_KEY": "drill-secret-key",
                "SPASM_VAPID_PRIVATE_KEY": TEST_VAPID_KEY,
                "SPASM_VAPID_SUBJECT": TEST_VAPID_SUBJECT,
                "WEB_CONCURRENCY": str(WORKERS),
                "GUNICORN_THREADS": "2",
                "HOST": "127.0.0.1",
                "PORT": str(self.port),
            },
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def workers(self) -> list[int]:
        try:
            listed = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text()
        except OSError:
            return []
        return [int(pid) for pid in listed.split()]

    def wait_until_ready(self) -> None:
        """All workers up and the database taking writes."""
        deadline = time.monotonic() + PATIENCE
        while time.monotonic() < deadline:
            assert self.process.poll() is None, "gunicorn exited"
            if len(self.workers()) == WORKERS and self.healthy():
                return
            time.sleep(0.1)
        pytest.fail("gunicorn did not come up with all its workers")

    def healthy(self) -> bool:
        try:
            return request(self.port, "GET", "/healthz")[0] == 200
        except CUT_OFF:
            return False

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=5)


def request(port: int, method: str, path: str, body: str = "", headers: dict | None = None) -> tuple[int, dict]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request(method, path, body=body.encode(), headers=headers or {})
        response = connection.getresponse()
        response.read()
        return response.status, {name.lower(): value for name, value in response.getheaders()}
    finally:
        connection.close()


def new_device(port: int) -> str:
    """A device with an open episode: its cookie, carried by hand from
    request to request."""
    status, headers = request(
        port,
        "POST",
        "/episodes",
        headers={"Sec-Fetch-Site": "same-origin", "Content-Type": "application/x-www-form-urlencoded"},
    )
    assert status == 303, status
    return headers["set-cookie"].split(";", 1)[0]


def send(port: int, cookie: str, write: Write) -> int:
    """The check-in as the outbox sends it: the HTTP status of the answer."""
    return request(
        port,
        "POST",
        "/check-ins",
        body=urlencode({"pain": "4", "note": write.note}),
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Sec-Fetch-Site": "same-origin",
            "HX-Request": "true",
            "Idempotency-Key": write.key,
            "Cookie": cookie,
        },
    )[0]


@pytest.fixture
def server(app, database_uri):
    gunicorn = Gunicorn(database_uri)
    try:
        gunicorn.wait_until_ready()
        yield gunicorn
    finally:
        gunicorn.stop()


def stored(app) -> tuple[dict[str, int], int]:
    """How many check-ins each note has, and how many keys have no answer."""
    with app.app_context():
        notes = dict(db.session.execute(select(CheckIn.note, func.count()).group_by(CheckIn.note)).all())
        unanswered = db.session.scalar(
            select(func.count()).select_from(IdempotencyKey).where(IdempotencyKey.status.is_(None))
        )
        db.session.remove()
    return notes, unanswered or 0


def test_workers_killed_mid_write_leave_each_write_once_and_every_key_answered(app, server):
    cookies = [new_device(server.port) for _ in range(DEVICES)]
    writes = [Write(i % DEVICES, str(uuid.uuid4()), f"drill {i}") for i in range(WRITES)]
    done = 0
    done_lock = threading.Lock()
    kills: list[int] = []  # how many writes had been answered at each kill

    def first_send(write: Write) -> None:
        nonlocal done
        try:
            write.first = send(server.port, cookies[write.device], write)
        except CUT_OFF:
            write.first = None
        with done_lock:
            done += 1

    def killer() -> None:
        chooser = random.Random(9)
        deadline = time.monotonic() + PATIENCE * 2
        for round_ in range(1, KILLS + 1):
            # Spread over the burst: after a quarter, a half and three quarters.
            while done < round_ * WRITES // (KILLS + 1) and time.monotonic() < deadline:
                time.sleep(0.005)
            workers = server.workers()
            if not workers or done >= WRITES:
                return
            os.kill(chooser.choice(workers), signal.SIGKILL)
            kills.append(done)
            # The master starts another before the next round.
            while len(server.workers()) < WORKERS and time.monotonic() < deadline:
                time.sleep(0.05)

    killing = threading.Thread(target=killer)
    killing.start()
    with ThreadPoolExecutor(SENDERS) as pool:
        list(pool.map(first_send, writes))
    killing.join(timeout=PATIENCE * 2)
    assert not killing.is_alive()
    assert len(kills) == KILLS and all(at < WRITES for at in kills), kills

    # What the kills left: every answered write stored once, no key unanswered.
    server.wait_until_ready()
    notes, unanswered = stored(app)
    acknowledged = [w for w in writes if w.first in (200, 303)]
    assert acknowledged
    assert [w.note for w in acknowledged if notes.get(w.note) != 1] == []
    assert all(count == 1 for count in notes.values())
    assert unanswered == 0

    # Every write sent again with its key: each is answered, none with "later".
    answers = []
    for write in writes:
        status = None
        for _ in range(5):
            try:
                status = send(server.port, cookies[write.device], write)
            except CUT_OFF:
                status = None
            if status not in (None, 503):
                break
            time.sleep(0.2)
        answers.append(status)
    assert [s for s in answers if s != 200] == []
    notes, unanswered = stored(app)
    assert notes == {w.note: 1 for w in writes}
    assert unanswered == 0
