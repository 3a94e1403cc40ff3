"""Writes that may arrive more than once, and the moment they stand for.

The phone keeps a write it could not send (see static/js/outbox.js) and
sends it again later, perhaps twice: on a flaky signal the first answer can
be lost after the server saved it. Each such write carries an
Idempotency-Key (the IETF httpapi draft "The Idempotency-Key HTTP Header
Field") and the time of the tap. For one device:

- a key seen for the first time: the write is done and its answer recorded;
- the same key again with the same request: the first answer, nothing written;
- the same key with a different request: 422, nothing written;
- keys are forgotten KEY_LIFETIME after their first use. That is longer than
  the oldest tap time accepted (rules.tap_time.MAX_AGE), so a write sent
  again is either recognised or refused for its age, never done twice.

Only answers that wrote something (2xx and 3xx) are recorded; a refused request
changed nothing and may be sent again with the same key once corrected.
A device with no profile gets one at its first keyed write.

The key, what the view writes and the recorded answer are committed together,
in one transaction: a server killed at any moment leaves all three or none,
so the phone's next try is either answered from the key or done afresh.
The views commit as they always have; while a keyed write runs, their
commits only mark a savepoint (and their rollbacks return to it), and the
one real commit comes after the answer is recorded. Keyed writes of one device
take turns (its profile row is locked until the transaction ends), so a
view that looks for a twin tap saved a moment before still finds it, though
nothing is committed until the end.

A key found without an answer was left by an older version of this code,
which committed the view's rows before it recorded the answer. Within LEASE of
its first use it is answered 409 with Retry-After (the time left); after
that the next request with the key takes it over: the write is done and its
answer recorded, so a phone is never told "later" for good. Most writes find
what the first one saved and change nothing; one that adds a row (a
check-in, a note) may then be there twice, which beats losing it.

The tap time (X-Spasm-Tapped-At, with X-Spasm-Sent-At to correct for the
phone's clock) becomes clock.now() for the request, so the
views record, bound and check everything (timer ends, the cold-rest rule,
the onset "just now") as of the tap.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Callable
from contextlib import contextmanager
from datetime import timedelta
from functools import wraps

from flask import Response, g, make_response, request
from flask.typing import ResponseReturnValue
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

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
# How long a key without an answer is left to the request that made it.
LEASE = timedelta(seconds=30)
# A UUID as the phone makes them, or any short token; an sf-string may be quoted.
_KEY = re.compile(r'^("?)([A-Za-z0-9_.:-]{8,64})\1$')
# What a client needs of a first answer to act on it again.
RECORDED_HEADERS = ("Content-Type", "Location", *HTMX_RESPONSE_HEADERS, "Vary")


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


def _take_turn(profile: Profile) -> None:
    """Wait for this device's other keyed writes to commit or roll back.

    PostgreSQL locks the profile row until this transaction ends (NO KEY
    UPDATE, so rows that only point at the profile are not held up). SQLite
    lets one transaction write at a time anyway, and ignores the clause."""
    db.session.execute(select(Profile.id).where(Profile.id == profile.id).with_for_update(key_share=True))


def _unanswered_for(earlier: IdempotencyKey) -> timedelta:
    return clock.server_now() - earlier.created_at


def _abandoned(earlier: IdempotencyKey) -> bool:
    return earlier.status is None and _unanswered_for(earlier) >= LEASE


def _try_again(seconds: int = 1) -> Response:
    # With Retry-After the phone sends it again; a bare 409 would mean "answered".
    response = _refused(409, "This is still being saved. It will be sent again.")
    response.headers["Retry-After"] = str(seconds)
    return response


def _replay(earlier: IdempotencyKey, print_: str) -> Response:
    if earlier.fingerprint != print_:
        return _refused(422, "This key was already used for a different request.")
    if earlier.status is None:
        # Its lease tells the phone when to come back and take it over.
        return _try_again(max(1, math.ceil((LEASE - _unanswered_for(earlier)).total_seconds())))
    response = make_response(earlier.body or "", earlier.status)
    for name, value in json.loads(earlier.headers or "[]"):
        response.headers[name] = value
    return personal(response)


def _record_answer(row: IdempotencyKey, response: Response) -> None:
    row.status = response.status_code
    row.headers = json.dumps([(name, response.headers[name]) for name in RECORDED_HEADERS if name in response.headers])
    row.body = "" if response.is_streamed else response.get_data(as_text=True)


class _Savepoints:
    """Stands in for the session's commit and rollback while a keyed write's
    view runs: a commit ends a savepoint and opens the next, a rollback goes
    back to the last one. A view that settles a race by rolling back (a
    second tap that inserted the same row a moment before) undoes only its
    own last step, never the key or what it had already "committed"."""

    def __init__(self, session: Session):
        self.session = session
        self.savepoint = session.begin_nested()

    def commit(self) -> None:
        self.savepoint.commit()
        self.savepoint = self.session.begin_nested()

    def rollback(self) -> None:
        self.savepoint.rollback()
        self.savepoint = self.session.begin_nested()


@contextmanager
def _commits_held():
    """Run the block with the view's commits and rollbacks held inside the
    request's transaction; the caller commits or rolls it back afterwards."""
    session = db.session()
    held = _Savepoints(session)
    # On this session object only, and only for the block: the views, and
    # the services they call, go on calling db.session.commit() as usual.
    session.commit = held.commit  # type: ignore[method-assign]
    session.rollback = held.rollback  # type: ignore[method-assign]
    try:
        yield
    finally:
        del session.commit
        del session.rollback


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
        return _once(match.group(2), lambda: view(*args, **kwargs))

    return wrapper


def _once(key: str, write: Callable[[], ResponseReturnValue]) -> Response:
    """Runs `write` for the first request with `key`; any other gets its answer."""
    print_ = fingerprint()
    profile = ensure_profile()
    _take_turn(profile)
    _forget_expired(profile)
    earlier = _find(profile, key)
    if earlier is not None and (earlier.fingerprint != print_ or not _abandoned(earlier)):
        # Ends the turn (and keeps the expired keys forgotten).
        db.session.commit()
        return _replay(earlier, print_)
    if earlier is not None:
        # Left without an answer by an older version, and long past any
        # request still at work on it: this request does the write.
        row = earlier
        row.created_at = clock.server_now()
    else:
        row = IdempotencyKey(profile_id=profile.id, key=key, fingerprint=print_, created_at=clock.server_now())
        db.session.add(row)
    try:
        db.session.flush()
    except IntegrityError:
        # The same key from a request that committed a moment ago.
        db.session.rollback()
        earlier = _find(profile, key)
        return _replay(earlier, print_) if earlier else _try_again()
    return _write_and_record(row, write)


def _write_and_record(row: IdempotencyKey, write: Callable[[], ResponseReturnValue]) -> Response:
    """The write and its key's answer, committed together or not at all."""
    try:
        with _commits_held():
            response = make_response(write())
        if 200 <= response.status_code < 400:
            _record_answer(row, response)
        else:
            db.session.delete(row)
        db.session.commit()
    except BaseException:
        # Nothing of this write is saved: the next try does it afresh.
        db.session.rollback()
        raise
    return response
