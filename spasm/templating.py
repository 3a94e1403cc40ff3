"""Template globals shared by every page."""

from flask import Flask, current_app
from flask_wtf.csrf import generate_csrf

from .profiles import current_profile, is_precache_request


def form_token() -> str:
    """The CSRF token for forms and htmx headers; empty in a cached copy
    (a script fills it in once the network is back)."""
    return "" if is_precache_request() else generate_csrf()


def page_settings() -> dict:
    """This device's look, and its chosen emergency number (None when the
    device has no profile yet, "" when it uses the region's default)."""
    profile = current_profile()
    return {
        "theme": profile.theme if profile else "auto",
        "text_size": profile.text_size if profile else "normal",
        "emergency_number": (profile.emergency_number or "") if profile else None,
    }


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(form_token=form_token, page_settings=page_settings)
    app.jinja_env.globals["deployment_region"] = lambda: current_app.config["REGION"]
