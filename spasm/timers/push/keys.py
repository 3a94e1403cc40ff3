"""This server's VAPID keys: loaded or made once, and the public half for pages.

Keys and the browsers' subscription keys travel as base64url without padding.
"""

from __future__ import annotations

import base64
import binascii
import ipaddress
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import click
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from flask import Flask, current_app
from py_vapid import Vapid

from ...config import is_production, uses_embedded_database

KEY_FILE = "vapid_private_key.pem"
LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")
BASE64URL = re.compile(r"^[A-Za-z0-9_-]+={0,2}$")
SUBJECT_MESSAGE = "SPASM_VAPID_SUBJECT must be mailto:someone@host or an https: URL."


class PushNotConfigured(RuntimeError):
    """The VAPID key or subject is missing or unusable; the message says which."""


@dataclass(frozen=True)
class Keys:
    vapid: Vapid
    # The public key as the browser's applicationServerKey wants it.
    public_key: str
    subject: str


def b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def b64url_decode(text: str) -> bytes:
    if not BASE64URL.match(text):
        raise ValueError("not base64url")
    bare = text.rstrip("=")
    return base64.urlsafe_b64decode(bare + "=" * (-len(bare) % 4))


def public_point(key: ec.EllipticCurvePrivateKey) -> bytes:
    """The public key as an uncompressed P-256 point, as browsers want it."""
    return key.public_key().public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)


def keys(app: Flask | None = None) -> Keys:
    """This server's VAPID keys, loaded once per process."""
    app = app or current_app._get_current_object()  # type: ignore[attr-defined]
    loaded = app.extensions.get("spasm.push.keys")
    if loaded is None:
        private = _private_key(app)
        loaded = Keys(Vapid(private), b64url(public_point(private)), _subject(app))
        app.extensions["spasm.push.keys"] = loaded
    return loaded


def public_key() -> str:
    """The VAPID public key for the page's script; empty when push is not set up.
    The same for everyone, so pages that carry it may still be shared."""
    try:
        return keys().public_key
    except PushNotConfigured:
        current_app.logger.warning("Web Push is off: %s", "VAPID keys are not configured")
        return ""


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
            raise PushNotConfigured(SUBJECT_MESSAGE)
    elif subject.startswith("https://"):
        host = urlsplit(subject).hostname or ""
    else:
        raise PushNotConfigured(SUBJECT_MESSAGE)
    host = host.strip("[]").lower()
    if production and (host in LOCAL_HOSTS or host.endswith(".localhost") or _is_local_literal(host)):
        # Apple's push service refuses such subjects, and nobody could use them.
        raise PushNotConfigured("SPASM_VAPID_SUBJECT must be a real contact, not localhost.")


def _is_local_literal(host: str) -> bool:
    """An IP address written out that is not on the public internet."""
    try:
        return not ipaddress.ip_address(host).is_global
    except ValueError:
        return False


@click.command("vapid-key")
def vapid_key_command() -> None:
    """Print a new VAPID private key for SPASM_VAPID_PRIVATE_KEY, and its public key."""
    key = ec.generate_private_key(ec.SECP256R1())
    click.echo(f"SPASM_VAPID_PRIVATE_KEY={b64url(key.private_numbers().private_value.to_bytes(32, 'big'))}")
    click.echo(f"# public key (the browsers see it): {b64url(public_point(key))}")


def init_app(app: Flask) -> None:
    """The keys are read (or made) on first use, not here."""
    app.cli.add_command(vapid_key_command)
