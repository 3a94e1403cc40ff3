"""The app as a real, separate server process that a test can stop and start again.

Unlike the session-wide live server (a thread inside the test process), this
one runs under gunicorn on its own SQLite file, migrated with `flask db
upgrade`, so a restart loses everything except what the database holds.
The engine tests (tests/engines/server.py) start theirs with the same
`start_gunicorn`.
"""

from __future__ import annotations

import html
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(port: int, env: dict[str, str], options: list[str], log: Path | None = None) -> subprocess.Popen:
    """The app under gunicorn, one worker, on 127.0.0.1:`port`, from the
    checkout; returns once /healthz answers, so a test starts on a server
    that is up. Its output goes to `log` (appended), or nowhere."""
    with open(log, "a") if log else open(os.devnull, "w") as output:
        process = subprocess.Popen(
            [str(BIN / "gunicorn"), *options, "--bind", f"127.0.0.1:{port}", "--workers", "1", "app:app"],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=output,
        )
    see = f": see {log}" if log else ""
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}{see}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1) as response:
                if response.status == 200:
                    return process
        except OSError:
            time.sleep(0.1)  # not listening yet
    process.terminate()
    process.wait(timeout=15)
    raise RuntimeError(f"gunicorn did not answer /healthz{see}")


def stop_gunicorn(process: subprocess.Popen | None) -> None:
    if process is not None and process.poll() is None:
        process.terminate()
        process.wait(timeout=15)


class AppProcess:
    def __init__(self, tmp_path: Path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            "SPASM_DATABASE_URL": f"sqlite:///{tmp_path / 'spasm.sqlite3'}",
            "SPASM_SECRET_KEY": "restart-test-secret-key",
            "FLASK_APP": "app",
        }
        self.process: subprocess.Popen | None = None
        # More gunicorn options, e.g. ["--config", "gunicorn.conf.py"].
        self.gunicorn_args: list[str] = []

    def __call__(self, path: str = "/") -> str:
        return self.url + path

    def migrate(self) -> None:
        subprocess.run([str(BIN / "flask"), "db", "upgrade"], cwd=ROOT, env=self.env, check=True, capture_output=True)

    def start(self) -> None:
        self.process = start_gunicorn(self.port, self.env, self.gunicorn_args)

    def stop(self) -> None:
        stop_gunicorn(self.process)
        self.process = None


class OtherSite:
    """A plain-HTTP site on another origin (127.0.0.1 or localhost, another
    port): each path answers the HTML a test put in `pages`."""

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
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.server.server_port}{path}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def auto_submitting_form(action: str, **fields: str) -> str:
    """A page that posts a form at `action` as soon as it loads, as a
    cross-site request forgery would."""
    inputs = "".join(
        f'<input type="hidden" name="{html.escape(name)}" value="{html.escape(value)}">'
        for name, value in fields.items()
    )
    return (
        f'<!doctype html><title>Win a prize</title><form method="post" action="{html.escape(action)}">{inputs}</form>'
        "<script>document.forms[0].submit()</script>"
    )
