"""Home: one dominant action."""

from flask import Blueprint

from .episodes import day_number, open_episode
from .relief import first_card
from .web.page_cache import ANONYMOUS, shared_response
from .web.rendering import personal, render

bp = Blueprint("home", __name__)


@bp.get("/")
def index():
    """The start screen; with an open episode, also its quick pain check-in."""
    episode = open_episode()
    if episode is None:
        return shared_response(
            lambda: render("home/page.html", "home/_start.html", episode=None, first_card=first_card()), ANONYMOUS
        )
    response = render(
        "home/page.html", "home/_start.html", episode=episode, day=day_number(episode), first_card=first_card()
    )
    return personal(response)
