"""The endpoints the page's script calls to turn locked-phone alerts on and off."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, jsonify, request

from ...web.forms import JSONRefused, load_json, takes_json
from .endpoints import allowed_services
from .subscriptions import MAX_BODY, InvalidSubscription, forget, keep, parse_subscription

bp = Blueprint("push", __name__)


def _answer(status: int, **data: object) -> Response:
    response = jsonify(**data)
    response.status_code = status
    response.headers["Cache-Control"] = "no-store"
    return response


def _read_body() -> bytes | None:
    """The request body, or None when it is over MAX_BODY (never read whole)."""
    if request.content_length is not None and request.content_length > MAX_BODY:
        return None
    body = request.stream.read(MAX_BODY + 1)
    return None if len(body) > MAX_BODY else body


@bp.post("/push/subscription")
@takes_json
def subscribe():
    """Keep this browser's push subscription, for alerts when the phone is locked."""
    if request.mimetype != "application/json":
        return _answer(415, error="Send the subscription as application/json.")
    body = _read_body()
    if body is None:
        return _answer(413, error="A subscription is at most 1 KB.")
    allow_loopback = bool(current_app.config.get("PUSH_ALLOW_LOOPBACK"))
    try:
        found = parse_subscription(body, allowed_services(current_app), allow_loopback)
    except InvalidSubscription as error:
        return _answer(422, error=str(error))
    created = keep(found, request.host_url.rstrip("/"))
    return _answer(201 if created else 200, saved=True)


@bp.delete("/push/subscription")
@takes_json
def unsubscribe():
    """Forget this browser's subscription (the endpoint in the body), or all of this device's."""
    body = _read_body()
    if body is None:
        return _answer(413, error="A request here is at most 1 KB.")
    endpoint = None
    if body.strip():
        try:
            data = load_json(body, max_bytes=MAX_BODY)
        except JSONRefused:
            return _answer(400, error="Send JSON with the endpoint to forget.")
        endpoint = data.get("endpoint") if isinstance(data, dict) else None
        if not isinstance(endpoint, str):
            return _answer(400, error="Send JSON with the endpoint to forget.")
    forget(endpoint)
    response = Response(status=204)
    response.headers["Cache-Control"] = "no-store"
    return response
