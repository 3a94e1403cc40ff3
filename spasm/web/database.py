"""Per-connection settings, and recovering from a database that lost its
write access for a while.

The busy timeout (how long a write waits for another's lock) is set with the
engine's connect arguments in spasm.config, from DATABASE_BUSY_TIMEOUT_MS.
"""

import sqlite3

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine

# SQLite errors after which a connection stays useless: a connection opened
# while its file was read-only remains read-only after the file is writable
# again; one that hit an I/O error or lost its file cannot be trusted.
STALE_SQLITE_ERRORS = ("SQLITE_READONLY", "SQLITE_IOERR", "SQLITE_CANTOPEN")
# PostgreSQL's read_only_sql_transaction: the server (or the database's
# default_transaction_read_only) refused a write. A connection keeps the
# setting it started with, and after a failover it may still point at the
# old primary, now a read-only replica.
READ_ONLY_SQLSTATE = "25006"


@event.listens_for(Engine, "connect")
def _tune_sqlite(dbapi_connection, connection_record):
    # WAL lets readers work while a write happens; SQLite leaves foreign
    # keys off unless asked, and deleting a profile relies on them.
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()


def is_stale(error: BaseException | None) -> bool:
    """True when a connection that raised `error` should not be used again."""
    if isinstance(error, sqlite3.Error):
        name = getattr(error, "sqlite_errorname", "") or ""
        return name.startswith(STALE_SQLITE_ERRORS)
    return getattr(error, "sqlstate", None) == READ_ONLY_SQLSTATE


@event.listens_for(Engine, "handle_error")
def _drop_stale_connections(context):
    # Treated like a lost connection: SQLAlchemy discards this one and every
    # pooled one opened before it, so the next request opens a fresh one and
    # works again as soon as the database does, with no restart.
    if is_stale(context.original_exception):
        context.is_disconnect = True


def init_app(app: Flask) -> None:
    """Nothing to bind: the listeners above cover every engine."""
