"""Drills on the database files under a real gunicorn with several workers
(gunicorn.conf.py, WEB_CONCURRENCY), each on its own SQLite file.

Read-only for a while: `chattr +i` makes the database, its -wal and its -shm
immutable, so nobody may write them, root included (root ignores permission
bits, and the tests run as root). A worker that writes through its
shared-memory mapping of the -shm then dies of SIGBUS and gunicorn replaces
it; the replacement opens the database read-only. While the files refuse
writes every save must fail calmly and /healthz must never say 200; once they
are writable again every worker must take writes within RECOVERY_SECONDS,
with no restart by a person, and /healthz must keep its word from then on.

Put back from a backup: the file is replaced while every worker holds
connections to the old one; every save from then on must land in the new
file.
"""

from __future__ import annotations

import http.client
import os
import sqlite3
import subprocess
import threading
import time
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.browser.servers import BIN, ROOT, free_port
from tests.conftest import TEST_VAPID_KEY, TEST_VAPID_SUBJECT

WORKERS = 3
THREADS = 2
# Requests in flight at once: enough that each worker holds more than one
# connection, as under real traffic.
CLIENTS = 4
FAULT_SECONDS = 8
RECOVERY_SECONDS = 10
# Every loop below stops after this many requests, whatever the clock says.
MAX_REQUESTS_PER_CLIENT = 1500
PAUSE = 0.02


@dataclass
class Outcome:
    kind: str  # "write", "health" or "read"
    started: float
    ended: float
    status: int | None  # None: the connection was dropped (a worker died)

    @property
    def ok(self) -> bool:
        return self.status == {"write": 303, "health": 200, "read": 200}[self.kind]


class Server:
    """gunicorn with gunicorn.conf.py and several workers, on its own SQLite file."""

    def __init__(self, tmp_path: Path):
        self.database = tmp_path / "spasm.sqlite3"
        self.port = free_port()
        self.log_path = tmp_path / "gunicorn.log"
        self.env = {
            **os.environ,
            "FLASK_APP": "app",
            "PORT": str(self.port),
            "HOST": "127.0.0.1",
            "WEB_CONCURRENCY": str(WORKERS),
            "GUNICORN_THREADS": str(THREADS),
            "SPASM_DATABASE_URL": f"sqlite:///{self.database}",
            "SPASM_SECRET_KEY": "drill-secret-key",
            "SPASM_VAPID_PRIVATE_KEY": TEST_VAPID_KEY,
            "SPASM_VAPID_SUBJECT": TEST_VAPID_SUBJECT,
        }
        self.process: subprocess.Popen | None = None

    @property
    def files(self) -> list[Path]:
        return [self.database, Path(f"{self.database}-wal"), Path(f"{self.database}-shm")]

    def start(self) -> None:
        subprocess.run([str(BIN / "flask"), "db", "upgrade"], cwd=ROOT, env=self.env, check=True, capture_output=True)
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(
                [str(BIN / "gunicorn"), "--config", "gunicorn.conf.py", "app:app"],
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.log()
            if request(self.port, "health").status == 200 and len(self.workers()) == WORKERS:
                return
            time.sleep(0.2)
        raise AssertionError(f"gunicorn did not start\n{self.log()}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=20)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")[-4000:]

    def workers(self) -> list[int]:
        assert self.process is not None
        return children_of(self.process.pid)

    def set_immutable(self, immutable: bool) -> None:
        present = [str(path) for path in self.files if path.exists()]
        if not present:
            return
        done = subprocess.run(["chattr", "+i" if immutable else "-i", *present], capture_output=True, text=True)
        # Only root may do this, on a file system that knows immutable files
        # (ext4 and tmpfs do): the tests and CI run as root.
        assert done.returncode == 0, f"chattr failed: {done.stderr}"


def children_of(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # The command name is in parentheses and may hold spaces; the parent follows it.
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found.append(int(entry.name))
    return found


def request(port: int, kind: str, cookie: str | None = None) -> Outcome:
    method, path = {"write": ("POST", "/episodes"), "health": ("GET", "/healthz"), "read": ("GET", "/history")}[kind]
    headers = {"Content-Length": "0"} if method == "POST" else {}
    # A save comes from a new device each time, so that it always writes
    # (a known device would only resume its open episode).
    if cookie and kind == "read":
        headers["Cookie"] = cookie
    started = time.monotonic()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=15)
    try:
        connection.request(method, path, headers=headers)
        response = connection.getresponse()
        response.read()
        status: int | None = response.status
    except (ConnectionError, http.client.HTTPException):
        status = None
    finally:
        connection.close()
    return Outcome(kind, started, time.monotonic(), status)


def device_cookie(port: int) -> str:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=15)
    try:
        connection.request("POST", "/episodes", headers={"Content-Length": "0"})
        response = connection.getresponse()
        response.read()
        assert response.status == 303
        cookie = next(v for k, v in response.getheaders() if k.lower() == "set-cookie" and "spasm_device=" in v)
        return cookie.split(";", 1)[0]
    finally:
        connection.close()


def traffic(port: int, cookie: str, until: float) -> list[Outcome]:
    """CLIENTS clients at once, each cycling through a save, a health check and
    a personal page, until `until` (time.monotonic)."""
    outcomes: list[Outcome] = []
    lock = threading.Lock()

    def client(offset: int) -> None:
        kinds = ("write", "health", "read")
        for n in range(MAX_REQUESTS_PER_CLIENT):
            if time.monotonic() >= until:
                return
            outcome = request(port, kinds[(n + offset) % len(kinds)], cookie)
            with lock:
                outcomes.append(outcome)
            time.sleep(PAUSE)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=until - time.monotonic() + 30)
        assert not thread.is_alive()
    return sorted(outcomes, key=lambda o: o.started)


def database_handles(pid: int, database: Path) -> tuple[int, bool]:
    """How many descriptors `pid` holds on the database file, and whether it
    maps the -shm read-only."""
    handles = 0
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            if os.readlink(fd) == str(database):
                handles += 1
        except OSError:
            continue
    shm = f"{database}-shm"
    maps = Path(f"/proc/{pid}/maps").read_text().splitlines()
    read_only_shm = any(line.endswith(shm) and line.split()[1].startswith("r-") for line in maps)
    return handles, read_only_shm


@pytest.fixture
def server(tmp_path):
    made = Server(tmp_path)
    try:
        made.start()
        yield made
    finally:
        made.set_immutable(False)
        made.stop()


def test_every_worker_takes_writes_again_and_healthz_never_lies(server):
    port = server.port
    cookie = device_cookie(port)
    # Every worker opens its connections while all is well.
    before = traffic(port, cookie, time.monotonic() + 1.5)
    assert before and all(o.ok for o in before), [(o.kind, o.status) for o in before if not o.ok]
    assert all(path.exists() for path in server.files)

    server.set_immutable(True)
    fault_started = time.monotonic()
    try:
        during = traffic(port, cookie, fault_started + FAULT_SECONDS)
    finally:
        fault_ended = time.monotonic()
        server.set_immutable(False)
    writable = time.monotonic()

    writes = [o for o in during if o.kind == "write"]
    assert writes and not any(o.ok for o in writes), "the files did not refuse writes"
    assert all(o.status in (503, None) for o in writes)
    lies = [o for o in during if o.kind == "health" and o.status == 200 and o.ended <= fault_ended]
    assert lies == [], f"/healthz said 200 {len(lies)} times while the files refused writes"

    after = traffic(port, cookie, writable + RECOVERY_SECONDS)
    first_healthy = min((o.ended for o in after if o.kind == "health" and o.ok), default=None)
    assert first_healthy is not None, "/healthz never said 200 again"
    broken_promises = [(o.kind, o.status) for o in after if o.started > first_healthy and not o.ok]
    assert broken_promises == [], "requests failed after /healthz said 200"

    # As the drill measured it: 40 new devices and 20 health checks, all fine.
    assert [request(port, "write").status for _ in range(40)] == [303] * 40
    assert [request(port, "health").status for _ in range(20)] == [200] * 20
    # And no worker keeps a read-only mapping or piles up handles on the file.
    for pid in server.workers():
        handles, read_only_shm = database_handles(pid, server.database)
        assert not read_only_shm, f"worker {pid} still maps the -shm read-only"
        assert handles <= 2 * THREADS + 1, f"worker {pid} holds {handles} handles on the database"


def profiles_in(database: Path) -> int:
    with closing(sqlite3.connect(database)) as connection:
        return connection.execute("SELECT count(*) FROM profiles").fetchone()[0]


def test_a_database_file_put_back_from_a_backup_is_used_at_once(server, tmp_path):
    port = server.port
    cookie = device_cookie(port)
    before = traffic(port, cookie, time.monotonic() + 1.5)
    assert before and all(o.ok for o in before)
    backup = tmp_path / "backup.sqlite3"
    with closing(sqlite3.connect(server.database)) as source, closing(sqlite3.connect(backup)) as copy:
        source.backup(copy)
    saved = profiles_in(backup)
    # Saves the backup misses, then the backup put back as a restore does:
    # the old log goes with the old file. Every worker still holds
    # connections to the file that was there before.
    assert [request(port, "write").status for _ in range(10)] == [303] * 10
    for leftover in server.files[1:]:
        leftover.unlink()
    os.replace(backup, server.database)

    after = traffic(port, cookie, time.monotonic() + 4)
    assert after and all(o.ok for o in after), [(o.kind, o.status) for o in after if not o.ok]
    assert [request(port, "write").status for _ in range(20)] == [303] * 20
    # Every save since went into the file now in place, none into the old one.
    written = sum(1 for o in after if o.kind == "write") + 20
    assert profiles_in(server.database) == saved + written
