"""Pages that are the same for every device, rendered once and kept in memory.

A shared page holds nothing personal and no CSRF token (see
profiles.serve_same_page_to_everyone), so its bytes depend only on the URL
path, on whether htmx asked for a fragment, and on the look (theme and text
size) the device chose. Each such variant is rendered once, compressed once,
and then served from memory: the pages a person in pain needs first (the
red flags, the position step) cost the server almost nothing.
"""

from __future__ import annotations

import gzip
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

import brotli
from flask import Response, current_app, request

from .looks import look_key
from .profiles import serve_same_page_to_everyone
from .rendering import wants_fragment

# Headers that belong to one response's encoding, not to the page.
_PER_RESPONSE = {"content-length", "content-encoding", "etag", "set-cookie"}


@dataclass(frozen=True)
class SharedPage:
    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes
    br: bytes
    gz: bytes
    etag: str

    @classmethod
    def of(cls, response: Response) -> SharedPage:
        body = response.get_data()
        headers = tuple((k, v) for k, v in response.headers.items() if k.lower() not in _PER_RESPONSE)
        return cls(
            status=response.status_code,
            headers=headers,
            body=body,
            br=brotli.compress(body, quality=11),
            gz=gzip.compress(body, compresslevel=9, mtime=0),
            etag=hashlib.sha256(body).hexdigest()[:16],
        )

    def response(self) -> Response:
        accepted = request.accept_encodings
        response = current_app.response_class(status=self.status, headers=list(self.headers))
        if "br" in accepted:
            response.set_data(self.br)
            response.headers["Content-Encoding"] = "br"
        elif "gzip" in accepted:
            response.set_data(self.gz)
            response.headers["Content-Encoding"] = "gzip"
        else:
            response.set_data(self.body)
        # The look comes from a cookie, so caches must keep variants apart.
        response.vary.update(("Accept-Encoding", "HX-Request", "Cookie"))
        response.set_etag(self.etag)
        return response.make_conditional(request)


def shared_response(build: Callable[[], Response]) -> Response:
    """The shared page that `build` renders, from memory after the first time."""
    serve_same_page_to_everyone()
    if current_app.debug:
        # While developing, edits show at once.
        return build()
    store: dict = current_app.extensions.setdefault("spasm_shared_pages", {})
    key = (request.path, wants_fragment(), look_key())
    page = store.get(key)
    if page is None:
        response = build()
        if response.status_code != 200:
            return response
        page = store[key] = SharedPage.of(response)
    return page.response()


def shared_page(view):
    """Decorator for a view whose page is the same for every device."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        return shared_response(lambda: view(*args, **kwargs))

    return wrapper
