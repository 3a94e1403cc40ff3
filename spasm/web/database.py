"""Per-connection settings, and recovering by itself from a database that
refused writes for a while.

The busy timeout (how long a write waits for another's lock) is set with the
engine's connect arguments in spasm.config, from DATABASE_BUSY_TIMEOUT_MS.

How the app comes back without a restart. SQLite opens a file it may not
write read-only, silently, and that connection stays read-only after the file
is writable again. Worse, the connections of one process share what SQLite
knows of the file, its mapping of the -shm included, set up by whichever
opened it first: a connection opened while one from the outage is still open
is read-only too, whatever the file is now. Dropping connections one at a time
as each fails never gets there while requests overlap. So a connection is
"stale" when it was opened while the database files refused writes, or while
another stale one was open, or was open when a write was refused; and:

- a stale connection serves the request it was opened for and is then
  closed, never returned to the pool;
- the first refused write disposes of the pool, closing every idle
  connection at once, and marks those in use as stale;
- on SQLite, a new connection waits (briefly) until no stale one is open, so
  it opens the files as they are now rather than joining the outage.

Within a request or two no connection from the outage is left. On PostgreSQL
the same covers a server that turned read-only, as after a failover. A SQLite
connection whose file was replaced (a backup put back) is never handed out
again: it would write into the old file, unlinked, and lose every save.

Each engine also remembers whether its last write was refused, until one
succeeds: /healthz (spasm.health) honours it.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
import threading
import time
from collections.abc import Callable
from weakref import WeakKeyDictionary, WeakSet

from flask import Flask
from sqlalchemy import event, exc
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.pool import ConnectionPoolEntry

log = logging.getLogger(__name__)

# SQLite errors after which a connection stays useless: a connection opened
# while its file was read-only remains read-only after the file is writable
# again; one that hit an I/O error or lost its file cannot be trusted.
STALE_SQLITE_ERRORS = ("SQLITE_READONLY", "SQLITE_IOERR", "SQLITE_CANTOPEN")
# PostgreSQL's read_only_sql_transaction: the server (or the database's
# default_transaction_read_only) refused a write. A connection keeps the
# setting it started with, and after a failover it may still point at the
# old primary, now a read-only replica.
READ_ONLY_SQLSTATE = "25006"
WRITE_STATEMENTS = ("INSERT", "UPDATE", "DELETE")
# The longest a new SQLite connection waits for the stale ones to close. They
# belong to requests under way, which take milliseconds; past this the
# connection opens anyway (and is stale itself).
STALE_WAIT_SECONDS = 5.0

# Marks stored in a pooled connection's info dictionary.
STALE = "spasm.stale"
UNUSED = "spasm.unused"
FILE_ID = "spasm.file_id"
WROTE = "spasm.wrote"
COMMITTING_A_WRITE = "spasm.committing_a_write"


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


class WriteAccess:
    """What one process knows of its database's write access."""

    def __init__(self) -> None:
        # The last write was refused, and none has succeeded since.
        self.refused = False
        # Every open connection of the engine (held weakly: a pool that is
        # thrown away takes its connections with it).
        self.connections: WeakSet[ConnectionPoolEntry] = WeakSet()
        # Guards the two above; told whenever a stale connection closes.
        self.changed = threading.Condition(threading.RLock())

    def stale_open(self) -> bool:
        return any(record.info.get(STALE) and record.dbapi_connection is not None for record in self.connections)

    def wait_for_stale_to_close(self) -> None:
        deadline = time.monotonic() + STALE_WAIT_SECONDS
        with self.changed:
            while self.stale_open():
                left = deadline - time.monotonic()
                if left <= 0:
                    return
                self.changed.wait(left)


_access: WeakKeyDictionary[Engine, WriteAccess] = WeakKeyDictionary()


def writes_refused(engine: Engine) -> bool:
    """True from a write this process saw refused until one succeeds."""
    access = _access.get(engine)
    return access is not None and access.refused


def sqlite_files(engine: Engine) -> list[str]:
    """The files a SQLite database is made of (none for any other database)."""
    path = engine.url.database
    if engine.dialect.name != "sqlite" or not path or path == ":memory:" or path.startswith("file:"):
        return []
    return [path, f"{path}-wal", f"{path}-shm"]


def files_writable(paths: list[str]) -> bool:
    # os.access asks the kernel as an open for writing would, so it agrees
    # with SQLite: an immutable file or a read-only mount says no even to
    # root, and a missing -wal or -shm is simply created when needed.
    return all(os.access(path, os.W_OK) or not os.path.exists(path) for path in paths)


def file_id(path: str) -> tuple[int, int] | None:
    """Which file is at `path` now (None when there is none)."""
    try:
        found = os.stat(path)
    except OSError:
        return None
    return found.st_dev, found.st_ino


def usable_info(connection: Connection | None) -> dict | None:
    """The info dictionary of a connection that still has its DBAPI
    connection (asking an invalidated one would try to reconnect)."""
    if connection is None or connection.closed or connection.invalidated:
        return None
    return connection.info


class Watch:
    """The engine events by which one engine recovers, as described above."""

    def __init__(self, engine: Engine, access: WriteAccess) -> None:
        self.engine = engine
        self.access = access
        self.files = sqlite_files(engine)

    def listen(self) -> None:
        listeners: dict[str, Callable[..., None]] = {
            "do_connect": self.opening,
            "connect": self.opened,
            "close": self.closed,
            "checkout": self.checked_out,
            "checkin": self.returned,
            "after_cursor_execute": self.executed,
            "commit": self.committing,
            "rollback": self.rolled_back,
            "handle_error": self.failed,
        }
        for name, listener in listeners.items():
            event.listen(self.engine, name, listener)

    def opening(self, dialect, record, cargs, cparams) -> None:
        if self.files:
            self.access.wait_for_stale_to_close()

    def opened(self, dbapi_connection, record) -> None:
        with self.access.changed:
            stale = bool(self.files) and (self.access.stale_open() or not files_writable(self.files))
            record.info[STALE] = stale
            record.info[UNUSED] = True
            if self.files:
                record.info[FILE_ID] = file_id(self.files[0])
            self.access.connections.add(record)

    def closed(self, dbapi_connection, record) -> None:
        with self.access.changed:
            self.access.connections.discard(record)
            if record.info.pop(STALE, False):
                self.access.changed.notify_all()

    def checked_out(self, dbapi_connection, record, proxy) -> None:
        # Raising here makes the pool close this connection and open another.
        first_use = record.info.pop(UNUSED, False)
        if record.info.get(STALE) and not first_use:
            raise exc.DisconnectionError("opened while the database refused writes")
        # A connection to a file since replaced (a backup put back) would
        # write into the old one, now unlinked, and lose it all.
        if self.files and record.info.get(FILE_ID) != file_id(self.files[0]):
            raise exc.DisconnectionError("the database file was replaced")

    def returned(self, dbapi_connection, record) -> None:
        record.info.pop(WROTE, None)
        if dbapi_connection is None:
            return
        if record.info.pop(COMMITTING_A_WRITE, False) and self.access.refused:
            self.access.refused = False
            log.warning("The database takes writes again.")
        if self.access.refused or record.info.get(STALE):
            record.invalidate()

    def executed(self, connection, cursor, statement, parameters, context, executemany) -> None:
        if statement.lstrip()[:6].upper() in WRITE_STATEMENTS:
            connection.info[WROTE] = True

    def committing(self, connection) -> None:
        # Confirmed only when the connection comes back unharmed: a commit
        # that fails goes through handle_error first.
        info = usable_info(connection)
        if info is not None and info.pop(WROTE, False):
            info[COMMITTING_A_WRITE] = True

    def rolled_back(self, connection) -> None:
        info = usable_info(connection)
        if info is not None:
            info.pop(WROTE, None)
            info.pop(COMMITTING_A_WRITE, None)

    def failed(self, context) -> None:
        info = usable_info(context.connection)
        if info is not None:
            info.pop(COMMITTING_A_WRITE, None)
        if not is_stale(context.original_exception):
            return
        # SQLAlchemy closes this connection, as if it had been lost, but
        # leaves its cursor to the garbage collector (the error's traceback
        # holds it). Until then SQLite cannot really close the connection,
        # which keeps the file handles and the -shm mapping of the outage.
        context.is_disconnect = True
        cursor = getattr(context.execution_context, "cursor", None)
        if cursor is not None:
            with contextlib.suppress(Exception):
                cursor.close()
        self.refuse_writes(context.original_exception)

    def refuse_writes(self, error: BaseException) -> None:
        with self.access.changed:
            if not self.access.refused:
                log.warning("The database refused a write (%s); reopening its connections.", error)
            self.access.refused = True
            for record in list(self.access.connections):
                record.info[STALE] = True
            # Idle connections close now; those in use when they come back.
            self.engine.dispose()


def watch(engine: Engine) -> WriteAccess:
    """Listen to one engine's connections, so it recovers as described above."""
    access = WriteAccess()
    _access[engine] = access
    Watch(engine, access).listen()
    return access


def init_app(app: Flask) -> None:
    """Watch the app's engines (the WAL setting above covers every engine)."""
    from ..extensions import db

    with app.app_context():
        for engine in db.engines.values():
            watch(engine)
