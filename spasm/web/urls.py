"""What a request may say about places: row ids and where to go next.

Every id in a path or a query string is read here, so none can reach the
database outside the range of its id columns: a number too large for them
is an error in SQLite and PostgreSQL alike, not an empty result.
Every redirect target taken from input is checked here too, so it stays on
this site and is a valid header.
"""

from __future__ import annotations

import re

from flask import Flask, request
from werkzeug.routing import BaseConverter, ValidationError

# Id columns are INTEGER: 32 bits on PostgreSQL (64 on SQLite), from 1 up.
MAX_ID = 2**31 - 1

# A path on this site: one slash, then printable ASCII. Browsers drop tabs
# and line breaks inside a URL and read a backslash as a slash, so
# "/\t/evil.example" or "/\\evil.example" would leave the site; control
# characters would also break the Location header.
LOCAL_PATH = re.compile(r"/(?![/\\])[\x21-\x5b\x5d-\x7e]*")
MAX_PATH_LENGTH = 2000


def database_id(value: object) -> int | None:
    """An id from input, or None for anything that cannot be a row's id."""
    if not isinstance(value, str) or not value.isascii() or not value.isdigit() or len(value) > 10:
        return None
    number = int(value)
    return number if 1 <= number <= MAX_ID else None


class IdConverter(BaseConverter):
    """`<id:name>` in a route: digits for a row id; anything else is a 404."""

    regex = r"[0-9]{1,10}"
    weight = 50

    def to_python(self, value: str) -> int:
        number = database_id(value)
        if number is None:
            raise ValidationError()
        return number

    def to_url(self, value: int) -> str:
        return str(int(value))


def query_id(name: str) -> int | None:
    """A row id from the query string, or None when it is missing or not one."""
    return database_id(request.args.get(name))


def local_path(target: object) -> str | None:
    """`target` if it is a path on this site, else None."""
    if isinstance(target, str) and len(target) <= MAX_PATH_LENGTH and LOCAL_PATH.fullmatch(target):
        return target
    return None


def next_or(default: str) -> str:
    """Where to go after a form is saved: its `next` field when that is a
    path on this site; otherwise `default`. A bad `next` is ignored, never
    an error: the save itself was fine."""
    return local_path(request.form.get("next")) or default


def init_app(app: Flask) -> None:
    # Before any blueprint: routes look their converters up as they are added.
    app.url_map.converters["id"] = IdConverter
