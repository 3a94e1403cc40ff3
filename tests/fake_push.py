"""A push service on loopback, standing in for the browsers' (FCM, Mozilla,
Apple): it checks each request as they would — a VAPID JWT signed by the
key it claims, for this audience, not expired; aes128gcm content; TTL and
Urgency headers — then decrypts the body with the subscription's private key
and auth secret, as the browser would, and records what arrived.

Used by the tests and by bench/alerts.py.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import http_ece
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from py_vapid import Vapid


def b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass
class Device:
    """A browser's side of one subscription: its keys and its endpoint."""

    token: str
    endpoint: str
    private_key: ec.EllipticCurvePrivateKey
    auth: bytes

    def subscription(self) -> dict:
        """What the browser's PushSubscription.toJSON() gives."""
        point = self.private_key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
        return {
            "endpoint": self.endpoint,
            "expirationTime": None,
            "keys": {"p256dh": b64url(point), "auth": b64url(self.auth)},
        }


@dataclass
class Delivery:
    token: str
    message: dict
    headers: dict
    arrived_at: float  # time.time()


@dataclass
class FakePushService:
    # The VAPID public key every request must be signed with (base64url), if known.
    server_key: str | None = None
    devices: dict[str, Device] = field(default_factory=dict)
    deliveries: list[Delivery] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    # Status codes to answer next for a token, in order; 201 once they run out.
    answers: dict[str, list[int]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def start(self) -> FakePushService:
        service = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                status = service.receive(self.path, dict(self.headers.items()), body)
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join()

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.server.server_port}"

    def device(self) -> Device:
        token = secrets.token_urlsafe(12)
        device = Device(token, f"{self.origin}/push/{token}", ec.generate_private_key(ec.SECP256R1()), os.urandom(16))
        self.devices[token] = device
        return device

    def delivered_to(self, device: Device) -> list[dict]:
        with self.lock:
            return [d.message for d in self.deliveries if d.token == device.token]

    def receive(self, path: str, headers: dict, body: bytes) -> int:
        token = path.rsplit("/", 1)[-1]
        device = self.devices.get(token)
        if device is None:
            return 404
        problem = self.check(headers)
        if problem:
            with self.lock:
                self.errors.append(problem)
            return 400
        try:
            plain = http_ece.decrypt(body, private_key=device.private_key, auth_secret=device.auth, version="aes128gcm")
            message = json.loads(plain)
        except Exception as error:  # anything undecryptable is the sender's fault
            with self.lock:
                self.errors.append(f"cannot decrypt: {error!r}")
            return 400
        with self.lock:
            queued = self.answers.get(token)
            status = queued.pop(0) if queued else 201
            if status == 201:
                lower = {k.lower(): v for k, v in headers.items()}
                self.deliveries.append(Delivery(token, message, lower, time.time()))
        return status

    def check(self, headers: dict) -> str | None:
        lower = {k.lower(): v for k, v in headers.items()}
        if lower.get("content-encoding") != "aes128gcm":
            return f"content-encoding {lower.get('content-encoding')!r}"
        if not lower.get("ttl", "").isdigit() or int(lower["ttl"]) <= 0:
            return f"ttl {lower.get('ttl')!r}"
        if lower.get("urgency") != "high":
            return f"urgency {lower.get('urgency')!r}"
        auth = lower.get("authorization", "")
        try:
            if not Vapid.verify(auth):
                return "VAPID signature does not verify"
        except Exception as error:
            return f"VAPID header unreadable: {error!r}"
        parts = dict(part.split("=", 1) for part in auth.split(" ", 1)[1].split(","))
        if self.server_key and parts["k"] != self.server_key:
            return "signed with another key"
        claims = json.loads(b64url_decode(parts["t"].split(".")[1]))
        if claims.get("aud") != self.origin:
            return f"aud {claims.get('aud')!r}"
        if not (time.time() < claims.get("exp", 0) <= time.time() + 24 * 3600):
            return f"exp {claims.get('exp')!r}"
        if not str(claims.get("sub", "")).startswith(("mailto:", "https:")):
            return f"sub {claims.get('sub')!r}"
        return None
