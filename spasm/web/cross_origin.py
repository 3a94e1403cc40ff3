"""Cross-origin protection from the browser's own headers, with no tokens.

A browser says where a request comes from: `Sec-Fetch-Site` (every current
browser) and `Origin` (older ones too). A form on another site can still
make a browser send a POST here with this device's cookies, so every
request that may change something must come from this very origin.

The rules, in order:
1. GET, HEAD and OPTIONS change nothing: they pass.
2. `Sec-Fetch-Site: same-origin` (our own page) or `none` (the person typed
   the address or used a bookmark) passes; any other value is refused.
3. With no `Sec-Fetch-Site`, an `Origin` must be this site's own scheme,
   host and port, as seen through the configured proxy.
4. With neither header the request is not from a browser, so it carries no
   victim's cookies: it passes.

With no per-visitor token, every page without personal data is the same
for everyone and may be stored by any cache.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, request
from werkzeug.exceptions import Forbidden

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
TRUSTED_FETCH_SITES = frozenset({"same-origin", "none"})
DEFAULT_PORTS = {"http": 80, "https": 443}


class CrossOriginRequest(Forbidden):
    """A request that may change data, sent from another site."""

    description = "This was sent from another website, so it was not saved."


def origin_of(url: str) -> tuple[str, str, int] | None:
    """(scheme, host, port) of an origin or URL; None for an opaque one ("null")."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS or not parts.hostname:
        return None
    return scheme, parts.hostname.lower(), port or DEFAULT_PORTS[scheme]


def is_allowed(method: str, fetch_site: str | None, origin: str | None, own_origin: str) -> bool:
    """The whole decision, as a pure function of the request's headers."""
    if method in SAFE_METHODS:
        return True
    if fetch_site is not None:
        return fetch_site.strip().lower() in TRUSTED_FETCH_SITES
    if origin is None:
        return True
    theirs = origin_of(origin.strip())
    return theirs is not None and theirs == origin_of(own_origin)


def check_request() -> None:
    """Refuse a request that may change data and comes from another origin."""
    # request.host_url follows X-Forwarded-Proto and -Host once the proxy
    # fix (spasm.web.security) trusts them.
    allowed = is_allowed(
        request.method,
        request.headers.get("Sec-Fetch-Site"),
        request.headers.get("Origin"),
        request.host_url,
    )
    if not allowed:
        raise CrossOriginRequest()


def init_app(app: Flask) -> None:
    app.before_request(check_request)
