"""Friendly error pages; for htmx, a message swapped into the notice area."""

from flask import Flask, Response, g, make_response, render_template
from sqlalchemy.exc import DBAPIError, OperationalError
from werkzeug.exceptions import HTTPException, InternalServerError

from ..extensions import db
from .cross_origin import CrossOriginRequest
from .rendering import retarget, wants_fragment

MESSAGES = {
    400: ("That did not work", "Something in the request was not right. Please go back and try again."),
    403: ("Not allowed", "You cannot do that here."),
    404: ("Not found", "There is nothing at this address."),
    405: ("Not allowed", "That action is not possible on this page."),
    413: ("Too much data", "That was more than this app accepts. Please send less."),
    500: ("Something went wrong", "It is our fault, not yours. Please try again."),
}

BUSY_MESSAGE = (
    "Busy for a moment",
    "Nothing was changed. Please try again in a few seconds.",
)
# Seconds a client (or a load balancer) should wait before trying again.
RETRY_AFTER = 5
# The page's notice area (base.html): messages about the request, not the
# timer alerts that Web Push sends.
NOTICE_AREA = "#alerts"

CROSS_ORIGIN_MESSAGE = (
    "Not saved",
    "This came from another website, so nothing was saved. Open Spasm itself and try again.",
)


def error_response(status: int, title: str, message: str) -> Response:
    if wants_fragment():
        html = render_template("errors/_message.html", title=title, message=message)
        # Show it in the page's notice area, whatever the request was aimed at.
        response = retarget(make_response(html, status), NOTICE_AREA)
    else:
        html = render_template("errors/page.html", title=title, message=message, status=status)
        response = make_response(html, status)
    response.vary.add("HX-Request")
    response.headers["Cache-Control"] = "no-store"
    return response


def init_app(app: Flask) -> None:
    @app.errorhandler(CrossOriginRequest)
    def cross_origin_refused(error):
        return error_response(403, *CROSS_ORIGIN_MESSAGE)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.code is None or error.code < 400:
            return error
        title, message = MESSAGES.get(error.code, (error.name, error.description or ""))
        response = error_response(error.code, title, message)
        valid_methods = getattr(error, "valid_methods", None)
        if valid_methods:
            response.headers["Allow"] = ", ".join(valid_methods)
        return response

    @app.errorhandler(DBAPIError)
    def database_error(error: DBAPIError):
        # Locked past the busy timeout, read-only, or unreachable: the
        # database cannot take this request now, and will again soon.
        _forget_transaction()
        if isinstance(error, OperationalError) or error.connection_invalidated:
            response = error_response(503, *BUSY_MESSAGE)
            response.headers["Retry-After"] = str(RETRY_AFTER)
            return response
        raise error

    @app.errorhandler(InternalServerError)
    def server_error(error):
        db.session.rollback()
        return error_response(500, *MESSAGES[500])


def _forget_transaction() -> None:
    """Undo the failed transaction, and forget what this request loaded or
    created, so that drawing the error page needs no database at all."""
    db.session.rollback()
    g.profile = None
    g.pop("new_device_token", None)
