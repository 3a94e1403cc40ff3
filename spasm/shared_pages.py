"""Pages that are the same for every device, rendered once per process.

A shared page holds nothing personal and no CSRF token (see
profiles.serve_same_page_to_everyone), so its bytes depend only on the
request line, the htmx headers, the encodings the browser accepts and the
look (theme and text size) the device chose. Its view renders it once,
compressed as small as possible; SharedPageCache, a thin layer in front of
Flask, then answers every identical request from memory. The pages a person
in pain needs first (the red flags, the position step) so cost the server
almost nothing, and a deployment survives a crowd on little hardware.

First visits to home and the timer are kept here too, as pages with a hole
for the visitor's CSRF token (see token_pages).
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
from flask import Response, current_app, request

from .looks import COOKIE_NAME
from .profiles import serve_same_page_to_everyone
from .token_pages import ENVIRON_KEY, TokenMinter, TokenPage

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


class Kept:
    __slots__ = ("status", "headers", "body", "etag")

    def __init__(self, status: str, headers: list[tuple[str, str]], body: bytes):
        self.status = status
        self.headers = headers
        self.body = body
        self.etag = next((v for k, v in headers if k.lower() == "etag"), None)


class KeptTokenPage:
    """A first-visit form page (see token_pages), with the headers every
    first visit gets but for its own session cookie."""

    __slots__ = ("page", "status", "headers", "gzipped")

    def __init__(self, page: TokenPage, status: str, headers: list[tuple[str, str]]):
        self.page = page
        self.status = status
        self.headers = [(k, v) for k, v in headers if k.lower() not in ("set-cookie", "content-length")]
        self.gzipped = any(k.lower() == "content-encoding" and v == "gzip" for k, v in headers)


class SharedPageCache:
    """WSGI middleware that answers repeat requests for shared pages, and
    first visits to the form pages, from memory."""

    def __init__(self, app, minter: TokenMinter):
        self.app = app
        self.minter = minter
        self.kept: OrderedDict[tuple, Kept | KeptTokenPage] = OrderedDict()
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
        if isinstance(kept, Kept):
            return self.serve(kept, environ, start_response)
        if kept is not None and self.minter.is_first_visit(environ):
            return self.serve_first_visit(kept, start_response)
        captured = {}

        def capture(status, headers, exc_info=None):
            captured["status"], captured["headers"] = status, headers
            marked = any(k == MARKER for k, _ in headers)
            if marked:
                headers = [(k, v) for k, v in headers if k != MARKER]
            captured["keep"] = marked and key is not None and not any(k.lower() == "set-cookie" for k, _ in headers)
            return start_response(status, headers, exc_info)

        result = self.app(environ, capture)
        token_page = environ.get(ENVIRON_KEY)
        if (
            token_page is not None
            and key is not None
            and captured.get("status", "").startswith("200")
            and self.minter.is_first_visit(environ)
            and self.minter.sets_only_the_session(captured["headers"])
        ):
            self.remember(key, KeptTokenPage(token_page, captured["status"], captured["headers"]))
        if not captured.get("keep"):
            return result
        try:
            body = b"".join(result)
        finally:
            if hasattr(result, "close"):
                result.close()
        self.remember(key, Kept(captured["status"], [(k, v) for k, v in captured["headers"] if k != MARKER], body))
        return [body]

    def remember(self, key: tuple, kept: Kept | KeptTokenPage) -> None:
        with self.lock:
            self.kept[key] = kept
            while len(self.kept) > MAX_ENTRIES:
                self.kept.popitem(last=False)

    @staticmethod
    def serve(kept: Kept, environ, start_response) -> Iterable[bytes]:
        if kept.etag and kept.etag in environ.get("HTTP_IF_NONE_MATCH", ""):
            headers = [(k, v) for k, v in kept.headers if k.lower() not in ("content-length", "content-encoding")]
            start_response("304 NOT MODIFIED", headers)
            return []
        start_response(kept.status, kept.headers)
        return [kept.body]

    def serve_first_visit(self, kept: KeptTokenPage, start_response) -> Iterable[bytes]:
        token, cookie = self.minter.mint()
        body = kept.page.gzip(token) if kept.gzipped else kept.page.body(token)
        start_response(
            kept.status, [*kept.headers, ("Set-Cookie", cookie), ("Content-Length", str(len(body)))]
        )
        return [body]
