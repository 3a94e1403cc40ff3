"""Writes that may arrive more than once, and the moment they stand for.

The phone keeps a write it could not send (see static/js/10-outbox.js) and
sends it again later, perhaps twice: on a flaky signal the first answer can
be lost after the server saved it. Each kept write carries an
Idempotency-Key (the IETF httpapi draft "The Idempotency-Key HTTP Header
Field") and the time of the tap. For one device:

- a key seen for the first time: the write is done and its answer kept;
- the same key again with the same request: the first answer, nothing written;
- the same key with a different request: 422, nothing written;
- the same key while its first request is still being answered: 409;
- keys are forgotten KEY_LIFETIME after their first use. That is longer than
  the oldest tap time accepted (rules.tap_time.MAX_AGE), so a write sent
  again is either recognised or refused for its age, never done twice.

Only answers that wrote something (2xx and 3xx) are kept; a refused request
changed nothing and may be sent again with the same key once corrected.
A device with no profile gets one at its first keyed write.

The tap time (X-Spasm-Tapped-At, with X-Spasm-Sent-At to correct for the
phone's clock) becomes clock.now() for the request, so the
views record, bound and check everything (timer ends, the cold-rest rule,
the onset "just now") as of the tap.

A server killed after a view saved its rows but before the answer was kept
leaves the key without an answer; it is then answered 409 until it expires,
and the write is not done twice.
"""

from __future__ import annotations

import hashlib
import json
import re
from datetime import timedelta
from functools import wraps

from flask import Response, g, make_response, request
from sqlalchemy import delete, inspect, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.state import InstanceState

from . import clock
from .device import ensure_profile
from .extensions import db
from .models import IdempotencyKey, Profile
from .rules import tap_time
from .web.errors import error_response
from .web.rendering import HTMX_RESPONSE_HEADERS, personal

KEY_HEADER = "Idempotency-Key"
TAPPED_HEADER = "X-Spasm-Tapped-At"
# The phone's clock when it sent the write: with it, a phone clock that is
# off does not move the tap (see rules.tap_time).
SENT_HEADER = "X-Spasm-Sent-At"
KEY_LIFETIME = timedelta(hours=48)
# A UUID as the phone makes them, or any short token; an sf-string may be quoted.
_KEY = re.compile(r'^("?)([A-Za-z0-9_.:-]{8,64})\1$')
# What a client needs of a first answer to act on it again.
KEPT_HEADERS = ("Content-Type", "Location", *HTMX_RESPONSE_HEADERS, "Vary")


def fingerprint() -> str:
    """The request as far as the write depends on it: method, path, query and
    form fields (in any order)."""
    fields = sorted((name, value) for name, values in request.form.lists() for value in values)
    parts = [request.method, request.path, request.query_string.decode("latin-1"), json.dumps(fields)]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _refused(status: int, message: str) -> Response:
    return error_response(status, "Not saved", message)


def _forget_expired(profile: Profile) -> None:
    cutoff = clock.server_now() - KEY_LIFETIME
    db.session.execute(
        delete(IdempotencyKey).where(IdempotencyKey.profile_id == profile.id, IdempotencyKey.created_at < cutoff)
    )


def _find(profile: Profile, key: str) -> IdempotencyKey | None:
    return db.session.scalar(
        select(IdempotencyKey).where(IdempotencyKey.profile_id == profile.id, IdempotencyKey.key == key)
    )


def _replay(kept: IdempotencyKey, print_: str) -> Response:
    if kept.fingerprint != print_:
        return _refused(422, "This key was already used for a different request.")
    if kept.status is None:
        response = _refused(409, "This is still being saved. It will be sent again.")
        response.headers["Retry-After"] = "2"
        return response
    response = make_response(kept.body or "", kept.status)
    for name, value in json.loads(kept.headers or "[]"):
        response.headers[name] = value
    return personal(response)


def _keep(row: IdempotencyKey, response: Response) -> None:
    state: InstanceState = inspect(row)
    if state.transient or state.detached:
        # The view rolled back (a race it settled itself): keep the key anew.
        row = IdempotencyKey(
            profile_id=row.profile_id, key=row.key, fingerprint=row.fingerprint, created_at=row.created_at
        )
        db.session.add(row)
    row.status = response.status_code
    row.headers = json.dumps([(name, response.headers[name]) for name in KEPT_HEADERS if name in response.headers])
    row.body = "" if response.is_streamed else response.get_data(as_text=True)
    db.session.commit()


def _drop(row: IdempotencyKey) -> None:
    state: InstanceState = inspect(row)
    if state.persistent:
        db.session.delete(row)
    db.session.commit()


def write_view(view):
    """For a view that writes: honours the tap time and the Idempotency-Key
    of a write sent from the phone's outbox. Without them, the view runs as is."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        tapped = request.headers.get(TAPPED_HEADER)
        if tapped is not None:
            try:
                g.tapped_at = tap_time.parse(tapped, clock.server_now(), request.headers.get(SENT_HEADER))
            except tap_time.TapTimeError as error:
                return _refused(422, str(error))
        raw_key = request.headers.get(KEY_HEADER)
        if raw_key is None:
            return view(*args, **kwargs)
        match = _KEY.match(raw_key.strip())
        if match is None:
            return _refused(400, "The request's Idempotency-Key is not valid.")
        key, print_ = match.group(2), fingerprint()

        profile = ensure_profile()
        _forget_expired(profile)
        kept = _find(profile, key)
        if kept is not None:
            return _replay(kept, print_)
        row = IdempotencyKey(profile_id=profile.id, key=key, fingerprint=print_, created_at=clock.server_now())
        db.session.add(row)
        try:
            # Written with the view's own rows: a second request with this key waits here.
            db.session.flush()
        except IntegrityError:
            db.session.rollback()
            kept = _find(profile, key)
            return _replay(kept, print_) if kept else _refused(409, "Please send this again.")
        try:
            response = make_response(view(*args, **kwargs))
        except Exception:
            db.session.rollback()
            raise
        if 200 <= response.status_code < 400:
            _keep(row, response)
        else:
            _drop(row)
        return response

    return wrapper
