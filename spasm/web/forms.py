"""Form base class, and what a form submission may hold at all.

Forms only validate their fields: cross-origin requests are refused before
any view runs (spasm.web.cross_origin), with no token in the form. Rendering a
form creates no session either, so pages with forms can be shared and cached.

Every form here is a few short text fields. A submission that holds anything
else (a file part, a JSON value that is not text) is refused before any view
runs, so no field can reach a validator or the database as something it was
not written for. Text with a control character that no keyboard types is
refused by every form's validation, with a message at the field.
"""

from __future__ import annotations

import re

from flask import Flask, current_app, request
from flask_wtf import FlaskForm

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
    # Asked first: such a view reads the body itself, and bounds what it reads.
    if getattr(current_app.view_functions.get(request.endpoint or ""), "takes_json", False):
        return None
    return None if submission_is_text() else error_response(422, *NOT_TEXT)


def init_app(app: Flask) -> None:
    app.before_request(refuse_what_is_not_text)
