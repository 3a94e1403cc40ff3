"""Pages that are the same for every device, rendered once per process.

A shared page holds nothing personal and no CSRF token (see
profiles.serve_same_page_to_everyone), so its bytes depend only on the
request line, the htmx headers, the encodings the browser accepts and the
look (theme and text size) the device chose. Its view renders it once,
compressed as small as possible; SharedPageCache, a thin layer in front of
Flask, then answers every identical request from memory. The pages a person
in pain needs first (the red flags, the position step) so cost the server
almost nothing, and a deployment survives a crowd on little hardware.
"""

from __future__ import annotations

import gzip
import hashlib
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from functools import wraps

import brotli
from flask import Response, current_app, g, request
from flask_wtf.csrf import generate_csrf

from .looks import COOKIE_NAME, look_key
from .profiles import current_profile, is_precache_request, serve_same_page_to_everyone
from .rendering import wants_fragment

# Set by a view on a response that may be kept; never sent to the browser.
MARKER = "X-Spasm-Shared"
MAX_ENTRIES = 512
_LOOK = re.compile(rf"(?:^|;)\s*{COOKIE_NAME}=([^;]*)")


def shared_response(build: Callable[[], Response]) -> Response:
    """Render a page that is the same for everyone and mark it as keepable."""
    serve_same_page_to_everyone()
    response = build()
    if response.status_code != 200 or current_app.debug:
        return response
    body = response.get_data()
    accepted = request.accept_encodings
    if "br" in accepted:
        response.set_data(brotli.compress(body, quality=11))
        response.headers["Content-Encoding"] = "br"
    elif "gzip" in accepted:
        response.set_data(gzip.compress(body, compresslevel=9, mtime=0))
        response.headers["Content-Encoding"] = "gzip"
    response.set_etag(hashlib.sha256(body).hexdigest()[:16])
    # The look comes from a cookie, so caches must keep its variants apart.
    response.vary.update(("Accept-Encoding", "HX-Request", "Cookie"))
    response.headers[MARKER] = "1"
    return response


def shared_page(view):
    """Decorator for a view whose page is the same for every device."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        return shared_response(lambda: view(*args, **kwargs))

    return wrapper


# Stands in for the CSRF token in a kept page; only letters, so no escaping
# can change it on its way into HTML or JSON.
TOKEN_PLACEHOLDER = "SpasmCsrfTokenPlaceholderQx"


def placeholder_token() -> str | None:
    """The placeholder while a page is being rendered for keeping, else None."""
    return TOKEN_PLACEHOLDER if g.get("rendering_for_keeping") else None


def same_but_token(build: Callable[[], Response]) -> Response:
    """For a first visit to a page whose forms make it the same for everyone
    but for the CSRF token (home, the timer): render it once with a
    placeholder, then per request only drop in this visitor's token.

    Used only when the device has no profile, so there is nothing personal
    to show; a device with one gets the page rendered for it.
    """
    if current_app.debug or is_precache_request() or current_profile() is not None:
        return build()
    store: OrderedDict = current_app.extensions.setdefault("spasm_token_pages", OrderedDict())
    key = (request.full_path, wants_fragment(), look_key())
    kept = store.get(key)
    if kept is None:
        g.rendering_for_keeping = True
        try:
            response = build()
        finally:
            g.rendering_for_keeping = False
        if response.status_code != 200 or "Set-Cookie" in response.headers:
            return response
        headers = [(k, v) for k, v in response.headers.items() if k.lower() != "content-length"]
        kept = Kept(response.status, headers, response.get_data())
        store[key] = kept
        while len(store) > MAX_ENTRIES:
            store.popitem(last=False)
    body = kept.body.replace(TOKEN_PLACEHOLDER.encode(), generate_csrf().encode())
    return current_app.response_class(body, status=kept.status, headers=kept.headers)


class Kept:
    __slots__ = ("status", "headers", "body", "etag")

    def __init__(self, status: str, headers: list[tuple[str, str]], body: bytes):
        self.status = status
        self.headers = headers
        self.body = body
        self.etag = next((v for k, v in headers if k.lower() == "etag"), None)


class SharedPageCache:
    """WSGI middleware that answers repeat requests for shared pages from memory."""

    def __init__(self, app):
        self.app = app
        self.kept: OrderedDict[tuple, Kept] = OrderedDict()
        self.lock = threading.Lock()

    @staticmethod
    def key(environ) -> tuple | None:
        if environ["REQUEST_METHOD"] != "GET":
            return None
        look = _LOOK.search(environ.get("HTTP_COOKIE", ""))
        return (
            environ.get("PATH_INFO", ""),
            environ.get("QUERY_STRING", ""),
            environ.get("HTTP_HX_REQUEST", ""),
            environ.get("HTTP_HX_BOOSTED", ""),
            environ.get("HTTP_HX_HISTORY_RESTORE_REQUEST", ""),
            environ.get("HTTP_ACCEPT_ENCODING", ""),
            look.group(1) if look else "",
        )

    def __call__(self, environ, start_response) -> Iterable[bytes]:
        key = self.key(environ)
        kept = self.kept.get(key) if key else None
        if kept is not None:
            if kept.etag and kept.etag in environ.get("HTTP_IF_NONE_MATCH", ""):
                headers = [(k, v) for k, v in kept.headers if k.lower() not in ("content-length", "content-encoding")]
                start_response("304 NOT MODIFIED", headers)
                return []
            start_response(kept.status, kept.headers)
            return [kept.body]
        captured = {}

        def capture(status, headers, exc_info=None):
            captured["status"], captured["headers"] = status, headers
            marked = any(k == MARKER for k, _ in headers)
            if marked:
                headers = [(k, v) for k, v in headers if k != MARKER]
            captured["keep"] = marked and key is not None and not any(k.lower() == "set-cookie" for k, _ in headers)
            return start_response(status, headers, exc_info)

        result = self.app(environ, capture)
        if not captured.get("keep"):
            return result
        try:
            body = b"".join(result)
        finally:
            if hasattr(result, "close"):
                result.close()
        headers = [(k, v) for k, v in captured["headers"] if k != MARKER]
        with self.lock:
            self.kept[key] = Kept(captured["status"], headers, body)
            while len(self.kept) > MAX_ENTRIES:
                self.kept.popitem(last=False)
        return [body]
