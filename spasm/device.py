"""The anonymous device: its profile, the one way to query a person's rows,
and its look.

The device cookie holds a long random token; the database holds only its
SHA-256, so a copy of the database cannot be turned back into working
cookies. Reads never create a profile: a first write does (ensure_profile),
which keeps public pages free of cookies and database writes.

The look (theme and text size) is stored in a cookie of its own as well as on
the profile, so that pages rendered without the database (the shared pages)
still follow it.

A browser may refuse or drop the cookie (private modes, cookies blocked,
Safari and a Secure cookie on plain HTTP). Every write then lands in a new
profile the phone cannot reach again. A page that knows this device has
saved something says so with EXPECTS_PROFILE_HEADER; the answer then carries
COOKIE_LOST_HEADER if the cookie did not come with it, so the page can warn
the person instead of telling them their writes are saved.
"""

from __future__ import annotations

import hashlib
import secrets

from flask import Flask, Response, abort, current_app, g, request
from flask.sessions import SecureCookieSessionInterface
from sqlalchemy import Select, false, select
from werkzeug.wrappers import Response as BaseResponse

from .config import is_production
from .extensions import db
from .models import Profile
from .web.look import DEFAULT, LOOK_COOKIE
from .web.look import TEXT_SIZES as TEXT_SIZES
from .web.look import THEMES as THEMES
from .web.look import parse_look as parse_look
from .web.page_cache import serves_same_page_to_everyone
from .web.rendering import AnyResponse

COOKIE_MAX_AGE = 400 * 24 * 3600  # the longest lifetime browsers keep


EXPECTS_PROFILE_HEADER = "X-Spasm-Expects-Profile"
COOKIE_LOST_HEADER = "X-Spasm-Cookie-Lost"


def cookies_secure() -> bool:
    """Whether this response's cookies are marked Secure.

    Production always marks them. Elsewhere SESSION_COOKIE_SECURE decides;
    "auto" follows the request, so plain HTTP on loopback (the Quick start)
    gets cookies that Safari keeps, and HTTPS, direct or through the proxy,
    gets Secure ones.
    """
    if is_production(current_app):
        return True
    setting = current_app.config["SESSION_COOKIE_SECURE"]
    if setting == "auto":
        return request.is_secure
    return bool(setting)


class SessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie session, Secure by the same rule as the device cookie."""

    def get_cookie_secure(self, app: Flask) -> bool:
        return cookies_secure()


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


PRECACHE_HEADER = "X-Spasm-Precache"


def is_precache_request() -> bool:
    """The service worker fetches public pages for its cache with this header;
    such a copy must hold no token and nothing personal. A page marked with
    page_cache.serve_same_page_to_everyone() is rendered the same way."""
    return serves_same_page_to_everyone() or request.headers.get(PRECACHE_HEADER) == "1"


def current_profile() -> Profile | None:
    """The profile of this device, or None if it has not saved anything yet
    (or if this is a copy for the offline cache, which must stay anonymous)."""
    if is_precache_request():
        return None
    if "profile" not in g:
        g.profile = _load_from_cookie()
    return g.profile


def _load_from_cookie() -> Profile | None:
    token = request.cookies.get(current_app.config["DEVICE_COOKIE_NAME"])
    if not token or len(token) > 128:
        return None
    return db.session.scalar(select(Profile).where(Profile.token_hash == hash_token(token)))


def ensure_profile() -> Profile:
    """The profile of this device, created (and its cookie set) if needed."""
    profile = current_profile()
    if profile is None:
        token = secrets.token_urlsafe(32)
        profile = Profile(token_hash=hash_token(token))
        db.session.add(profile)
        db.session.flush()
        g.profile = profile
        g.new_device_token = token
        g.came_without_profile = True
    return profile


def owned(model) -> Select:
    """SELECT rows of `model` that belong to this device, and nothing else."""
    profile = current_profile()
    if profile is None:
        return select(model).where(false())
    return select(model).where(model.profile_id == profile.id)


def owned_first(statement: Select):
    """The first row of an owned() query. A device that has saved nothing has
    no rows: say so without a round trip to the database (every first visit)."""
    return None if current_profile() is None else db.session.scalar(statement)


def owned_all(statement: Select) -> list:
    """All rows of an owned() query; none, without a query, for a new device."""
    return [] if current_profile() is None else list(db.session.scalars(statement))


def get_owned_or_404(model, row_id: int):
    """One row of this device by id; another device's id is simply not found."""
    row = owned_first(owned(model).where(model.id == row_id))
    if row is None:
        abort(404)
    return row


def forget_device(response: AnyResponse) -> AnyResponse:
    """Clear the device's cookies (used after deleting everything)."""
    forget_look(response)
    g.pop("profile", None)
    response.delete_cookie(
        current_app.config["DEVICE_COOKIE_NAME"],
        secure=cookies_secure(),
        httponly=True,
        samesite="Lax",
    )
    g.pop("new_device_token", None)
    return response


def _set_new_device_cookie(response: Response) -> Response:
    token = g.pop("new_device_token", None)
    if token:
        response.set_cookie(
            current_app.config["DEVICE_COOKIE_NAME"],
            token,
            max_age=COOKIE_MAX_AGE,
            secure=cookies_secure(),
            httponly=True,
            samesite="Lax",
        )
    return response


def _say_if_cookie_lost(response: Response) -> Response:
    """Answer a device that believes it has a profile, but whose request came
    without a cookie that finds one: the write (if any) is still saved, in a
    new profile, and the page learns this browser is not keeping its cookie."""
    if request.headers.get(EXPECTS_PROFILE_HEADER) != "1" or is_precache_request():
        return response
    if g.get("came_without_profile") or current_profile() is None:
        response.headers[COOKIE_LOST_HEADER] = "1"
    return response


def check_cookie() -> Response:
    """An empty answer that only carries the headers above: asked by a page
    just after a write, to learn whether the cookie stayed."""
    response = Response(status=204)
    response.headers["Cache-Control"] = "no-store"
    return response


def init_app(app: Flask) -> None:
    app.session_interface = SessionInterface()
    app.after_request(_set_new_device_cookie)
    app.after_request(sync_look_with_profile)
    app.after_request(_say_if_cookie_lost)
    app.add_url_rule("/device/cookie", "device_cookie", check_cookie, methods=["GET"])


# --- the look ---------------------------------------------------------------
# Its choices and its cookie are in web.look, which every page reads (the
# choices stay importable from here too). Below: keeping the cookie in step
# with the profile, which only the device can do.


def remember_look(response: BaseResponse, theme: str, size: str) -> None:
    value = f"{theme}.{size}"
    if request.cookies.get(LOOK_COOKIE) == value:
        return
    if (theme, size) == DEFAULT:
        forget_look(response)
        return
    response.set_cookie(
        LOOK_COOKIE,
        value,
        max_age=COOKIE_MAX_AGE,
        secure=cookies_secure(),
        httponly=True,
        samesite="Lax",
    )


def forget_look(response: BaseResponse) -> None:
    if LOOK_COOKIE in request.cookies:
        response.delete_cookie(LOOK_COOKIE, secure=cookies_secure(), httponly=True, samesite="Lax")


def sync_look_with_profile(response: Response) -> Response:
    """Keep the cookie in step with the profile whenever a request loaded it
    (so a saved setting reaches the shared pages too)."""
    profile = g.get("profile")
    if profile is not None:
        remember_look(response, profile.theme, profile.text_size)
    return response
