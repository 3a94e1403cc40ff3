"""Home: one dominant action. Also the fresh CSRF token for cached pages."""

from flask import Blueprint, jsonify
from flask_wtf.csrf import generate_csrf

from .episodes import day_number, open_episode
from .rendering import personal, render
from .token_pages import same_but_token

bp = Blueprint("home", __name__)


@bp.get("/")
def index():
    """The start screen; with an open episode, also its quick pain check-in."""
    episode = open_episode()
    if episode is None:
        return same_but_token(lambda: render("home/page.html", "home/_start.html", episode=None))
    response = render("home/page.html", "home/_start.html", episode=episode, day=day_number(episode))
    return personal(response)


@bp.get("/csrf-token")
def csrf_token():
    """A fresh token for a page that came from the offline cache without one."""
    response = jsonify(token=generate_csrf())
    response.headers["Cache-Control"] = "no-store"
    return response
