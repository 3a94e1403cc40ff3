"""First visits to home and the timer: the same for everyone but the token.

Their forms must work without JavaScript, so each visitor's copy carries its
own CSRF token (and the session cookie that token is checked against). All
else is the same for every device that has saved nothing yet. So the page is
rendered once with a placeholder where the token goes (TokenPage); each
request then only drops its token in, into gzip made ahead (GzipTemplate).

SharedPageCache answers later first visits without Flask at all: TokenMinter
makes the token and session cookie just as flask-wtf and Flask's session
would, so the form's POST is checked by the usual CSRF protection.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections import OrderedDict
from collections.abc import Callable

from flask import Flask, Response, current_app, g, request
from flask_wtf.csrf import generate_csrf
from itsdangerous import URLSafeTimedSerializer
from werkzeug.http import dump_cookie

from .compression import gzip_bytes
from .gzip_template import GzipTemplate
from .looks import look_key
from .quick_signing import QuickTimedDumps
from .profiles import current_profile, is_precache_request
from .rendering import wants_fragment

# Stands in for the CSRF token in a kept page; only letters, so no escaping
# can change it on its way into HTML or JSON.
TOKEN_PLACEHOLDER = "SpasmCsrfTokenPlaceholderQx"
MAX_ENTRIES = 512
# Where same_but_token leaves the page for SharedPageCache to keep.
ENVIRON_KEY = "spasm.token_page"


def placeholder_token() -> str | None:
    """The placeholder while a page is being rendered for keeping, else None."""
    return TOKEN_PLACEHOLDER if g.get("rendering_for_keeping") else None


class TokenPage:
    """A rendered page with the placeholder for its token."""

    def __init__(self, status: str, headers: list[tuple[str, str]], body: bytes):
        self.status = status
        self.headers = headers
        self.parts = body.split(TOKEN_PLACEHOLDER.encode())
        self.gzip_by_token_length: dict[int, GzipTemplate | None] = {}

    def body(self, token: bytes) -> bytes:
        return token.join(self.parts)

    def gzip(self, token: bytes) -> bytes:
        template = self.gzip_by_token_length.get(len(token), False)
        if template is False:
            try:
                template = GzipTemplate(self.parts, len(token))
            except ValueError:
                template = None  # not splittable text: compress it whole each time
            self.gzip_by_token_length[len(token)] = template
        if template is None:
            return gzip_bytes(self.body(token))
        return template.render(token)


def same_but_token(build: Callable[[], Response]) -> Response:
    """Serve a first visit's form page from its kept TokenPage.

    Used only when the device has no profile, so there is nothing personal
    to show; a device with one gets the page rendered for it.
    """
    if current_app.debug or is_precache_request() or current_profile() is not None:
        return build()
    store: OrderedDict = current_app.extensions.setdefault("spasm_token_pages", OrderedDict())
    key = (request.full_path, wants_fragment(), look_key())
    page = store.get(key)
    if page is None:
        g.rendering_for_keeping = True
        try:
            response = build()
        finally:
            g.rendering_for_keeping = False
        if response.status_code != 200 or "Set-Cookie" in response.headers:
            return response
        headers = [(k, v) for k, v in response.headers.items() if k.lower() != "content-length"]
        page = TokenPage(response.status, headers, response.get_data())
        store[key] = page
        while len(store) > MAX_ENTRIES:
            store.popitem(last=False)
    token = generate_csrf().encode()
    response = current_app.response_class(status=page.status, headers=page.headers)
    if "gzip" in request.accept_encodings:
        response.set_data(page.gzip(token))
        response.headers["Content-Encoding"] = "gzip"
    else:
        response.set_data(page.body(token))
    response.vary.add("Accept-Encoding")
    request.environ[ENVIRON_KEY] = page
    return response


class TokenMinter:
    """A CSRF token and the session cookie it is checked against, made the
    way flask-wtf's generate_csrf and Flask's session interface make them."""

    def __init__(self, app: Flask):
        self.app = app
        self.signers: dict = {}
        names = "|".join(re.escape(app.config[name]) for name in ("DEVICE_COOKIE_NAME", "SESSION_COOKIE_NAME"))
        self.known_device = re.compile(rf"(?:^|;)\s*(?:{names})=")

    def is_first_visit(self, environ) -> bool:
        """No profile and no session yet, and not the offline cache's copy."""
        return "HTTP_X_SPASM_PRECACHE" not in environ and not self.known_device.search(environ.get("HTTP_COOKIE", ""))

    def sets_only_the_session(self, headers: list[tuple[str, str]]) -> bool:
        """True if the one cookie a response sets is the session's, the one
        mint() makes anew for each visitor."""
        cookies = [v for k, v in headers if k.lower() == "set-cookie"]
        return len(cookies) == 1 and cookies[0].startswith(self.app.config["SESSION_COOKIE_NAME"] + "=")

    def quick(self, key: tuple, serializer: Callable[[], URLSafeTimedSerializer]) -> QuickTimedDumps:
        """A serializer's quick dumps, made once per secret key."""
        dumps = self.signers.get(key)
        if dumps is None:
            dumps = self.signers[key] = QuickTimedDumps(serializer())
        return dumps

    def mint(self) -> tuple[bytes, str]:
        """(the token for the page, the Set-Cookie value of its session)."""
        app = self.app
        config = app.config
        field = config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
        raw = hashlib.sha1(os.urandom(64)).hexdigest()
        csrf_key = config.get("WTF_CSRF_SECRET_KEY") or app.secret_key
        # Signed as flask-wtf's generate_csrf signs, with its salt.
        sign_token = self.quick(("csrf", csrf_key), lambda: URLSafeTimedSerializer(csrf_key, salt="wtf-csrf-token"))
        interface = app.session_interface
        sign_session = self.quick(("session", app.secret_key), lambda: interface.get_signing_serializer(app))
        cookie = dump_cookie(
            interface.get_cookie_name(app),
            sign_session({field: raw}),
            domain=interface.get_cookie_domain(app),
            path=interface.get_cookie_path(app),
            secure=interface.get_cookie_secure(app),
            httponly=interface.get_cookie_httponly(app),
            samesite=interface.get_cookie_samesite(app),
            partitioned=interface.get_cookie_partitioned(app),
        )
        return sign_token(raw).encode(), cookie
