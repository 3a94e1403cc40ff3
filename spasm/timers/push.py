"""Web Push: this server's VAPID keys, the browser subscriptions it keeps,
and sending one message to one of them.

The server POSTs to whatever endpoint a browser hands it, so an endpoint is
an open door to the server's own network unless it is checked: it must be
https on a public address (checked when it is saved, and again on every
connection, so a name that later resolves somewhere private gets nothing).
SPASM_PUSH_ALLOW_LOOPBACK=true also lets http://127.0.0.1:<port> and
http://localhost:<port> through, for a push service faked in tests.

Each timer alert goes to every subscription of the device, so a device keeps
at most MAX_PER_DEVICE of them: a browser that subscribes again and again
replaces its oldest subscription instead of multiplying the alerts.
"""

from __future__ import annotations

import base64
import binascii
import ipaddress
import math
import os
import re
import socket
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

import click
import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from flask import Blueprint, Flask, Response, current_app, jsonify, request
from py_vapid import Vapid
from pywebpush import WebPushException, webpush
from requests.adapters import HTTPAdapter
from sqlalchemy import delete, select
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

from .. import clock
from ..config import uses_embedded_database
from ..device import current_profile, ensure_profile, owned, owned_first
from ..extensions import db
from ..models import PushSubscription
from ..web.forms import JSONRefused, load_json, takes_json

bp = Blueprint("push", __name__)

MAX_BODY = 1024  # bytes of JSON a subscription may take
# Subscriptions one device keeps; the newest replaces the oldest.
MAX_PER_DEVICE = 5
P256DH_BYTES = 65  # an uncompressed P-256 point: 0x04, x, y
AUTH_BYTES = 16
KEY_FILE = "vapid_private_key.pem"
LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")
BASE64URL = re.compile(r"^[A-Za-z0-9_-]+={0,2}$")


# ---- VAPID keys ----


class PushNotConfigured(RuntimeError):
    """The VAPID key or subject is missing or unusable; the message says which."""


@dataclass(frozen=True)
class Keys:
    vapid: Vapid
    # The public key as the browser's applicationServerKey wants it.
    public_key: str
    subject: str


def is_production(app: Flask) -> bool:
    """Served to the world: over HTTPS, or from several servers sharing a database."""
    return bool(app.config.get("BEHIND_HTTPS")) or not uses_embedded_database(app)


def keys(app: Flask | None = None) -> Keys:
    """This server's VAPID keys, loaded once per process."""
    app = app or current_app._get_current_object()  # type: ignore[attr-defined]
    loaded = app.extensions.get("spasm.push.keys")
    if loaded is None:
        private = _private_key(app)
        vapid = Vapid(private)
        raw = private.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
        loaded = Keys(vapid, b64url(raw), _subject(app))
        app.extensions["spasm.push.keys"] = loaded
    return loaded


def public_key_or_none() -> str | None:
    try:
        return keys().public_key
    except PushNotConfigured:
        current_app.logger.warning("Web Push is off: %s", "VAPID keys are not configured")
        return None


def _private_key(app: Flask) -> ec.EllipticCurvePrivateKey:
    configured = app.config.get("VAPID_PRIVATE_KEY")
    if configured:
        return parse_private_key(str(configured))
    if not uses_embedded_database(app):
        raise PushNotConfigured(
            "SPASM_VAPID_PRIVATE_KEY must be set when SPASM_DATABASE_URL points at a shared "
            "database: every server must sign with the same key."
        )
    return _key_in_instance(Path(app.instance_path) / KEY_FILE)


def parse_private_key(text: str) -> ec.EllipticCurvePrivateKey:
    """A P-256 private key as PEM, or base64url of its raw 32 bytes or its DER."""
    try:
        if "-----BEGIN" in text:
            key = serialization.load_pem_private_key(text.strip().encode(), password=None)
        else:
            key = Vapid.from_string(text.strip()).private_key
    except (ValueError, TypeError, binascii.Error) as error:
        raise PushNotConfigured(f"SPASM_VAPID_PRIVATE_KEY is not a usable key ({error}).") from None
    if not isinstance(key, ec.EllipticCurvePrivateKey) or key.curve.name != "secp256r1":
        raise PushNotConfigured("SPASM_VAPID_PRIVATE_KEY must be a P-256 (prime256v1) key.")
    return key


def _key_in_instance(path: Path) -> ec.EllipticCurvePrivateKey:
    """Made once and kept in instance/. Several processes may start at once:
    the first file to be linked into place wins, and all of them read it."""
    if not path.exists():
        key = ec.generate_private_key(ec.SECP256R1())
        pem = key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".vapid-")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(pem)
            os.link(temporary, path)
        except FileExistsError:
            pass
        finally:
            os.unlink(temporary)
    return parse_private_key(path.read_text())


def _subject(app: Flask) -> str:
    subject = (app.config.get("VAPID_SUBJECT") or "").strip()
    if not subject:
        if is_production(app):
            raise PushNotConfigured(
                "SPASM_VAPID_SUBJECT must be set in production: a mailto: address or https: page "
                "where the push services can reach whoever runs this server."
            )
        return "mailto:spasm@localhost"
    check_subject(subject, is_production(app))
    return subject


def check_subject(subject: str, production: bool) -> None:
    if subject.startswith("mailto:"):
        host = subject.rpartition("@")[2]
        if "@" not in subject or not host:
            raise PushNotConfigured("SPASM_VAPID_SUBJECT must be mailto:someone@host or an https: URL.")
    elif subject.startswith("https://"):
        host = urlsplit(subject).hostname or ""
    else:
        raise PushNotConfigured("SPASM_VAPID_SUBJECT must be mailto:someone@host or an https: URL.")
    host = host.strip("[]").lower()
    if production and (host in LOCAL_HOSTS or host.endswith(".localhost") or _is_private_literal(host)):
        # Apple's push service refuses such subjects, and nobody could use them.
        raise PushNotConfigured("SPASM_VAPID_SUBJECT must be a real contact, not localhost.")


def _is_private_literal(host: str) -> bool:
    try:
        return not is_public(ipaddress.ip_address(host))
    except ValueError:
        return False


def b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def b64url_decode(text: str) -> bytes:
    if not BASE64URL.match(text):
        raise ValueError("not base64url")
    return base64.urlsafe_b64decode(text.rstrip("=") + "=" * (-len(text.rstrip("=")) % 4))


# ---- Which addresses the server may send to ----


NAT64 = ipaddress.ip_network("64:ff9b::/96")


def is_public(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """An address on the public internet: not loopback, private, link-local
    (cloud metadata lives there), shared, multicast, reserved or unspecified,
    nor an IPv6 address that carries such an IPv4 address inside it."""
    if ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_multicast:
        return False
    if ip.is_reserved or ip.is_unspecified:
        return False
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.is_site_local:
            return False
        inner = [ip.ipv4_mapped, ip.sixtofour, *(ip.teredo or ())]
        if ip in NAT64:
            inner.append(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
        if any(v4 is not None and not is_public(v4) for v4 in inner):
            return False
    return ip.is_global


def allowed_peer(address: str, allow_loopback: bool) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return is_public(ip) or (allow_loopback and ip.is_loopback)


def resolve(host: str, port: int) -> list[str]:
    """Every address the name resolves to (tests replace this)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [str(info[4][0]) for info in infos]


class InvalidSubscription(ValueError):
    """A subscription that is refused; the message says why, for the browser's script."""


@dataclass(frozen=True)
class Subscription:
    endpoint: str
    p256dh: str
    auth: str
    expires_at: datetime | None


PORT_MESSAGE = "The endpoint's port must be a number from 1 to 65535."


def _check_port(netloc: str) -> None:
    """Refuse a port that is written but is not 1 to 65535. urlsplit reads
    ":0" as port 0, which would then pass for no port at all (the scheme's
    default), and refuses others only as "not a valid URL"."""
    after_host = netloc.rpartition("@")[2]
    if after_host.startswith("["):
        after_host = after_host.partition("]")[2]
    if ":" not in after_host:
        return
    written = after_host.rpartition(":")[2]
    if written == "":
        return  # "host:" means the default port
    if not (written.isascii() and written.isdigit() and 1 <= int(written) <= 65535):
        raise InvalidSubscription(PORT_MESSAGE)


def check_endpoint(endpoint: object, allow_loopback: bool) -> str:
    """The endpoint if the server may POST to it, else InvalidSubscription."""
    if not isinstance(endpoint, str) or not endpoint or len(endpoint) > 1000:
        raise InvalidSubscription("The endpoint must be a URL.")
    try:
        parts = urlsplit(endpoint)
    except ValueError:
        raise InvalidSubscription("The endpoint is not a valid URL.") from None
    _check_port(parts.netloc)
    try:
        port = parts.port
    except ValueError:
        raise InvalidSubscription("The endpoint is not a valid URL.") from None
    host = parts.hostname or ""
    if parts.username is not None or parts.password is not None or not host or parts.fragment:
        raise InvalidSubscription("The endpoint is not a valid URL.")
    if any(ch.isspace() or ord(ch) < 32 for ch in endpoint):
        raise InvalidSubscription("The endpoint is not a valid URL.")
    loopback = allow_loopback and host in ("127.0.0.1", "localhost") and port is not None
    if parts.scheme == "http" and loopback:
        return endpoint
    if parts.scheme != "https":
        raise InvalidSubscription("The endpoint must use https.")
    try:
        addresses = resolve(host, port or 443)
    except (OSError, UnicodeError):
        raise InvalidSubscription("The endpoint's host cannot be found.") from None
    if not addresses:
        raise InvalidSubscription("The endpoint's host cannot be found.")
    for address in addresses:
        try:
            fine = allowed_peer(address, loopback)
        except ValueError:
            fine = False
        if not fine:
            raise InvalidSubscription("The endpoint must be on a public address.")
    return endpoint


def parse_subscription(body: bytes, allow_loopback: bool) -> Subscription:
    """PushSubscription.toJSON() as the browser sends it, checked in full."""
    if len(body) > MAX_BODY:
        raise InvalidSubscription("A subscription is at most 1 KB.")
    try:
        data = load_json(body, max_bytes=MAX_BODY)
    except JSONRefused:
        raise InvalidSubscription("The subscription must be JSON.") from None
    if not isinstance(data, dict):
        raise InvalidSubscription("The subscription must be a JSON object.")
    keys_ = data.get("keys")
    if not isinstance(keys_, dict):
        raise InvalidSubscription("The subscription has no keys.")
    p256dh, auth = keys_.get("p256dh"), keys_.get("auth")
    if not isinstance(p256dh, str) or not isinstance(auth, str):
        raise InvalidSubscription("The subscription's keys must be base64url text.")
    try:
        point, secret = b64url_decode(p256dh), b64url_decode(auth)
    except (ValueError, binascii.Error):
        raise InvalidSubscription("The subscription's keys must be base64url text.") from None
    if len(point) != P256DH_BYTES or point[0] != 4:
        raise InvalidSubscription("keys.p256dh must be an uncompressed P-256 public key.")
    try:
        ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), point)
    except ValueError:
        raise InvalidSubscription("keys.p256dh is not a point on P-256.") from None
    if len(secret) != AUTH_BYTES:
        raise InvalidSubscription("keys.auth must be 16 bytes.")
    expires_at = _expiration(data.get("expirationTime"), clock.server_now())
    endpoint = check_endpoint(data.get("endpoint"), allow_loopback)
    return Subscription(endpoint, b64url(point), b64url(secret), expires_at)


def _expiration(value: object, now: datetime) -> datetime | None:
    """When the browser says the subscription ends: null, or a future moment
    in milliseconds since 1970. One already past could never carry an alert."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise InvalidSubscription("expirationTime must be null or a time in milliseconds.")
    if value < 0:
        raise InvalidSubscription("expirationTime must not be negative.")
    try:
        moment = datetime.fromtimestamp(value / 1000, UTC)
    except (OverflowError, OSError, ValueError):
        raise InvalidSubscription("expirationTime must be null or a time in milliseconds.") from None
    if moment <= now:
        raise InvalidSubscription("expirationTime is in the past: this subscription has ended.")
    return moment


# ---- The endpoints the page's script calls ----


def _refuse(status: int, message: str) -> Response:
    response = jsonify(error=message)
    response.status_code = status
    response.headers["Cache-Control"] = "no-store"
    return response


def _read_body() -> bytes | None:
    """The request body, or None when it is over MAX_BODY (never read whole)."""
    if request.content_length is not None and request.content_length > MAX_BODY:
        return None
    body = request.stream.read(MAX_BODY + 1)
    return None if len(body) > MAX_BODY else body


@bp.post("/push/subscription")
@takes_json
def subscribe():
    """Keep this browser's push subscription, for alerts when the phone is locked."""
    if request.mimetype != "application/json":
        return _refuse(415, "Send the subscription as application/json.")
    body = _read_body()
    if body is None:
        return _refuse(413, "A subscription is at most 1 KB.")
    try:
        found = parse_subscription(body, bool(current_app.config.get("PUSH_ALLOW_LOOPBACK")))
    except InvalidSubscription as error:
        return _refuse(422, str(error))
    profile = ensure_profile()
    row = owned_first(owned(PushSubscription).where(PushSubscription.endpoint == found.endpoint))
    created = row is None
    if row is None:
        row = PushSubscription(profile_id=profile.id, endpoint=found.endpoint)
        db.session.add(row)
    row.p256dh, row.auth, row.expires_at = found.p256dh, found.auth, found.expires_at
    row.origin = request.host_url.rstrip("/")[:255]
    if created:
        db.session.flush()
        _keep_newest(profile.id)
    db.session.commit()
    response = jsonify(saved=True)
    response.status_code = 201 if created else 200
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.delete("/push/subscription")
@takes_json
def unsubscribe():
    """Forget this browser's subscription (the endpoint in the body), or all of this device's."""
    body = _read_body()
    if body is None:
        return _refuse(413, "A request here is at most 1 KB.")
    endpoint = None
    if body.strip():
        try:
            data = load_json(body, max_bytes=MAX_BODY)
        except JSONRefused:
            return _refuse(400, "Send JSON with the endpoint to forget.")
        endpoint = data.get("endpoint") if isinstance(data, dict) else None
        if not isinstance(endpoint, str):
            return _refuse(400, "Send JSON with the endpoint to forget.")
    profile = current_profile()
    if profile is not None:
        statement = delete(PushSubscription).where(PushSubscription.profile_id == profile.id)
        if endpoint is not None:
            statement = statement.where(PushSubscription.endpoint == endpoint)
        db.session.execute(statement)
        db.session.commit()
    response = Response(status=204)
    response.headers["Cache-Control"] = "no-store"
    return response


def _keep_newest(profile_id: int) -> None:
    """Delete all but the device's MAX_PER_DEVICE newest subscriptions: those
    with the highest ids, as a new row's id is above every id in the table.
    Run after the insert, so the new one counts; should two saves race past
    the cap, the next save trims it again."""
    newest = (
        select(PushSubscription.id)
        .where(PushSubscription.profile_id == profile_id)
        .order_by(PushSubscription.id.desc())
        .limit(MAX_PER_DEVICE)
    )
    db.session.execute(
        delete(PushSubscription).where(
            PushSubscription.profile_id == profile_id, PushSubscription.id.not_in(newest.scalar_subquery())
        )
    )


def public_key() -> str:
    """The VAPID public key for the page's script; empty when push is not set up.
    The same for everyone, so pages that carry it may still be shared."""
    return public_key_or_none() or ""


def device_subscribed() -> bool:
    """Whether this device has a push subscription on the server."""
    return owned_first(owned(PushSubscription).limit(1)) is not None


# ---- Sending ----


class PublicOnlyHTTPConnection(HTTPConnection):
    allow_loopback = False

    def _new_conn(self) -> socket.socket:
        sock = super()._new_conn()
        _check_peer(sock, self.allow_loopback)
        return sock


class PublicOnlyHTTPSConnection(HTTPSConnection):
    allow_loopback = False

    def _new_conn(self) -> socket.socket:
        sock = super()._new_conn()
        _check_peer(sock, self.allow_loopback)
        return sock


class PrivateAddress(ConnectionRefusedError):
    """The endpoint's name led to an address the server must not send to."""


def _check_peer(sock: socket.socket, allow_loopback: bool) -> None:
    """Refuse a connection that reached a private address, whatever the name
    resolved to when the subscription was saved. Nothing has been sent yet."""
    address = sock.getpeername()[0]
    if not allowed_peer(address, allow_loopback):
        sock.close()
        raise PrivateAddress(f"refusing to send a push to {address}")


def _refused_private(error: BaseException) -> bool:
    """Whether PrivateAddress is somewhere inside what requests raised."""
    seen: set[int] = set()
    stack: list[object] = [error]
    while stack:
        item = stack.pop()
        if not isinstance(item, BaseException) or id(item) in seen:
            continue
        seen.add(id(item))
        if isinstance(item, PrivateAddress):
            return True
        stack.extend([item.__cause__, item.__context__, getattr(item, "reason", None), *item.args])
    return False


class PublicOnlyAdapter(HTTPAdapter):
    """A requests adapter whose connections only reach public addresses."""

    def __init__(self, allow_loopback: bool, pool_size: int):
        self.allow_loopback = allow_loopback
        super().__init__(pool_connections=pool_size, pool_maxsize=pool_size, max_retries=0)

    def init_poolmanager(self, *args, **kwargs):
        super().init_poolmanager(*args, **kwargs)
        allow = self.allow_loopback

        class HTTPConn(PublicOnlyHTTPConnection):
            allow_loopback = allow

        class HTTPSConn(PublicOnlyHTTPSConnection):
            allow_loopback = allow

        class HTTPPool(HTTPConnectionPool):
            ConnectionCls = HTTPConn

        class HTTPSPool(HTTPSConnectionPool):
            ConnectionCls = HTTPSConn

        self.poolmanager.pool_classes_by_scheme = {"http": HTTPPool, "https": HTTPSPool}


SENT, GONE, RETRY, FAILED = "sent", "gone", "retry", "failed"


@dataclass(frozen=True)
class Outcome:
    """What became of one push: sent; gone (the subscription is dead: forget
    it); retry (the push service is busy or unreachable); failed (give up)."""

    result: str
    retry_after: float | None = None


class Sender:
    """Sends Web Push messages with this server's VAPID key. Thread-safe."""

    TIMEOUT = (3.05, 5)  # seconds to connect, to read

    def __init__(self, app: Flask, pool_size: int = 16):
        self.keys = keys(app)
        self.allow_loopback = bool(app.config.get("PUSH_ALLOW_LOOPBACK"))
        self.session = requests.Session()
        # No proxy from the environment, no .netrc credentials, no redirects.
        self.session.trust_env = False
        self.session.max_redirects = 0
        adapter = PublicOnlyAdapter(self.allow_loopback, pool_size)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)

    def send(self, subscription: PushSubscription, payload: bytes, ttl: int) -> Outcome:
        """One aes128gcm-encrypted push with VAPID, TTL seconds and high urgency."""
        scheme = urlsplit(subscription.endpoint).scheme
        if scheme != "https" and not self.allow_loopback:
            return Outcome(FAILED)
        info = {"endpoint": subscription.endpoint, "keys": {"p256dh": subscription.p256dh, "auth": subscription.auth}}
        try:
            webpush(
                info,
                data=payload.decode(),
                vapid_private_key=self.keys.vapid,
                vapid_claims={"sub": self.keys.subject},
                content_encoding="aes128gcm",
                ttl=max(1, ttl),
                headers={"Urgency": "high"},
                timeout=self.TIMEOUT,
                requests_session=self.session,
            )
        except WebPushException as error:
            return _outcome_of(error.status_code, error.retry_after)
        except requests.TooManyRedirects:
            return Outcome(FAILED)
        except (requests.ConnectionError, requests.Timeout, OSError) as error:
            return Outcome(FAILED if _refused_private(error) else RETRY)
        return Outcome(SENT)

    def close(self) -> None:
        self.session.close()


def _outcome_of(status: int | None, retry_after: str | None) -> Outcome:
    if status in (404, 410):
        return Outcome(GONE)
    if status == 429 or (status is not None and status >= 500):
        return Outcome(RETRY, _seconds(retry_after))
    return Outcome(FAILED)


def _seconds(retry_after: str | None) -> float | None:
    try:
        return max(0.0, float(retry_after)) if retry_after else None
    except ValueError:
        return None  # an HTTP date: the usual backoff will do


@click.command("vapid-key")
def vapid_key_command() -> None:
    """Print a new VAPID private key for SPASM_VAPID_PRIVATE_KEY, and its public key."""
    key = ec.generate_private_key(ec.SECP256R1())
    raw = key.public_key().public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    click.echo(f"SPASM_VAPID_PRIVATE_KEY={b64url(key.private_numbers().private_value.to_bytes(32, 'big'))}")
    click.echo(f"# public key (the browsers see it): {b64url(raw)}")


def init_app(app: Flask) -> None:
    """The keys are read (or made) on first use, not here."""
    app.cli.add_command(vapid_key_command)
