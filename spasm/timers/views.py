"""Heat, cold, contrast and movement timers: /timer.

The page and its htmx fragment (timer/_panel.html) show either the start
choices or the running timer. Without JavaScript, start and stop are plain
forms, and the running timer shows its end as a clock time in UTC (the
server does not know the person's time zone); the script replaces it with
the device's local time.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import Blueprint, redirect, request, url_for
from wtforms.validators import ValidationError

from .. import clock, episodes
from ..content import heat_cold
from ..content.relief import MOVE_OFTEN, STEP_SLUGS
from ..content.timers import TIMER_KINDS
from ..device import current_profile, get_owned_or_404, owned, owned_first
from ..idempotency import write_view
from ..models import TimerRun
from ..rules import timer_bounds as bounds
from ..rules.timer_bounds import COMPLETED, MOVEMENT, SKIN_KINDS, STOPPED, BoundsError
from ..web.forms import (
    CONTROL_CHARACTERS,
    HIDDEN_CHARACTERS,
    ChoiceField,
    Form,
    WholeNumberField,
    refuse_hidden_characters,
)
from ..web.page_cache import ANONYMOUS, shared_response
from ..web.rendering import is_htmx, personal, render
from ..web.urls import next_or, query_id
from . import push, service

bp = Blueprint("timers", __name__)

PAGE, PANEL = "timer/page.html", "timer/_panel.html"
# How long after a timer ran out the page still says "take it off now".
FINISHED_NOTICE = timedelta(minutes=10)
# For this long after a start the running timer takes the focus when shown,
# so the person (and a screen reader) lands on the countdown, not where the
# start button was.
JUST_STARTED = timedelta(minutes=1)
# Where "Carry on with the steps" leads from a running heat or cold timer.
ONSET_STEP = "onset"
AFTER_HEAT_COLD = STEP_SLUGS[STEP_SLUGS.index("heat-cold") + 1]

TITLES = {kind: names.title for kind, names in TIMER_KINDS.items()}
# The three rules that matter most for both (see heat_cold.KEY_RULES).
KEY_RULES = heat_cold.KEY_RULES
RULES = {
    "heat": heat_cold.HEAT_RULES,
    "cold": heat_cold.COLD_RULES,
    # All six would push the stop button off the screen.
    "contrast": KEY_RULES,
}
# Shown beside the movement reminder: why it asks.
MOVE_FACT = MOVE_OFTEN


def _stripped(value: str | None) -> str:
    return (value or "").strip()


class StartForm(Form):
    """What to start. Valid, it holds `plan`: what service.plan_for makes of
    the kind and the length, within the safety bounds of
    spasm.rules.timer_bounds (which also write the messages about length).
    An empty length is this device's default."""

    kind = ChoiceField(choices=TITLES, message=bounds.NO_SUCH_KIND, filters=[_stripped, refuse_hidden_characters])
    minutes = WholeNumberField()
    plan: bounds.Plan

    def validate_minutes(self, field: WholeNumberField) -> None:
        if self.kind.errors:
            # The kind's message is the one shown.
            return
        # Text that is no whole number goes to the bound check as typed,
        # which says so in its own words.
        minutes = field.typed if field.data is None else field.data
        try:
            self.plan = service.plan_for(self.kind.data, minutes)
        except BoundsError as error:
            raise ValidationError(str(error)) from None
        # Contrast and movement ignore the length, but not what it holds.
        if CONTROL_CHARACTERS.search(field.typed):
            raise ValidationError(HIDDEN_CHARACTERS)


class StopForm(Form):
    """The kind of timer to stop, for a phone that never learnt its id."""

    kind = ChoiceField(choices=TITLES, message=bounds.NO_SUCH_KIND, filters=[_stripped])


# What the panel says whoever asks.
PANEL_FACTS = {
    "titles": TITLES,
    "rules": RULES,
    "key_rules": KEY_RULES,
    "contrast_facts": heat_cold.CONTRAST,
    "lead_facts": (heat_cold.HEAT_EVIDENCE, heat_cold.CHOOSE),
    "max_minutes": bounds.MAX_MINUTES,
    "move_fact": MOVE_FACT,
    # For the cold rest warning: how long the skin rests.
    "cold_rest": bounds.span_words(bounds.COLD_REST),
}


def panel_context(preselect: str | None = None, **extra) -> dict:
    """Everything timer/_panel.html needs, for this device, right now."""
    profile = current_profile()
    running = service.running()
    skin = next((s for s in running if s.kind in SKIN_KINDS), None)
    movement = next((s for s in running if s.kind == MOVEMENT), None)
    now = clock.now()
    just_started = skin is not None and timedelta(0) <= now - skin.started_at < JUST_STARTED
    rest_left = service.cold_rest_left(skin) if skin else service.cold_rest_left()
    return {
        **PANEL_FACTS,
        "skin": skin,
        "just_started": just_started,
        # Said by the page only without JavaScript: a whole page, whose
        # <noscript> the browser ignores when scripts run. (In a fragment
        # htmx would make it a live line, and the phone says it already.)
        "say_started": just_started and not is_htmx(),
        # A new device's page (also kept for no signal) knows no episode.
        "carry_on": url_for("relief.step", slug=carry_on_step() if profile else ONSET_STEP),
        "movement": movement,
        # The page as a new device sees it (and as it is kept for no signal).
        "anonymous": profile is None,
        "now": now,
        "defaults": service.default_minutes(profile),
        "sound_on": service.sound_on(profile),
        "rest_left": rest_left,
        # When (and how soon) cold may be used again.
        "cold_again_at": now + rest_left if rest_left else None,
        "cold_again_in": bounds.span_words(rest_left) if rest_left else None,
        "finished": None if skin else recently_finished(now),
        "phase": service.contrast_phase(skin, now) if skin and skin.kind == "contrast" else None,
        "order": ["cold", "heat"] if preselect == "cold" else ["heat", "cold"],
        "more_open": preselect in ("contrast", "movement"),
        "preselect": preselect,
        "movement_next": _next_movement(movement, now),
        "actual_seconds": service.actual_seconds,
        "push_key": push.public_key(),
        "push_saved": push.device_subscribed(),
        **extra,
    }


@bp.app_template_global()
def timer_plan(kind: str, minutes: object = None, per_minute: bool = False) -> dict:
    """What a start form tells the phone, which shows the countdown at once:
    the title of the card and the server's own plan (service.plan_for) in
    seconds, with the contrast phases; for a typed length, the seconds of one
    minute and the most minutes allowed. The sound only when it is off."""
    plan = service.plan_for(kind, bounds.MIN_MINUTES if per_minute else minutes)
    found: dict = {"title": TITLES[kind], "seconds": plan.planned_seconds}
    if per_minute:
        found["max"] = bounds.MAX_MINUTES[kind]
    found.update({name: s for name, s in (("cold", plan.cold_phase_seconds), ("heat", plan.heat_phase_seconds)) if s})
    if not service.sound_on(current_profile()):
        found["sound"] = False
    return found


def carry_on_step() -> str:
    """The step of the relief flow to carry on with while heat or cold runs:
    "when did this start" until this device has said, then the step after
    heat and cold (from there Next leads on as usual)."""
    episode = episodes.open_episode()
    if episode is None or episode.onset_at is None:
        return ONSET_STEP
    return AFTER_HEAT_COLD


def _next_movement(movement: TimerRun | None, now: datetime) -> timedelta | None:
    if movement is None:
        return None
    elapsed = (now - movement.started_at).total_seconds()
    return timedelta(seconds=bounds.next_movement_in(elapsed, movement.planned_seconds))


def recently_finished(now: datetime) -> TimerRun | None:
    """The skin timer that ran out in the last few minutes, so a page opened
    (or refreshed without JavaScript) after the end still says what to do."""
    return owned_first(
        owned(TimerRun)
        .where(
            TimerRun.kind.in_(SKIN_KINDS),
            TimerRun.status == COMPLETED,
            TimerRun.ended_at >= now - FINISHED_NOTICE,
        )
        .order_by(TimerRun.ended_at.desc())
        .limit(1)
    )


def show(status: int = 200, **context):
    return personal(render(PAGE, PANEL, status=status, **panel_context(**context)))


@bp.get("/timer")
def page():
    """The timer choices, or the running timer with its countdown."""
    preselect = request.args.get("kind")
    preselect = preselect if preselect in bounds.KINDS else None
    if current_profile() is None:
        # A first visit: nothing running, nothing personal to show.
        return shared_response(
            lambda: render(PAGE, PANEL, **panel_context(preselect=preselect, stopped=None)), ANONYMOUS
        )
    stopped = _stopped_run(query_id("stopped"))
    return show(preselect=preselect, stopped=stopped)


def _stopped_run(timer_id: int | None) -> TimerRun | None:
    """The timer run this device just stopped, to say so on the page."""
    if timer_id is None:
        return None
    run = owned_first(owned(TimerRun).where(TimerRun.id == timer_id))
    return run if run is not None and run.status == STOPPED else None


@bp.post("/timer")
@bp.post("/timer/start", endpoint="start_alias")
@write_view
def start():
    """Start a timer within the safety bounds; a second tap returns the running one."""
    form = StartForm()
    kind = form.kind.data or ""
    after = next_or(url_for("timers.page"))
    if not form.validate():
        return show(
            422,
            error=form.first_error(),
            error_kind=kind if kind in bounds.MAX_MINUTES else None,
            entered=form.minutes.typed[:8],
            preselect=kind if kind in bounds.KINDS else None,
        )
    try:
        service.start(form.plan)
    except service.TimerConflict as error:
        return show(409, error=str(error))
    if is_htmx():
        return show()
    return redirect(after, code=303)


@bp.post("/timer/<id:timer_id>/stop")
@write_view
def stop(timer_id: int):
    """Stop a running timer early; it is logged as stopped at this moment."""
    run = get_owned_or_404(TimerRun, timer_id)
    try:
        service.stop(run)
    except service.NotRunning as error:
        return show(409, error=str(error))
    if is_htmx():
        return show(stopped=run)
    return redirect(url_for("timers.page", stopped=run.id), code=303)


@bp.post("/timer/stop")
@write_view
def stop_running():
    """Stop the running timer of a kind (heat, cold and contrast count as one).
    The phone sends this for a timer it started with no signal, whose id it
    never learnt; a timer started after the tap is left running."""
    # Read from the form fields alone, as always: a JSON body names no kind.
    form = StopForm(formdata=request.form)
    if not form.validate():
        return show(422, error=form.first_error())
    found = [s for s in service.running_like(form.kind.data) if s.started_at <= clock.now()]
    if not found:
        return show(409, error="This timer has already ended. Nothing was changed.")
    try:
        service.stop(found[0])
    except service.NotRunning as error:
        return show(409, error=str(error))
    if is_htmx():
        return show(stopped=found[0])
    return redirect(url_for("timers.page", stopped=found[0].id), code=303)
