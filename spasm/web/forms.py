"""Form base class, and what a form submission may hold at all.

Forms only validate their fields: cross-origin requests are refused before
any view runs (spasm.web.cross_origin), with no token in the form. Rendering a
form creates no session either, so pages with forms can be shared and cached.

Every form here is a few short text fields. A submission that holds anything
else (a file part, a JSON value that is not text) is refused before any view
runs, so no field can reach a validator or the database as something it was
not written for. Text with a control character that no keyboard types is
refused by every form's validation, with a message at the field.

A JSON body is parsed once, within a size and a nesting bound: Python's
JSON parser calls itself for each level of nesting, so two kilobytes of
brackets would otherwise exhaust the interpreter's stack. The nesting is
counted without recursion first; a body too big is refused before it is
parsed (413), one too deep or malformed when it is (422). A request no view
answers (404, 405) has its body left unread.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from flask import Flask, current_app, request
from flask.json.provider import DefaultJSONProvider
from flask_wtf import FlaskForm
from werkzeug.exceptions import RequestEntityTooLarge
from wtforms import IntegerField, SelectField

from .errors import error_response

# C0 controls and DEL, less tab, line feed and carriage return, which a
# textarea may hold. PostgreSQL cannot store NUL in text at all.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
NOT_TEXT = (
    "That was not sent as a form",
    "Nothing was saved. Please go back and use the form on the page.",
)


HIDDEN_CHARACTERS = "Remove the hidden characters."

# Every JSON document this app reads is a few short texts, at most two deep
# (an object of lists); the bounds leave room and keep the parser's own
# recursion far from Python's limit.
MAX_JSON_BYTES = 64 * 1024
MAX_JSON_DEPTH = 16
# A string (to its closing quote, or to the end if it has none) or a bracket.
# Each character is taken one way only, so a scan is linear whatever it is fed.
_JSON_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"?|[\[\]{}]', re.DOTALL)


class JSONRefused(ValueError):
    """A JSON document that is not parsed: too big, too deep, or malformed."""


def nesting_over(text: str, max_depth: int) -> bool:
    """Whether arrays and objects in `text` nest deeper than `max_depth`,
    counted without recursion (brackets inside strings do not count)."""
    depth = 0
    for match in _JSON_TOKEN.finditer(text):
        token = match.group()
        if token == "[" or token == "{":
            depth += 1
            if depth > max_depth:
                return True
        elif token == "]" or token == "}":
            depth -= 1
    return False


def load_json(data: bytes | str, max_bytes: int | None = MAX_JSON_BYTES, **kwargs: Any) -> Any:
    """The value of a JSON document, or JSONRefused (a ValueError) when it is
    over `max_bytes` (None: any size), nested over MAX_JSON_DEPTH, or not JSON."""
    if max_bytes is not None and len(data) > max_bytes:
        raise JSONRefused("too big")
    try:
        # Bytes are decoded as json.loads would (UTF-8, -16 or -32), so the
        # nesting is counted in the very text that is parsed.
        text = data.decode(json.detect_encoding(data), "surrogatepass") if isinstance(data, bytes) else data
    except UnicodeDecodeError:
        raise JSONRefused("not JSON") from None
    if nesting_over(text, MAX_JSON_DEPTH):
        raise JSONRefused("nested too deeply")
    try:
        return json.loads(text, **kwargs)
    except (ValueError, RecursionError):
        raise JSONRefused("not JSON") from None


class BoundedJSONProvider(DefaultJSONProvider):
    """Flask's JSON, but parsing refuses a document nested too deeply, so
    request.get_json() (here and in flask-wtf) never runs out of stack. The
    size of a request body is bounded before it is read (see below).
    Werkzeug keeps what get_json() parsed: a body is parsed once per request."""

    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        return load_json(s, max_bytes=None, **kwargs)


class Form(FlaskForm):
    class Meta:
        csrf = False

    def validate(self, extra_validators=None) -> bool:
        """The fields' own checks, then: no field holds a control character."""
        valid = super().validate(extra_validators)
        for field in self:
            if isinstance(field.data, str) and CONTROL_CHARACTERS.search(field.data) and not field.errors:
                field.errors.append(HIDDEN_CHARACTERS)
                valid = False
        return valid

    def first_error(self) -> str | None:
        """The one message for a form whose page shows a single error line."""
        for message in self.form_errors:
            return message
        return next((errors[0] for errors in self.errors.values() if errors), None)


def refuse_hidden_characters(value: Any) -> Any:
    """A filter for a choice: text holding a control character is refused
    as it is read, so the message says so rather than that it is no choice
    (a field that already has a message is not checked again by Form)."""
    if isinstance(value, str) and CONTROL_CHARACTERS.search(value):
        raise ValueError(HIDDEN_CHARACTERS)
    return value


class ChoiceField(SelectField):
    """One of `choices` ({value: label}); any other value is refused with
    `message`, the page's own words for what to choose."""

    def __init__(
        self,
        label: str | None = None,
        validators: Any = None,
        *,
        choices: Mapping[str, str],
        message: str,
        **kwargs: Any,
    ):
        super().__init__(label, validators, choices=dict(choices), **kwargs)
        self.invalid_choice_message = message


class WholeNumberField(IntegerField):
    """A whole number, read once from the text sent (spaces around it are
    fine). Nothing sent, or text that is no whole number, leaves it None
    with no message of its own: its validators know whether a number was
    needed, and say what is wrong in the page's words. `typed` is the text
    as it was sent."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        try:
            self.data = int(valuelist[0].strip()) if valuelist else None
        except ValueError:
            self.data = None

    @property
    def typed(self) -> str:
        return self.raw_data[0] if self.raw_data else ""


def _is_text_or_texts(value: object) -> bool:
    if isinstance(value, list):
        return all(isinstance(item, str) for item in value)
    return isinstance(value, str)


def submission_is_text() -> bool:
    """True when the body is form fields of plain text (or a JSON object of
    them, which flask-wtf reads like a form)."""
    if request.files:
        return False
    if request.is_json:
        # Not read at all when it says it is over the bound; a body sent
        # without a length is cut off by MAX_CONTENT_LENGTH as it is read.
        if (request.content_length or 0) > MAX_JSON_BYTES or len(request.get_data()) > MAX_JSON_BYTES:
            raise RequestEntityTooLarge()
        data = request.get_json(silent=True)
        return isinstance(data, dict) and all(_is_text_or_texts(value) for value in data.values())
    return True


def takes_json(view):
    """Mark a view that reads a JSON document of its own shape and checks all
    of it itself (an API for a page script, not a form)."""
    view.takes_json = True
    return view


def refuse_what_is_not_text():
    if request.method in SAFE_METHODS:
        return None
    # No view answers it (404, 405): the body is never read.
    if request.routing_exception is not None:
        return None
    # Asked first: such a view reads the body itself, and bounds what it reads.
    if getattr(current_app.view_functions.get(request.endpoint or ""), "takes_json", False):
        return None
    return None if submission_is_text() else error_response(422, *NOT_TEXT)


def init_app(app: Flask) -> None:
    app.json = BoundedJSONProvider(app)
    app.before_request(refuse_what_is_not_text)
