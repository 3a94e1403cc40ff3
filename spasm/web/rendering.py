"""Rendering: a whole page or an htmx fragment, what caches may keep, and
the HX-* response headers, each written by one named helper."""

from typing import TypeVar

from flask import Response, make_response, render_template, request
from werkzeug.wrappers import Response as BaseResponse

PUSH_URL, REDIRECT, TRIGGER = "HX-Push-Url", "HX-Redirect", "HX-Trigger"
RETARGET, RESWAP = "HX-Retarget", "HX-Reswap"
# Every header the helpers below write: what a replayed answer must carry too.
HTMX_RESPONSE_HEADERS = (PUSH_URL, REDIRECT, TRIGGER, RETARGET, RESWAP)


def is_htmx() -> bool:
    """Sent by htmx (htmx-flask reads the HX-Request header)."""
    return bool(request.htmx)  # type: ignore[attr-defined]


def wants_fragment() -> bool:
    """A fragment only for a plain htmx request: a boosted link or a history
    restore needs the whole page."""
    htmx = request.htmx  # type: ignore[attr-defined]
    return bool(htmx) and not htmx.boosted and not htmx.history_restore_request


def render(page: str, fragment: str, status: int = 200, **context) -> Response:
    """Render `fragment` for htmx, else `page` (which includes the fragment)."""
    template = fragment if wants_fragment() else page
    response = make_response(render_template(template, **context), status)
    response.vary.add("HX-Request")
    return response


AnyResponse = TypeVar("AnyResponse", bound=BaseResponse)


def personal(response: AnyResponse) -> AnyResponse:
    """Mark a response that holds health data: never stored by any cache."""
    response.headers["Cache-Control"] = "no-store"
    return response


def push_url(response: Response, url: str) -> Response:
    """Put `url` in the address bar (and history) after htmx swaps this in."""
    response.headers[PUSH_URL] = url
    return response


def client_redirect(url: str) -> Response:
    """Make htmx leave the page for `url`, as a full navigation."""
    response = make_response("", 200)
    response.headers[REDIRECT] = url
    return response


def trigger_client_event(response: Response, event: str) -> Response:
    """Fire `event` on the page once htmx has this response."""
    response.headers[TRIGGER] = event
    return response


def retarget(response: Response, selector: str, swap: str = "innerHTML") -> Response:
    """Swap this response into `selector` rather than the request's target."""
    response.headers[RETARGET] = selector
    response.headers[RESWAP] = swap
    return response
