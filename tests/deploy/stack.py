"""Spasm deployed as the README's Deployment section says, on this machine.

A `Stack` starts, under one temporary directory and on spare ports of
127.0.0.1, a throwaway PostgreSQL (Debian's), the app under gunicorn (the
README's shell block, run as written, with only the database URL replaced),
the alert worker (the README's command, with the very `SPASM_*` values the
shell block gave gunicorn) and nginx from Debian in front of the app with a
self-signed certificate (the README's nginx block, with only its ports, name
and certificate paths replaced). `stop()` ends every process it started, in
reverse order, and removes the directory.

Both the app and the worker also get SPASM_PUSH_ALLOW_LOOPBACK=true, so a
push service faked on loopback can stand in for the browsers'.

Each process is a `Service`: one more (a background worker, say) is a small
subclass with `start()` (which calls `spawn()`) and `ready()`, and one more
`self._add(...)` line in `Stack.start()`.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import pwd
import re
import shlex
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
IS_ROOT = os.geteuid() == 0


class StackError(RuntimeError):
    pass


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _die_with_parent() -> None:
    """Ask the kernel to end this process if the test run is killed outright,
    so no server outlives it (Linux only; elsewhere a no-op)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


# --- The README's Deployment section -----------------------------------------


def deployment_section(readme: str | None = None) -> str:
    text = README.read_text(encoding="utf-8") if readme is None else readme
    match = re.search(r"^## Deployment\n(.*?)(?=^## )", text, re.S | re.M)
    if not match:
        raise StackError("README.md has no '## Deployment' section")
    return match.group(1)


def fenced_block(section: str, language: str) -> str:
    blocks = re.findall(rf"^```{language}\n(.*?)^```", section, re.S | re.M)
    if len(blocks) != 1:
        raise StackError(f"the Deployment section should hold one ```{language} block, not {len(blocks)}")
    return blocks[0]


def _replace_once(text: str, pattern: str, replacement: str, what: str) -> str:
    result, count = re.subn(pattern, lambda match: match.expand(replacement), text, flags=re.M)
    if count != 1:
        raise StackError(f"the README's deployment block should have one {what}; found {count}")
    return result


def server_script(section: str, database_url: str) -> str:
    """The README's shell steps as a bash script; the last one (gunicorn) is
    exec'd so that the script's process becomes the server."""
    block = fenced_block(section, "sh")
    block = _replace_once(
        block, r"(SPASM_DATABASE_URL=)\S+", f"SPASM_DATABASE_URL={database_url}", "SPASM_DATABASE_URL=..."
    )
    lines = block.rstrip("\n").split("\n")
    if not re.match(r"\S*gunicorn\s", lines[-1]):
        raise StackError("the README's shell block should end by starting gunicorn")
    lines[-1] = "exec " + lines[-1]
    return "set -euo pipefail\n" + "\n".join(lines) + "\n"


def worker_command(section: str) -> str:
    """The README's command for the alert worker: the one indented code line
    of the section outside its fenced blocks."""
    prose = re.sub(r"^```.*?^```", "", section, flags=re.S | re.M)
    lines = re.findall(r"^ {4}(\S.*?)\s*$", prose, re.M)
    if len(lines) != 1 or not re.search(r"\balerts\b", lines[0]):
        raise StackError(f"the Deployment section should give one indented command for the alert worker, not {lines}")
    return lines[0]


def saving_environment(script: str, path: Path) -> str:
    """The server script, writing the SPASM_* variables it exports to `path`
    (readable by its owner only) just before it starts gunicorn, as lines
    bash can source."""
    head, last = script.rstrip("\n").rsplit("\n", 1)
    save = (
        f"(umask 077; for name in $(compgen -e); do case $name in SPASM_*) "
        f'printf \'export %s=%q\\n\' "$name" "${{!name}}";; esac; done > {shlex.quote(str(path))})'
    )
    return f"{head}\n{save}\n{last}\n"


def worker_script(command: str, environment: Path) -> str:
    """The worker's command, run with the environment gunicorn was given."""
    return f"set -euo pipefail\nsource {shlex.quote(str(environment))}\nexec {command}\n"


# A tests-only switch: push endpoints on loopback (the fake push service).
TEST_ENVIRONMENT = {"SPASM_PUSH_ALLOW_LOOPBACK": "true"}


def nginx_site(section: str, *, port: int, upstream_port: int, certificate: Path, key: Path) -> str:
    """The README's nginx server block, listening on a spare port of
    127.0.0.1 as localhost, with a certificate made for the run."""
    site = fenced_block(section, "nginx")
    site = _replace_once(site, r"(^\s*listen\s+)443(\s)", rf"\g<1>127.0.0.1:{port}\g<2>", "listen 443")
    site = _replace_once(site, r"(^\s*server_name\s+)[^;]+;", r"\g<1>localhost;", "server_name")
    site = _replace_once(site, r"(^\s*ssl_certificate\s+)[^;]+;", rf"\g<1>{certificate};", "ssl_certificate")
    site = _replace_once(site, r"(^\s*ssl_certificate_key\s+)[^;]+;", rf"\g<1>{key};", "ssl_certificate_key")
    site = _replace_once(
        site, r"(proxy_pass\s+http://127\.0\.0\.1:)5000;", rf"\g<1>{upstream_port};", "proxy_pass to port 5000"
    )
    return site


# The rest of an nginx.conf around the site: everything in the run's
# directory (Debian's nginx keeps its logs and temporary files elsewhere).
NGINX_MAIN = """\
daemon off;
worker_processes 1;
pid {dir}/nginx.pid;
error_log {dir}/error.log warn;
events {{ worker_connections 256; }}
http {{
    access_log {dir}/access.log;
    client_body_temp_path {dir}/client_body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;
    types {{ text/html html; }}
{site}
}}
"""


# --- Processes ----------------------------------------------------------------


class Service:
    """One process of the stack, its output kept in `<dir>/<name>.log`."""

    name = "service"
    stop_signal = signal.SIGTERM
    start_timeout = 60.0

    def __init__(self, stack: Stack):
        self.stack = stack
        self.dir = stack.dir / self.name
        self.dir.mkdir()
        self.log_path = self.dir / f"{self.name}.log"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        raise NotImplementedError

    def ready(self) -> bool:
        raise NotImplementedError

    def spawn(self, argv: list[str], *, env: dict | None = None, cwd: Path | None = None, user: str | None = None):
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(
                argv,
                cwd=cwd or ROOT,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                preexec_fn=_die_with_parent,
                user=user,
            )
        deadline = time.monotonic() + self.start_timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise StackError(f"{self.name} exited with {self.process.returncode}:\n{self.log()}")
            if self.ready():
                return
            time.sleep(0.2)
        raise StackError(f"{self.name} did not become ready in {self.start_timeout:.0f} s:\n{self.log()}")

    def log(self, tail: int = 60) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-tail:])
        except FileNotFoundError:
            return "(no log)"

    def stop(self) -> None:
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        # The whole process group: workers go with their master.
        try:
            os.killpg(process.pid, self.stop_signal)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


def run(argv: list[str], *, user: str | None = None, cwd: Path | None = None, env: dict | None = None) -> str:
    result = subprocess.run(argv, user=user, cwd=cwd, env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL)
    if result.returncode != 0:
        raise StackError(f"{' '.join(argv)} failed ({result.returncode}):\n{result.stdout}{result.stderr}")
    return result.stdout


def apt_install(package: str) -> None:
    """Debian's package, installed if missing (as root, or through sudo)."""
    prefix = [] if IS_ROOT else ["sudo", "-n"]
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    run([*prefix, "apt-get", "update", "-qq"], env=env)
    run([*prefix, "apt-get", "install", "-y", "-qq", package], env=env)


class PostgreSQL(Service):
    """A throwaway cluster from Debian's PostgreSQL; root runs it as `postgres`."""

    name = "postgresql"
    stop_signal = signal.SIGINT  # fast shutdown

    def start(self) -> None:
        if not list(Path("/usr/lib/postgresql").glob("*/bin/postgres")):
            apt_install("postgresql")
        self.binaries = binaries = max(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name))
        user = "postgres" if IS_ROOT else None
        if user:
            ids = pwd.getpwnam(user)
            os.chown(self.dir, ids.pw_uid, ids.pw_gid)
        self.port = free_port()
        data = self.dir / "data"
        run(
            [str(binaries / "initdb"), "-D", str(data), "-U", "spasm", "--auth=trust", "-E", "UTF8"],
            user=user,
            cwd=self.dir,
        )
        self.spawn(
            [
                str(binaries / "postgres"),
                "-D", str(data),
                "-p", str(self.port),
                "-k", str(self.dir),
                "-c", "listen_addresses=127.0.0.1",
                "-c", "fsync=off",
            ],
            cwd=self.dir,
            user=user,
        )  # fmt: skip
        run([str(binaries / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "spasm", "spasm"], user=user)
        self.url = f"postgresql://spasm@127.0.0.1:{self.port}/spasm"

    def ready(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                pass
        except OSError:
            return False
        check = subprocess.run(
            [str(self.binaries / "pg_isready"), "-q", "-h", "127.0.0.1", "-p", str(self.port)], stdin=subprocess.DEVNULL
        )
        return check.returncode == 0


def base_environment() -> dict[str, str]:
    """This run's environment without its own SPASM_* settings, plus the
    tests-only ones."""
    env = {name: value for name, value in os.environ.items() if not name.startswith("SPASM_")}
    env.update(TEST_ENVIRONMENT)
    return env


class App(Service):
    """gunicorn, started by the README's own shell steps."""

    name = "gunicorn"

    def start(self) -> None:
        self.port = free_port()
        self.environment = self.dir / "spasm.env"
        script = self.dir / "deploy.sh"
        script.write_text(
            saving_environment(server_script(self.stack.section, self.stack.postgresql.url), self.environment)
        )
        env = base_environment()
        env.update(
            {
                "PORT": str(self.port),
                "HOST": "127.0.0.1",
                "WEB_CONCURRENCY": "2",
                "ACCESS_LOG": str(self.dir / "access.log"),
            }
        )
        self.spawn(["bash", str(script)], env=env)

    def ready(self) -> bool:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz", timeout=2) as response:
                return response.status == 200
        except OSError:
            return False


class AlertWorker(Service):
    """The README's alert worker, from the checkout, with gunicorn's SPASM_*
    environment (the values the shell steps exported, read back)."""

    name = "alerts"
    started = "Alert worker started"

    def start(self) -> None:
        script = self.dir / "alerts.sh"
        script.write_text(worker_script(worker_command(self.stack.section), self.stack.app.environment))
        self.spawn(["bash", str(script)], env=base_environment(), cwd=ROOT)

    def ready(self) -> bool:
        return self.started in self.log()

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None


class Nginx(Service):
    """Debian's nginx terminating TLS in front of the app, as its own master."""

    name = "nginx"
    stop_signal = signal.SIGQUIT  # graceful: finish answering, then exit

    def start(self) -> None:
        if shutil.which("nginx") is None and not Path("/usr/sbin/nginx").exists():
            apt_install("nginx")
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        certificate, key = self.dir / "cert.pem", self.dir / "key.pem"
        run(
            [
                "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                "-nodes", "-days", "2", "-subj", "/CN=localhost",
                "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
                "-keyout", str(key), "-out", str(certificate),
            ]
        )  # fmt: skip
        self.port = free_port()
        site = nginx_site(
            self.stack.section,
            port=self.port,
            upstream_port=self.stack.app.port,
            certificate=certificate,
            key=key,
        )
        config = self.dir / "nginx.conf"
        config.write_text(NGINX_MAIN.format(dir=self.dir, site=site))
        self.stack.port = self.port
        self.spawn([nginx, "-p", str(self.dir), "-e", str(self.dir / "error.log"), "-c", str(config)])

    def ready(self) -> bool:
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        try:
            with urllib.request.urlopen(self.stack.url("/healthz"), timeout=2, context=context) as response:
                return response.status == 200
        except OSError:
            return False

    def log(self, tail: int = 60) -> str:
        errors = self.dir / "error.log"
        extra = errors.read_text(errors="replace") if errors.exists() else ""
        return super().log(tail) + "\n" + "\n".join(extra.splitlines()[-tail:])


class Stack:
    """PostgreSQL, then gunicorn, the alert worker and nginx; stopped in
    reverse order."""

    def __init__(self, readme: str | None = None):
        self.section = deployment_section(readme)
        self.dir = Path(tempfile.mkdtemp(prefix="spasm-deploy-"))
        # Open to the unprivileged users PostgreSQL and nginx's workers run as.
        self.dir.chmod(0o755)
        self.services: list[Service] = []
        self.port = 0

    def url(self, path: str = "/") -> str:
        return f"https://localhost:{self.port}{path}"

    def start(self) -> Stack:
        try:
            self.postgresql = self._add(PostgreSQL)
            self.app = self._add(App)
            self.worker = self._add(AlertWorker)
            self.nginx = self._add(Nginx)
        except BaseException:
            self.stop()
            raise
        return self

    def _add(self, kind: type[Service]):
        service = kind(self)
        self.services.append(service)
        service.start()
        return service

    def stop(self) -> None:
        for service in reversed(self.services):
            service.stop()
        self.services.clear()
        shutil.rmtree(self.dir, ignore_errors=True)

    def __enter__(self) -> Stack:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


if __name__ == "__main__":
    # `python -m tests.deploy.stack`: the stack up until Ctrl-C, to look around.
    with Stack() as stack:
        print(f"Spasm at {stack.url()} (PostgreSQL on {stack.postgresql.port}); Ctrl-C stops it.", file=sys.stderr)
        with contextlib.suppress(KeyboardInterrupt):
            signal.pause()
