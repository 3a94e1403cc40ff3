"""The app for the engine tests: gunicorn with gunicorn.conf.py on a spare
port of 127.0.0.1, over its own temporary SQLite file.

Stopping it is a true loss of signal for the page: nothing answers on the
port until it starts again, on the same port and the same database.

Run as a module it also answers for the Firefox tests, which are written in
JavaScript: `python -m tests.engines.server rows <sqlite file> <device token>`
prints that device's rows as JSON.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from spasm.device import hash_token
from tests.browser.servers import BIN, ROOT, free_port, start_gunicorn, stop_gunicorn

DEVICE_COOKIE = "spasm_device"


def server_env(database: Path) -> dict[str, str]:
    return {
        **os.environ,
        "SPASM_DATABASE_URL": f"sqlite:///{database}",
        "SPASM_SECRET_KEY": "engine-tests-secret-key",
        # No SESSION_COOKIE_SECURE: the cookies are as the app sets them on plain
        # HTTP, and WebKit keeps no Secure cookie there.
        "FLASK_APP": "app",
    }


class Server:
    def __init__(self, directory: Path):
        self.database = directory / "spasm.sqlite3"
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = server_env(self.database)
        self.log = directory / "gunicorn.log"
        self.process: subprocess.Popen | None = None
        subprocess.run([str(BIN / "flask"), "db", "upgrade"], cwd=ROOT, env=self.env, check=True, capture_output=True)

    def __call__(self, path: str = "/") -> str:
        return self.url + path

    def start(self) -> None:
        self.process = start_gunicorn(self.port, self.env, ["--config", "gunicorn.conf.py"], log=self.log)

    def stop(self) -> None:
        stop_gunicorn(self.process)
        self.process = None


def device_rows(database: Path, token: str) -> dict[str, list[dict]]:
    """The episodes and timers the server holds for one device."""
    with sqlite3.connect(database) as connection:
        connection.row_factory = sqlite3.Row
        found = connection.execute("SELECT id FROM profiles WHERE token_hash = ?", (hash_token(token),)).fetchone()
        if found is None:
            return {"episodes": [], "timers": []}
        episodes = connection.execute("SELECT id FROM episodes WHERE profile_id = ?", (found["id"],)).fetchall()
        timers = connection.execute(
            "SELECT id, kind, status, planned_seconds FROM timer_runs WHERE profile_id = ?", (found["id"],)
        ).fetchall()
    return {"episodes": [dict(row) for row in episodes], "timers": [dict(row) for row in timers]}


if __name__ == "__main__":
    if sys.argv[1:2] == ["rows"] and len(sys.argv) == 4:
        print(json.dumps(device_rows(Path(sys.argv[2]), sys.argv[3])))
    else:
        sys.exit("usage: python -m tests.engines.server rows <sqlite file> <device token>")
