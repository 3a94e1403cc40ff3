"""Sending one timer alert to one subscription: encrypted with aes128gcm,
signed with this server's VAPID key, by pywebpush.

The endpoint is checked against the push services again before each send
(see .endpoints), whatever was allowed when it was saved.
"""

from __future__ import annotations

from dataclasses import dataclass

import requests
from flask import Flask
from pywebpush import WebPushException, webpush
from requests.adapters import HTTPAdapter

from ...models import PushSubscription
from .endpoints import RefusedEndpoint, allowed_services, check_endpoint
from .keys import keys

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
        self.services = allowed_services(app)
        self.allow_loopback = bool(app.config.get("PUSH_ALLOW_LOOPBACK"))
        self.session = requests.Session()
        # No proxy from the environment, no .netrc credentials, no redirects:
        # a push goes to the checked endpoint and nowhere else.
        self.session.trust_env = False
        self.session.max_redirects = 0
        adapter = HTTPAdapter(pool_connections=pool_size, pool_maxsize=pool_size, max_retries=0)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)

    def send(self, subscription: PushSubscription, payload: bytes, ttl: int) -> Outcome:
        """One aes128gcm-encrypted push with VAPID, TTL seconds and high urgency."""
        try:
            check_endpoint(subscription.endpoint, self.services, self.allow_loopback)
        except RefusedEndpoint:
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
        except (requests.ConnectionError, requests.Timeout, OSError):
            return Outcome(RETRY)
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
