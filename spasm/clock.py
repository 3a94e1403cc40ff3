"""The current time, in one place so tests can move it, and how a moment is written."""

from datetime import UTC, datetime

from flask import current_app


def now() -> datetime:
    """Aware UTC now; tests may set app.config["CLOCK"] to a callable."""
    clock = current_app.config.get("CLOCK") if current_app.testing else None
    return clock() if clock else datetime.now(UTC)


def iso(moment: datetime) -> str:
    """ISO 8601 in UTC with a "Z"."""
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")
