"""One helper decides between a whole page and an htmx fragment."""

from flask import Response, make_response, render_template, request


def wants_fragment() -> bool:
    """A fragment only for a plain htmx request: a boosted link or a history
    restore needs the whole page."""
    htmx = request.htmx
    return bool(htmx) and not htmx.boosted and not htmx.history_restore_request


def render(page: str, fragment: str, status: int = 200, **context) -> Response:
    """Render `fragment` for htmx, else `page` (which includes the fragment)."""
    template = fragment if wants_fragment() else page
    response = make_response(render_template(template, **context), status)
    response.vary.add("HX-Request")
    return response


def personal(response: Response) -> Response:
    """Mark a response that holds health data: never stored by any cache."""
    response.headers["Cache-Control"] = "no-store"
    return response
