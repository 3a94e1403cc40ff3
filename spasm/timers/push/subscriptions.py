"""The browsers' push subscriptions: a PushSubscription's JSON checked in
full, and kept for the device or forgotten.

Each timer alert goes to every subscription of the device, so a device keeps
at most MAX_PER_DEVICE of them: a browser that subscribes again and again
replaces its oldest subscription instead of multiplying the alerts.
"""

from __future__ import annotations

import binascii
import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from cryptography.hazmat.primitives.asymmetric import ec
from sqlalchemy import delete, select

from ... import clock
from ...device import current_profile, ensure_profile, owned, owned_first
from ...extensions import db
from ...models import PushSubscription
from ...web.forms import JSONRefused, load_json
from .endpoints import RefusedEndpoint, check_endpoint
from .keys import b64url, b64url_decode

MAX_BODY = 1024  # bytes of JSON a subscription may take
# Subscriptions one device keeps; the newest replaces the oldest.
MAX_PER_DEVICE = 5
P256DH_BYTES = 65  # an uncompressed P-256 point: 0x04, x, y
AUTH_BYTES = 16
KEYS_MESSAGE = "The subscription's keys must be base64url text."


class InvalidSubscription(ValueError):
    """A subscription that is refused; the message says why, for the browser's script."""


@dataclass(frozen=True)
class Subscription:
    endpoint: str
    p256dh: str
    auth: str
    expires_at: datetime | None


def parse_subscription(body: bytes, services: Iterable[str], allow_loopback: bool) -> Subscription:
    """PushSubscription.toJSON() as the browser sends it, checked in full;
    the endpoint must lead to one of the push services (see .endpoints)."""
    if len(body) > MAX_BODY:
        raise InvalidSubscription("A subscription is at most 1 KB.")
    try:
        data = load_json(body, max_bytes=MAX_BODY)
    except JSONRefused:
        raise InvalidSubscription("The subscription must be JSON.") from None
    if not isinstance(data, dict):
        raise InvalidSubscription("The subscription must be a JSON object.")
    p256dh, auth = _keys(data.get("keys"))
    expires_at = _expiration(data.get("expirationTime"), clock.server_now())
    try:
        endpoint = check_endpoint(data.get("endpoint"), services, allow_loopback)
    except RefusedEndpoint as error:
        raise InvalidSubscription(str(error)) from None
    return Subscription(endpoint, p256dh, auth, expires_at)


def _keys(value: object) -> tuple[str, str]:
    """The browser's public key (a point on P-256) and auth secret (16 bytes)."""
    if not isinstance(value, dict):
        raise InvalidSubscription("The subscription has no keys.")
    p256dh, auth = value.get("p256dh"), value.get("auth")
    if not isinstance(p256dh, str) or not isinstance(auth, str):
        raise InvalidSubscription(KEYS_MESSAGE)
    try:
        point, secret = b64url_decode(p256dh), b64url_decode(auth)
    except (ValueError, binascii.Error):
        raise InvalidSubscription(KEYS_MESSAGE) from None
    if len(point) != P256DH_BYTES or point[0] != 4:
        raise InvalidSubscription("keys.p256dh must be an uncompressed P-256 public key.")
    try:
        ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), point)
    except ValueError:
        raise InvalidSubscription("keys.p256dh is not a point on P-256.") from None
    if len(secret) != AUTH_BYTES:
        raise InvalidSubscription("keys.auth must be 16 bytes.")
    return b64url(point), b64url(secret)


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


def keep(found: Subscription, origin: str) -> bool:
    """Save the subscription for this device (made now if it is new), or
    update it if the device has it already. True when it is new."""
    profile = ensure_profile()
    row = owned_first(owned(PushSubscription).where(PushSubscription.endpoint == found.endpoint))
    created = row is None
    if row is None:
        row = PushSubscription(profile_id=profile.id, endpoint=found.endpoint)
        db.session.add(row)
    row.p256dh, row.auth, row.expires_at = found.p256dh, found.auth, found.expires_at
    row.origin = origin[:255]
    if created:
        db.session.flush()
        _keep_newest(profile.id)
    db.session.commit()
    return created


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


def forget(endpoint: str | None) -> None:
    """Delete this device's subscription to the endpoint, or all of them when
    none is named. A browser without a device has nothing to forget."""
    profile = current_profile()
    if profile is None:
        return
    statement = delete(PushSubscription).where(PushSubscription.profile_id == profile.id)
    if endpoint is not None:
        statement = statement.where(PushSubscription.endpoint == endpoint)
    db.session.execute(statement)
    db.session.commit()


def device_subscribed() -> bool:
    """Whether this device has a push subscription on the server."""
    return owned_first(owned(PushSubscription).limit(1)) is not None
