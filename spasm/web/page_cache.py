"""Pages that are the same for every device, rendered once per process.

A shared page holds nothing personal and nothing made for one request (see
serve_same_page_to_everyone), so its bytes depend only on the
request line, the htmx headers, the encodings the browser accepts and the
look (theme and text size) the device chose. Its view renders it once,
compressed as small as possible, and marks it; SharedPageCache, a thin layer
in front of Flask, then answers every identical request from memory. The
pages a person in pain needs first (the red flags, the first steps, home)
so cost the server almost nothing, and a deployment survives a crowd on
little hardware without any other cache in front of it.

Some pages are shared only while a device has nothing of its own to see
there: home and the timer show the open episode or the running timer once
there is one. Those are cached with the scope ANONYMOUS and answered from
memory only for requests that carry no device cookie; every other request
goes to Flask, which knows what the device has.
"""

# Kept over flask-compress 1.25 (bench trial, 2 cores): from this cache / is as fast either way (8435 vs 8739 req/s),
# but it sets one brotli level for every response, and 11 on pages made per request gave 30 req/s against 507.

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
from werkzeug.http import parse_etags, unquote_etag

from .look import LOOK_COOKIE

# Set by a view on a response that may be cached; never sent to the browser.
MARKER = "X-Spasm-Shared"
EVERYONE = "everyone"
ANONYMOUS = "anonymous"
MAX_ENTRIES = 512
# Short enough that a changed page reaches everyone soon; long enough to
# spare a weak signal.
CACHE_CONTROL = "public, max-age=300"
_LOOK = re.compile(rf"(?:^|;)\s*{LOOK_COOKIE}=([^;]*)")


def serve_same_page_to_everyone() -> None:
    """Render this request without profile, cookie, session or CSRF token, so
    its HTML is identical for every device and may be cached and shared. The
    device reads the mark (serves_same_page_to_everyone) and stays anonymous."""
    g.same_page_for_everyone = True


def serves_same_page_to_everyone() -> bool:
    return g.get("same_page_for_everyone", False)


def shared_response(build: Callable[[], Response], scope: str = EVERYONE) -> Response:
    """Render a page that is the same for everyone and mark it as cacheable."""
    serve_same_page_to_everyone()
    response = build()
    response.headers["Cache-Control"] = CACHE_CONTROL
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
    # Named after the bytes sent: each encoding of a page has its own ETag.
    response.set_etag(hashlib.sha256(response.get_data()).hexdigest()[:16])
    # The look comes from a cookie, so caches must keep its variants apart.
    response.vary.update(("Accept-Encoding", "HX-Request", "Cookie"))
    response.headers[MARKER] = scope
    return response


def shared_page(view):
    """Decorator for a view whose page is the same for every device."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        return shared_response(lambda: view(*args, **kwargs))

    return wrapper


class CachedPage:
    __slots__ = ("body", "etag", "headers", "scope", "status")

    def __init__(self, status: str, headers: list[tuple[str, str]], body: bytes, scope: str):
        self.status = status
        self.headers = headers
        self.body = body
        self.scope = scope
        self.etag = next((v for k, v in headers if k.lower() == "etag"), None)


class SharedPageCache:
    """WSGI middleware that answers repeat requests for shared pages from memory."""

    def __init__(self, app, device_cookie_name: str):
        self.app = app
        self.pages: OrderedDict[tuple, CachedPage] = OrderedDict()
        self.lock = threading.Lock()
        self.device_cookie = re.compile(rf"(?:^|;)\s*{re.escape(device_cookie_name)}=")

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

    def may_serve(self, page: CachedPage, environ) -> bool:
        """A page shared with anonymous devices only is not for a device
        that has a profile: it may have something of its own to see."""
        return page.scope == EVERYONE or not self.device_cookie.search(environ.get("HTTP_COOKIE", ""))

    def __call__(self, environ, start_response) -> Iterable[bytes]:
        key = self.key(environ)
        page = self.pages.get(key) if key else None
        if page is not None and self.may_serve(page, environ):
            return self.serve(page, environ, start_response)
        captured: dict = {}

        def capture(status, headers, exc_info=None):
            scope = next((v for k, v in headers if k == MARKER), None)
            if scope is not None:
                headers = [(k, v) for k, v in headers if k != MARKER]
            sets_cookie = any(k.lower() == "set-cookie" for k, _ in headers)
            if scope is not None and key is not None and not sets_cookie and status.startswith("200"):
                captured.update(status=status, headers=headers, scope=scope)
            return start_response(status, headers, exc_info)

        result = self.app(environ, capture)
        if not captured or key is None:
            return result
        try:
            body = b"".join(result)
        finally:
            if hasattr(result, "close"):
                result.close()
        self.remember(key, CachedPage(captured["status"], captured["headers"], body, captured["scope"]))
        return [body]

    def forget_all(self) -> None:
        """Drop every cached page: after a change to what the pages are made
        from (a setting changed while the app runs, as tests do)."""
        with self.lock:
            self.pages.clear()

    def remember(self, key: tuple, page: CachedPage) -> None:
        with self.lock:
            self.pages[key] = page
            while len(self.pages) > MAX_ENTRIES:
                self.pages.popitem(last=False)

    @staticmethod
    def serve(page: CachedPage, environ, start_response) -> Iterable[bytes]:
        etag = unquote_etag(page.etag)[0] if page.etag else None
        if etag and parse_etags(environ.get("HTTP_IF_NONE_MATCH")).contains_weak(etag):
            headers = [(k, v) for k, v in page.headers if k.lower() not in ("content-length", "content-encoding")]
            start_response("304 NOT MODIFIED", headers)
            return []
        start_response(page.status, page.headers)
        return [page.body]
