"""Health for load balancers: the app answers and the database takes writes."""

from flask import Blueprint, jsonify
from sqlalchemy import delete
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from .extensions import db
from .models import HealthCheck

bp = Blueprint("health", __name__)


def database_takes_writes() -> bool:
    """Delete from an always-empty table, then roll back: a write lock for a
    moment, and nothing changed.

    A connection left over from a time the database was read-only is
    discarded by the first error (spasm.web.database); since the probe changes
    nothing it may then ask once more, so it reports the database as it is
    now, and no person's save is the one that meets the stale connection.
    """
    for attempt in range(2):
        try:
            db.session.execute(delete(HealthCheck))
            return True
        except SQLAlchemyError as error:
            stale = isinstance(error, DBAPIError) and error.connection_invalidated
            if attempt or not stale:
                return False
        finally:
            db.session.rollback()
    return False


@bp.get("/healthz")
def healthz():
    """200 when the database accepts a write, 503 when it does not.

    A read alone would pass while the file is read-only or locked and every
    save fails.
    """
    if database_takes_writes():
        response = jsonify(status="ok", database="ok")
    else:
        response = jsonify(status="error", database="unavailable")
        response.status_code = 503
    response.headers["Cache-Control"] = "no-store"
    return response
