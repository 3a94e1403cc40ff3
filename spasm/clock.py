"""The current time, in one place so tests can move it, and how a moment is written.

A write the phone kept while it had no signal arrives later with the time of
the tap (see spasm.idempotency); while such a request is answered, "now" is
that moment, so every time it records is the time the person acted.
"""

from datetime import UTC, datetime

from flask import current_app, g, has_request_context


def server_now() -> datetime:
    """Aware UTC now on the server; tests may set app.config["CLOCK"] to a callable."""
    clock = current_app.config.get("CLOCK") if current_app.testing else None
    return clock() if clock else datetime.now(UTC)


def now() -> datetime:
    """The moment the current request stands for: its tap time if it has one."""
    if has_request_context():
        tapped = g.get("tapped_at")
        if tapped is not None:
            return tapped
    return server_now()


def iso(moment: datetime) -> str:
    """ISO 8601 in UTC with a "Z"."""
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")
