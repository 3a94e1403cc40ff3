"""Per-connection settings for the embedded SQLite database."""

import sqlite3

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine


@event.listens_for(Engine, "connect")
def _tune_sqlite(dbapi_connection, connection_record):
    # WAL lets readers work while a write happens; the busy timeout makes a
    # second writer wait instead of failing; SQLite leaves foreign keys off
    # unless asked, and deleting a profile relies on them.
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()


def init_app(app: Flask) -> None:
    """Nothing to bind: the listener above covers every engine."""
