"""Configuration: defaults here, then instance/config.py, then SPASM_* variables."""

import os
import secrets
from pathlib import Path

from flask import Flask

# The checkout: templates, static files, migrations and the manifest live here.
ROOT = Path(__file__).resolve().parent.parent

MiB = 1024 * 1024


class Defaults:
    # No secret key by default: see load_secret_key for what happens instead.
    SECRET_KEY = None
    DATABASE_URL = None

    MAX_CONTENT_LENGTH = 1 * MiB
    MAX_FORM_MEMORY_SIZE = 1 * MiB

    SESSION_COOKIE_NAME = "spasm_session"
    # "auto": cookies are Secure when the request came over HTTPS (as the
    # proxy reports it, see PROXY_COUNT), and always in production. Plain
    # HTTP on loopback gets cookies without it, because Safari keeps no
    # Secure cookie from http://localhost. True or False forces it outside
    # production; production is always Secure (spasm.device.cookies_secure).
    SESSION_COOKIE_SECURE = "auto"
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    DEVICE_COOKIE_NAME = "spasm_device"

    # Cross-origin requests are refused by spasm.web.cross_origin from the
    # browser's own headers; forms carry no token.
    WTF_CSRF_ENABLED = False

    # The region whose emergency number is shown until a person picks one.
    REGION = "eu"

    # Set when the app is served over HTTPS (behind a reverse proxy): turns on
    # HSTS. PROXY_COUNT is how many proxies set X-Forwarded-* in front of it.
    BEHIND_HTTPS = False
    PROXY_COUNT = 0

    # Web Push (spasm/timers/push/). The key is made once into instance/ on the
    # embedded database; production sets both. Loopback endpoints are for a
    # push service faked in tests, never for production.
    VAPID_PRIVATE_KEY = None
    VAPID_SUBJECT = None
    PUSH_ALLOW_LOOPBACK = False
    # The browsers' push services, comma-separated: the server sends only to
    # https endpoints on these hosts or their subdomains.
    PUSH_SERVICES = (
        "fcm.googleapis.com,updates.push.services.mozilla.com,push.apple.com,notify.windows.com,android.googleapis.com"
    )

    # How long a request waits for another's lock on the database before it
    # gives up with a calm "busy, try again" (503): SQLite's busy timeout,
    # PostgreSQL's lock_timeout. Well under gunicorn's 30 s worker timeout.
    DATABASE_BUSY_TIMEOUT_MS = 5000


def load(app: Flask, test_config: dict | None) -> None:
    """Apply the configuration layers in order, later ones winning."""
    app.config.from_object(Defaults)
    app.config.from_pyfile("config.py", silent=True)
    app.config.from_prefixed_env("SPASM")
    if test_config:
        app.config.from_mapping(test_config)
    app.config["SQLALCHEMY_DATABASE_URI"] = database_uri(app)
    engine_options = app.config.setdefault("SQLALCHEMY_ENGINE_OPTIONS", {})
    connect_args = engine_options.setdefault("connect_args", {})
    busy_ms = int(app.config["DATABASE_BUSY_TIMEOUT_MS"])
    if uses_embedded_database(app):
        # The driver's timeout is SQLite's busy timeout, set on every connection.
        connect_args.setdefault("timeout", busy_ms / 1000)
    else:
        connect_args.setdefault("options", f"-c lock_timeout={busy_ms}")
        # A server across the network may drop idle connections; test each
        # one before use. A SQLite file cannot, so it skips the extra query.
        engine_options.setdefault("pool_pre_ping", True)
    if not app.config["SECRET_KEY"]:
        app.config["SECRET_KEY"] = load_secret_key(app)
    if app.config["SESSION_COOKIE_SECURE"] not in COOKIE_SECURE_CHOICES:
        raise RuntimeError('SPASM_SESSION_COOKIE_SECURE must be "auto", true or false.')


# What SESSION_COOKIE_SECURE may be (an environment variable gives the
# booleans as true and false, and "auto" as the word itself).
COOKIE_SECURE_CHOICES = ("auto", True, False)


def database_uri(app: Flask) -> str:
    url = app.config.get("SQLALCHEMY_DATABASE_URI") or app.config.get("DATABASE_URL")
    if not url:
        return "sqlite:///" + os.path.join(app.instance_path, "spasm.sqlite3")
    # Hosting providers hand out postgres:// URLs; psycopg 3 is the driver here.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def uses_embedded_database(app: Flask) -> bool:
    return app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite")


def is_production(app: Flask) -> bool:
    """Served to the world: over HTTPS, or from several servers sharing a database."""
    return bool(app.config.get("BEHIND_HTTPS")) or not uses_embedded_database(app)


def load_secret_key(app: Flask) -> str:
    """A random key kept in instance/, so cookies survive a restart.

    Several app servers sharing PostgreSQL must share one key, so there a
    missing key is an error rather than a silent per-server value.
    """
    if not uses_embedded_database(app):
        raise RuntimeError("SPASM_SECRET_KEY must be set when SPASM_DATABASE_URL points at a shared database.")
    path = Path(app.instance_path) / "secret_key"
    if path.exists():
        key = path.read_text().strip()
        if key:
            return key
    key = secrets.token_hex(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key
