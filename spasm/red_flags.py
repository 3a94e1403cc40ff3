"""The warning signs, grouped by how fast to get help, with the number to call;
what the in-flow check found; and the full references behind the advice.

/red-flags and /sources are the same for everyone (no profile, cookie or
token), so they can be cached and opened with no signal. The number to call
is chosen on the device: the one saved in settings, else the one for the
phone's time zone (static/js-early/emergency-number.js, which carries the
table this module also serves as /emergency-numbers.json), else the
deployment's region.
"""

from __future__ import annotations

from flask import Blueprint, Response, current_app, redirect, url_for

from . import episodes
from .content import Region, check_screens, getting_help
from .content import red_flags as content
from .content.cards import cards_citing
from .content.regions import REGIONS
from .content.sources import REFERENCES
from .pwa import same_for_everyone
from .rules.red_flags import flagged
from .web.assets import emergency_table
from .web.page_cache import shared_page
from .web.rendering import personal, render

bp = Blueprint("red_flags", __name__)


def region_for(key: str | None) -> Region:
    """The region to take default numbers from; a typo in the configuration
    still gives a number that works on most mobile phones."""
    return REGIONS.get((key or "").lower(), REGIONS["other"])


def page_context() -> dict:
    return {
        "urgencies": content.URGENCIES,
        "region": region_for(current_app.config["REGION"]),
        "call_label": getting_help.CALL_LABEL,
        "what_to_say_title": getting_help.WHAT_TO_SAY_TITLE,
        "what_to_say": getting_help.WHAT_TO_SAY,
        "say_sign_first": getting_help.SAY_SIGN_FIRST,
        "disclaimer": getting_help.DISCLAIMER,
        "tests_line": content.TESTS_LINE,
    }


@bp.get("/red-flags")
@shared_page
def index():
    """When to call the emergency number, see a doctor today, or soon."""
    response = render("red_flags/page.html", "red_flags/_signs.html", **page_context())
    return same_for_everyone(response)


@bp.get("/red-flags/check")
def check_result():
    """Where the in-flow check lands: which answers sent the person here,
    what to do now, then every sign. Personal, so never kept by a cache."""
    episode = episodes.open_episode()
    saved = episodes.answers(episode) if episode is not None else {}
    keys = flagged(saved)
    if not keys:
        return redirect(url_for(".index"))
    ticked = [(content.CHECK_BY_KEY[key], saved[key] == content.NOT_SURE) for key in keys]
    level = ticked[0][0].urgency
    response = render(
        "red_flags/check.html",
        "red_flags/_check.html",
        urgency=content.URGENCY_BY_KEY[level],
        ticked=ticked,
        you_ticked=check_screens.YOU_TICKED,
        not_sure_mark=check_screens.NOT_SURE_MARK,
        do_now=getting_help.DO_NOW[level],
        worse_fast=getting_help.WORSE_FAST,
        say_ticked_first=getting_help.SAY_TICKED_FIRST,
        fell="serious_fall" in keys,
        after_a_fall=getting_help.AFTER_A_FALL,
        **page_context(),
    )
    return personal(response)


@bp.get("/sources")
@shared_page
def sources():
    """The full reference behind every source key the app cites."""
    return same_for_everyone(
        render("red_flags/sources.html", "red_flags/_sources.html", references=REFERENCES, cited_on=cards_citing)
    )


@bp.get("/emergency-numbers.json")
@shared_page
def numbers():
    """The numbers by place and the time zones of each, as JSON: the same
    table every page's head script carries to pick the device's own."""
    response = Response(emergency_table(), mimetype="application/json")
    return same_for_everyone(response)
