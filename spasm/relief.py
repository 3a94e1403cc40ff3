"""The relief flow: from "I'm having a spasm" to a saved pain check-in, one
card per step at /relief/<step>.

Step pages are public, and the service worker keeps copies for offline use,
so each renders without a profile. Only when this device has an open episode
do some steps add personal bits (the saved onset, the red-flag answers, the
check-in form); those responses are marked personal and kept out of caches.
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for
from markupsafe import Markup

from . import episodes
from .content import check_screens, heat_cold, medicines
from .content import red_flags as red_flag_content
from .content import relief as content
from .content.check_screens import CheckScreen
from .device import current_profile
from .extensions import db
from .idempotency import write_view
from .models import Episode
from .red_flags import region_for
from .relief_forms import OnsetForm, SafetyCheckForm
from .rules import onset as onset_rules
from .rules.onset import pain_change
from .rules.red_flags import (
    counts_as_yes,
    routing_table,
    urgency_unticked,
)
from .timers import push
from .timers import service as timer_service
from .web.page_cache import ANONYMOUS, shared_response
from .web.rendering import client_redirect, is_htmx, personal, push_url, render, wants_fragment

bp = Blueprint("relief", __name__)

FIRST_STEP = content.STEP_SLUGS[0]
# Steps that show something of the open episode when there is one.
PERSONAL_STEPS = frozenset({"onset", "safety-check", "check-in"})
# Steps with neither personal bits nor forms: the same page for everyone.
SHARED_STEPS = frozenset({"position", "breathe", "move", "medicines"})
# What episode.onset_choice stores for a time the person picked.
PICKED_TIME = "time"
# The safety check's two screens: the signs to call for help now, then the rest.
SIGNS_NOW, SIGNS_MORE = check_screens.CHECK_SCREENS
# --- pages -----------------------------------------------------------------


@bp.get("/relief")
def start():
    """The flow begins at its first step."""
    return redirect(url_for(".step", slug=FIRST_STEP))


@bp.get("/relief/<slug>")
def step(slug: str):
    """One step of the flow, as a page or (for htmx) the card alone."""
    if slug not in content.STEP_BY_SLUG:
        abort(404)
    if slug in SHARED_STEPS:
        return shared_response(lambda: step_response(slug))
    if slug in PERSONAL_STEPS and episodes.open_episode() is None:
        # Nothing of this device's to show yet: the same page for everyone.
        return shared_response(lambda: step_response(slug), ANONYMOUS)
    return step_response(slug)


@bp.post("/episodes")
@write_view
def start_episode():
    """Start an episode, or resume the open one, and show the first step."""
    episodes.start_or_resume()
    slug = request.form.get("step", FIRST_STEP)
    return go_to(slug if slug in content.STEP_BY_SLUG else FIRST_STEP)


@bp.post("/relief/onset")
@write_view
def save_onset():
    """Record when the pain began on the open episode, then move on.

    A picked time comes from a datetime-local field: the phone's own clock
    time, with no zone. A script puts the phone's UTC offset in tz_offset;
    without JavaScript it stays 0 and the time is read as UTC (off by the
    phone's distance from UTC; the quick answers do not have this problem).
    """
    form = OnsetForm()
    picking = form.choice.data == onset_rules.PICK_TIME
    if not form.validate():
        return step_response(
            "onset",
            status=422,
            onset_error=form.first_error(),
            picked_value=form.picked.data or "",
            pick_open=picking,
        )
    episode = episodes.start_or_resume()
    episode.onset_at = form.onset_at
    episode.onset_choice = PICKED_TIME if picking else form.choice.data
    db.session.commit()
    return go_to(following("onset"))


@bp.get("/relief/safety-check/more")
def safety_more():
    """The safety check's second screen: the signs to see a doctor today or soon."""
    if episodes.open_episode() is None:
        return shared_response(lambda: safety_response(SIGNS_MORE), ANONYMOUS)
    return safety_response(SIGNS_MORE)


@bp.post("/relief/safety-check")
@write_view
def save_safety_check():
    """The signs to call for help now: any ticked goes to a page that names
    them and says what to do; "None of these" goes on to the other signs."""
    return answer_safety_check(SIGNS_NOW)


@bp.post("/relief/safety-check/more")
@write_view
def save_more_safety_check():
    """The other signs: any ticked goes to a page that names them and says
    what to do; "None of these" goes on to the next step."""
    return answer_safety_check(SIGNS_MORE)


# --- helpers ---------------------------------------------------------------


def next_slug(slug: str) -> str | None:
    index = content.STEP_SLUGS.index(slug)
    return content.STEP_SLUGS[index + 1] if index + 1 < len(content.STEP_SLUGS) else None


def previous_slug(slug: str) -> str | None:
    index = content.STEP_SLUGS.index(slug)
    return content.STEP_SLUGS[index - 1] if index > 0 else None


def following(slug: str) -> str:
    """The step after one that always has a next (every step but the last)."""
    return next_slug(slug) or FIRST_STEP


def go_to(slug: str):
    """After a POST: a redirect for a plain form; for htmx the next card at
    once, with its URL pushed, which saves a round trip on a weak signal."""
    url = url_for(".step", slug=slug)
    if not wants_fragment():
        return redirect(url, code=303)
    return push_url(step_response(slug), url)


def answer_safety_check(screen: CheckScreen):
    """Store the answers of one screen of the check, and only those, then go
    where they call for: the page that names them, the red-flag list when
    "Yes" or "Not sure" came with no sign ticked, or on."""
    form = SafetyCheckForm()
    if not form.validate():
        return safety_response(screen, status=422, check_error=form.first_error())
    if form.answers:
        # Every answer stored is a yes or a not sure: each calls for help.
        episodes.store_answers(episodes.start_or_resume(), form.answers)
        return leave_to(url_for("red_flags.check_result"))
    level = urgency_unticked([q.key for q in screen.questions], form.answer.data)
    if level:
        return leave_to(url_for("red_flags.index", _anchor=level))
    if screen is SIGNS_MORE:
        return go_to(following("safety-check"))
    url = url_for(".safety_more")
    if not wants_fragment():
        return redirect(url, code=303)
    return push_url(safety_response(SIGNS_MORE), url)


def leave_to(url: str):
    """Leave the flow for another page: a redirect, or a full navigation for htmx."""
    if not is_htmx():
        return redirect(url, code=303)
    return client_redirect(url)


def step_response(slug: str, status: int = 200, **extra):
    episode = episodes.open_episode() if slug in PERSONAL_STEPS else None
    context = step_context(slug, episode, **extra)
    response = render("relief/page.html", "relief/_fragment.html", status=status, **context)
    return personal(response) if episode is not None else response


def first_card() -> Markup:
    """The first card as HTML, the same for everyone: the home page carries
    it so that a tap on "I'm having a spasm" shows it with no round trip."""
    return Markup(render_template("relief/_card.html", **step_context(FIRST_STEP, None)))


def step_context(slug: str, episode: Episode | None, **extra) -> dict:
    return {
        "step": content.STEP_BY_SLUG[slug],
        "copy": content,
        "number": content.STEP_SLUGS.index(slug) + 1,
        "total": len(content.STEP_SLUGS),
        "back_slug": previous_slug(slug),
        "next_slug": next_slug(slug),
        "episode": episode,
        "is_personal": episode is not None,
        **STEP_CONTEXT.get(slug, lambda episode: {})(episode),
        **extra,
    }


def onset_context(episode: Episode | None) -> dict:
    labels = {choice.key: choice.label for choice in content.ONSET_CHOICES}
    saved = None
    if episode is not None and episode.onset_choice:
        saved = "a time you picked" if episode.onset_choice == PICKED_TIME else labels.get(episode.onset_choice)
    quick = [choice for choice in content.ONSET_CHOICES if choice.key in onset_rules.QUICK_ONSETS]
    return {"quick_choices": quick, "saved_onset": saved, "pick_choice": onset_rules.PICK_TIME}


def safety_response(screen: CheckScreen, status: int = 200, **extra):
    episode = episodes.open_episode()
    return step_response("safety-check", status, **safety_context(episode, screen), **extra)


def safety_context(episode: Episode | None, screen: CheckScreen = SIGNS_NOW) -> dict:
    """One screen of the check. Nothing on it is ticked when it opens, saved
    answers included: those are named above the signs instead, so a tap on
    "None of these" can never send an answer the person did not give."""
    saved = episodes.answers(episode) if episode is not None else {}
    first = screen is SIGNS_NOW
    return {
        "screen": screen,
        "check_copy": check_screens,
        "check_action": url_for(".save_safety_check" if first else ".save_more_safety_check"),
        # Where "None of these" goes, and Back.
        "check_then": url_for(".safety_more") if first else url_for(".step", slug=following("safety-check")),
        "check_back": url_for(".step", slug=previous_slug("safety-check") if first else "safety-check"),
        "ticked_before": [
            (question, saved[question.key] == red_flag_content.NOT_SURE)
            for question in screen.questions
            if counts_as_yes(saved.get(question.key))
        ],
        "not_sure_line": check_screens.NOT_SURE_LINE,
        # The server's routing, for the phone to route with when there is no signal.
        "routing": routing_table(),
    }


def check_in_context(episode: Episode | None) -> dict:
    if episode is None:
        return {}
    pains = episodes.pains(episode)
    return {
        "day": episodes.day_number(episode),
        "advice": episodes.advice(episode)[0],
        "show_saved": request.args.get("saved") == "1" and bool(pains),
        "pain": pains[-1] if pains else None,
        "change": pain_change(pains),
        "next_url": url_for(".step", slug="check-in", saved=1),
    }


STEP_CONTEXT = {
    "onset": onset_context,
    "safety-check": safety_context,
    "heat-cold": lambda episode: {
        "cold_rules": heat_cold.COLD_RULES,
        "heat_rules": heat_cold.HEAT_RULES,
        "evidence": heat_cold.EVIDENCE,
        "timer_defaults": timer_service.default_minutes(current_profile()),
        "push_key": push.public_key(),
    },
    "medicines": lambda episode: {"medicines": medicines},
    "position": lambda episode: {
        "do_not_move": content.DO_NOT_MOVE,
        "default_region": region_for(current_app.config["REGION"]),
        "heat_rules": heat_cold.HEAT_RULES,
        "cold_rules": heat_cold.COLD_RULES,
    },
    "check-in": check_in_context,
}
