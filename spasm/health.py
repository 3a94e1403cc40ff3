"""Health for load balancers: the app answers and the database takes writes."""

import secrets

from flask import Blueprint, jsonify
from sqlalchemy import delete, insert
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from .extensions import db
from .models import HealthCheck
from .web import database

bp = Blueprint("health", __name__)

# HealthCheck ids are 32-bit on PostgreSQL.
MAX_ID = 2**31 - 1


def database_takes_writes() -> bool:
    """Add a row to an always-empty table and remove it again, and commit.

    Only a committed write proves anything: SQLite writes its log at commit,
    so a write rolled back never touches the files and passes while they
    refuse every save. The row comes and goes in one transaction, so nothing
    is left and nobody else ever sees it. Each probe takes its own id, so two
    at once never wait on each other's key.

    A connection left over from a time the database was read-only is
    discarded by the first error (spasm.web.database); since the probe changes
    nothing it may then ask once more, so it reports the database as it is
    now, and no person's save is the one that meets the stale connection.
    """
    for attempt in range(2):
        probe = secrets.randbelow(MAX_ID) + 1
        try:
            db.session.execute(insert(HealthCheck).values(id=probe))
            db.session.execute(delete(HealthCheck).where(HealthCheck.id == probe))
            db.session.commit()
            return True
        except SQLAlchemyError as error:
            db.session.rollback()
            stale = isinstance(error, DBAPIError) and error.connection_invalidated
            if attempt or not stale:
                return False
    return False


@bp.get("/healthz")
def healthz():
    """200 when the database accepts a write, 503 when it does not.

    A read alone would pass while the file is read-only or locked and every
    save fails. From a refused write until one succeeds (the probe's own
    included) the answer is 503, whatever else happens meanwhile.
    """
    if database_takes_writes() and not database.writes_refused(db.engine):
        response = jsonify(status="ok", database="ok")
    else:
        response = jsonify(status="error", database="unavailable")
        response.status_code = 503
    response.headers["Cache-Control"] = "no-store"
    return response
