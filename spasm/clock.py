"""The current time, in one place so tests can move it."""

from datetime import UTC, datetime

from flask import current_app


def now() -> datetime:
    """Aware UTC now; tests may set app.config["CLOCK"] to a callable."""
    clock = current_app.config.get("CLOCK") if current_app.testing else None
    return clock() if clock else datetime.now(UTC)
