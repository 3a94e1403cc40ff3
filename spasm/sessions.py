"""Flask's signed-cookie session, with its signer built once.

Flask builds (and self-tests) a new signing serializer on every open and
every save of the session. The secret key does not change while the app
runs, so one serializer serves every request; a changed key (tests swap
config) gets a new one.
"""

from flask import Flask
from flask.sessions import SecureCookieSessionInterface
from itsdangerous import URLSafeTimedSerializer


class SessionInterface(SecureCookieSessionInterface):
    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        keys = (app.secret_key, tuple(app.config["SECRET_KEY_FALLBACKS"] or ()))
        cached = app.extensions.get("spasm_session_signer")
        if cached is None or cached[0] != keys:
            cached = (keys, super().get_signing_serializer(app))
            app.extensions["spasm_session_signer"] = cached
        return cached[1]


def init_app(app: Flask) -> None:
    app.session_interface = SessionInterface()
