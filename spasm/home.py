"""Home: one dominant action. Also the fresh CSRF token for cached pages."""

from flask import Blueprint, jsonify
from flask_wtf.csrf import generate_csrf

from .rendering import render

bp = Blueprint("home", __name__)


@bp.get("/")
def index():
    """The start screen."""
    return render("home/page.html", "home/_start.html")


@bp.get("/csrf-token")
def csrf_token():
    """A fresh token for a page that came from the offline cache without one."""
    response = jsonify(token=generate_csrf())
    response.headers["Cache-Control"] = "no-store"
    return response
