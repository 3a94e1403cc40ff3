"""script/server, as the README runs it: gunicorn and the alert worker side by
side. A dead alert worker (SIGKILL, or SIGBUS as when its database file
turned read-only under its shared-memory mapping) is started again with a
growing pause while the app keeps answering; the new worker sends the next
alert to a push service on loopback. SIGTERM stops both; gunicorn's own exit
stops the worker and passes on gunicorn's status."""

from __future__ import annotations

import http.client
import json
import os
import signal
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization

from spasm.timers.push import b64url, parse_private_key
from tests.browser.servers import ROOT, free_port
from tests.conftest import TEST_VAPID_KEY, TEST_VAPID_SUBJECT
from tests.fake_push import Device, FakePushService

COLD_END = "Take the cold pack off now. Rest before another session."
# Bootstrap (its steps already done), migrations, then gunicorn's workers.
START_SECONDS = 90


def wait_for(condition: Callable[[], object], seconds: float, what: str, log: Callable[[], str]) -> object:
    """Poll `condition` until it is true, at most `seconds` (and 400 times)."""
    deadline = time.monotonic() + seconds
    for _ in range(400):
        found = condition()
        if found:
            return found
        if time.monotonic() > deadline:
            break
        time.sleep(seconds / 200)
    raise AssertionError(f"{what}, within {seconds} s\n{log()}")


def children_of(pid: int) -> dict[int, bytes]:
    """The processes whose parent is `pid`, with their command lines."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        # A zombie has exited already; only its parent's wait is missing.
        if int(fields[1]) == pid and fields[0] != "Z":
            found[int(entry.name)] = command
    return found


def alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


class Server:
    """script/server on a spare port, with its own SQLite file."""

    def __init__(self, tmp_path: Path, push: FakePushService):
        self.port = free_port()
        self.log_path = tmp_path / "server.log"
        self.env = {
            **os.environ,
            "PORT": str(self.port),
            "WEB_CONCURRENCY": "2",
            "SPASM_DATABASE_URL": f"sqlite:///{tmp_path / 'spasm.sqlite3'}",
            "SPASM_SECRET_KEY": "server-script-test-key",
            "SPASM_VAPID_PRIVATE_KEY": TEST_VAPID_KEY,
            "SPASM_VAPID_SUBJECT": TEST_VAPID_SUBJECT,
            # The fake push service listens on loopback; timers last seconds.
            "SPASM_PUSH_ALLOW_LOOPBACK": "true",
            "SPASM_TESTING": "true",
            "SPASM_TIMER_TEST_SECONDS": "2",
        }
        self.push = push
        self.process: subprocess.Popen | None = None
        # Every process seen, so that none outlives the test.
        self.seen: set[int] = set()

    def start(self) -> None:
        with open(self.log_path, "wb") as log:
            # No core file from the SIGBUS below lands in the checkout.
            self.process = subprocess.Popen(
                ["bash", "-c", 'ulimit -c 0 && exec "$0"', str(ROOT / "script" / "server")],
                cwd=ROOT,
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        wait_for(self.healthy, START_SECONDS, "the app did not answer", self.log)
        wait_for(self.alert_worker, 30, "no alert worker started", self.log)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")[-4000:]

    def processes(self) -> dict[int, bytes]:
        assert self.process is not None
        found = children_of(self.process.pid)
        self.seen.update(found)
        for pid in list(found):
            self.seen.update(children_of(pid))
        return found

    def alert_worker(self) -> int | None:
        workers = [pid for pid, command in self.processes().items() if b"\0alerts" in command]
        assert len(workers) <= 1, "two alert workers at once"
        return workers[0] if workers else None

    def new_alert_worker(self, dead: int) -> int | None:
        worker = self.alert_worker()
        return worker if worker != dead else None

    def gunicorn(self) -> int:
        masters = [pid for pid, command in self.processes().items() if b"gunicorn" in command]
        assert len(masters) == 1
        return masters[0]

    def request(self, method: str, path: str, body: bytes = b"", headers: dict | None = None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            connection.request(method, path, body=body, headers={"Content-Length": str(len(body)), **(headers or {})})
            response = connection.getresponse()
            response.read()
            return response
        finally:
            connection.close()

    def healthy(self) -> bool:
        try:
            return self.request("GET", "/healthz").status == 200
        except OSError:
            return False

    def timer_with_alert(self) -> Device:
        """A new device subscribes to push and starts a cold timer (2 s here)."""
        device = self.push.device()
        answer = self.request(
            "POST",
            "/push/subscription",
            json.dumps(device.subscription()).encode(),
            {"Content-Type": "application/json"},
        )
        assert answer.status == 201
        cookie = answer.getheader("Set-Cookie").split(";", 1)[0]
        answer = self.request(
            "POST",
            "/timer",
            b"kind=cold&minutes=1",
            {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie},
        )
        assert answer.status == 303
        return device

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        for pid in self.seen:
            if alive(pid):
                os.kill(pid, signal.SIGKILL)


@pytest.fixture
def push():
    public = parse_private_key(TEST_VAPID_KEY).public_key()
    point = public.public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    service = FakePushService(server_key=b64url(point)).start()
    yield service
    service.stop()
    assert service.errors == []


@pytest.fixture
def server(tmp_path, push):
    made = Server(tmp_path, push)
    try:
        made.start()
        yield made
    finally:
        made.stop()


def assert_alert_arrives(server: Server, device: Device) -> None:
    messages = wait_for(lambda: server.push.delivered_to(device), 30, "the alert did not arrive", server.log)
    assert [m["notification"]["body"] for m in messages] == [COLD_END]


def test_a_dead_alert_worker_is_started_again_and_the_app_keeps_serving(server):
    assert_alert_arrives(server, server.timer_with_alert())

    for sig, name in ((signal.SIGKILL, "SIGKILL"), (signal.SIGBUS, "SIGBUS")):
        dead = server.alert_worker()
        assert dead is not None
        # The next alert falls due while no worker runs.
        device = server.timer_with_alert()
        os.kill(dead, sig)
        wait_for(lambda dead=dead: not alive(dead), 10, "the alert worker did not die", server.log)
        assert server.healthy()
        replacement = wait_for(lambda dead=dead: server.new_alert_worker(dead), 30, "no new alert worker", server.log)
        assert isinstance(replacement, int) and alive(replacement)
        assert_alert_arrives(server, device)
        assert f"the alert worker was killed by {name}" in server.log()

    assert server.process is not None
    web, worker = server.gunicorn(), server.alert_worker()
    server.process.send_signal(signal.SIGTERM)
    assert server.process.wait(timeout=30) == 0
    assert not alive(web) and worker is not None and not alive(worker)


def test_when_gunicorn_exits_the_worker_stops_and_its_status_is_passed_on(server):
    assert server.process is not None
    worker = server.alert_worker()
    os.kill(server.gunicorn(), signal.SIGKILL)
    assert server.process.wait(timeout=30) == 128 + signal.SIGKILL
    assert worker is not None and not alive(worker)
    assert "gunicorn was killed by SIGKILL; stopping the alert worker." in server.log()
