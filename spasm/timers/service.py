"""Heat, cold, contrast and movement timers of this device.

The truth of a timer is its absolute ends_at on the server. Anything that
reads this device's timers settles first: a run whose end passed while
nobody watched is recorded as completed at its end, never left running.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app

from .. import clock
from ..content.timers import TIMER_KINDS
from ..device import current_profile, ensure_profile, owned, owned_all
from ..episodes import open_episode
from ..extensions import db
from ..models import Profile, TimerRun
from ..rules import timer_bounds as bounds
from ..rules.timer_bounds import RUNNING, SKIN_KINDS, STOPPED
from . import alert_schedule


class TimerConflict(Exception):
    """A different heat, cold or contrast timer already runs; the message is for the person."""

    def __init__(self, message: str, running: TimerRun):
        super().__init__(message)
        self.running = running


class NotRunning(Exception):
    """Stop was asked for a timer that has already ended."""


def settle_expired() -> None:
    """Record every running run of this device whose end has passed as
    completed at its end. Called before anything reads or writes timers."""
    now = clock.now()
    changed = False
    for run in owned_all(owned(TimerRun).where(TimerRun.status == RUNNING)):
        result = bounds.settled(run.status, run.ends_at, now)
        if result:
            run.status, run.ended_at = result
            changed = True
    if changed:
        db.session.commit()


def running() -> list[TimerRun]:
    """This device's running timers (settled first): at most one skin timer
    and one movement reminder, skin first."""
    settle_expired()
    runs = owned_all(owned(TimerRun).where(TimerRun.status == RUNNING).order_by(TimerRun.id))
    return sorted(runs, key=lambda s: s.kind == bounds.MOVEMENT)


def _running_in_group(kind: str) -> list[TimerRun]:
    group = SKIN_KINDS if kind in SKIN_KINDS else (bounds.MOVEMENT,)
    return [s for s in running() if s.kind in group]


def running_like(kind: str) -> list[TimerRun]:
    """The running timers a start of `kind` would meet: the skin timer for
    heat, cold or contrast; the movement reminder for movement."""
    return _running_in_group(kind)


def default_minutes(profile: Profile | None) -> dict[str, int]:
    """Heat and cold lengths offered by default on this device, as
    spasm.rules.timer_bounds.default_minutes decides them."""
    return {
        kind: bounds.default_minutes(kind, getattr(profile, f"{kind}_minutes", None))
        for kind in (bounds.HEAT, bounds.COLD)
    }


def sound_on(profile: Profile | None) -> bool:
    return True if profile is None or profile.sound_on is None else bool(profile.sound_on)


def plan_for(kind: str, minutes: object) -> bounds.Plan:
    """The bounded plan for a start request; BoundsError if it must not start.

    An empty length means this device's default. TIMER_TEST_SECONDS shortens
    every timer for browser tests, and is ignored outside testing.
    """
    if kind in bounds.MAX_MINUTES and (minutes is None or str(minutes).strip() == ""):
        minutes = default_minutes(current_profile())[kind]
    plan = bounds.plan(kind, minutes)
    test_seconds = current_app.config.get("TIMER_TEST_SECONDS")
    if current_app.testing and test_seconds:
        plan = bounds.shortened(plan, int(test_seconds))
    return plan


def start(plan: bounds.Plan) -> TimerRun:
    """Start the timer of a plan from plan_for (which checked the bounds), or
    return the one of the same kind that already runs.

    A different heat, cold or contrast timer must be stopped by the person
    first: replacing it silently could end a cold run they are relying on.
    """
    kind = plan.kind
    existing = _running_in_group(kind)
    if existing:
        return _same_or_conflict(existing[0], kind)
    profile = ensure_profile()
    episode = open_episode()
    now = clock.now()
    run = TimerRun(
        profile_id=profile.id,
        episode_id=episode.id if episode else None,
        kind=plan.kind,
        planned_seconds=plan.planned_seconds,
        cold_phase_seconds=plan.cold_phase_seconds,
        heat_phase_seconds=plan.heat_phase_seconds,
        started_at=now,
        ends_at=bounds.ends_at(plan, now),
        status=RUNNING,
    )
    db.session.add(run)
    db.session.flush()
    alert_schedule.schedule(run)
    db.session.commit()
    # Two taps racing both got past the check above: the earliest one wins
    # and the later one removes itself, so a double tap never starts two.
    first = _running_in_group(kind)[0]
    if first.id != run.id:
        db.session.delete(run)
        db.session.commit()
        return _same_or_conflict(first, kind)
    return run


def _same_or_conflict(existing: TimerRun, kind: str) -> TimerRun:
    if existing.kind == kind:
        return existing
    raise TimerConflict(
        f"A {TIMER_KINDS[existing.kind].noun} timer is running. Stop it first to start {TIMER_KINDS[kind].noun}.",
        existing,
    )


def stop(run: TimerRun) -> TimerRun:
    """Stop a running timer early; NotRunning if it has already ended."""
    settle_expired()
    if run.status != RUNNING:
        raise NotRunning("This timer has already ended. Nothing was changed.")
    run.status = STOPPED
    # A tap time from the phone is never before the start it stops.
    run.ended_at = max(clock.now(), run.started_at)
    alert_schedule.cancel(run)
    db.session.commit()
    return run


def cold_rest_left(run: TimerRun | None = None):
    """How much longer the skin should rest from cold, as a timedelta or None.

    For a running cold or contrast run: measured at its start, against the
    cold run before it. Otherwise: measured now, against the last one.
    """
    query = owned(TimerRun).where(
        TimerRun.kind.in_((bounds.COLD, bounds.CONTRAST)),
        TimerRun.ended_at.is_not(None),
    )
    if run is not None:
        if run.kind not in (bounds.COLD, bounds.CONTRAST):
            return None
        query = query.where(TimerRun.id != run.id, TimerRun.started_at <= run.started_at)
        at = run.started_at
    else:
        at = clock.now()
    previous = owned_all(query.order_by(TimerRun.ended_at.desc()).limit(5))
    ended = [bounds.cold_ended_at(s.kind, s.started_at, s.ended_at, s.cold_phase_seconds) for s in previous]
    ends = [end for end in ended if end is not None and end <= at]
    return bounds.cold_rest_warning(max(ends) if ends else None, at)


def actual_seconds(run: TimerRun) -> int | None:
    """How long it really ran, once it has ended."""
    if run.ended_at is None:
        return None
    return max(0, round((run.ended_at - run.started_at).total_seconds()))


@dataclass(frozen=True)
class Phase:
    """What a contrast run is doing at one moment: cold, rest, heat or done,
    when that ends, when the cold comes off and when the heat may go on."""

    name: str
    ends_at: datetime
    cold_off_at: datetime
    heat_on_at: datetime


def contrast_phase(run: TimerRun, now: datetime) -> Phase:
    cold, heat = run.cold_phase_seconds or 0, run.heat_phase_seconds or 0
    rest = bounds.contrast_rest_seconds(run.planned_seconds, cold, heat)
    elapsed = (now - run.started_at).total_seconds()
    name, left = bounds.contrast_phase(elapsed, cold, rest, heat)
    cold_off_at = run.started_at + timedelta(seconds=cold)
    return Phase(name, now + timedelta(seconds=left), cold_off_at, cold_off_at + timedelta(seconds=rest))
