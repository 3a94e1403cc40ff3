"""The app as a real, separate server process that a test can stop and start again.

Unlike the session-wide live server (a thread inside the test process), this
one runs under gunicorn on its own SQLite file, migrated with `flask db
upgrade`, so a restart loses everything except what the database holds.
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
        self.process = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                *self.gunicorn_args,
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                "1",
                "app:app",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server exited with {self.process.returncode}")
            try:
                with urllib.request.urlopen(self("/healthz"), timeout=1) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("the server did not start")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=15)
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
