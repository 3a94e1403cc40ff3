"""Safety bounds for heat and cold, enforced on every start by the server.

Cold: at most 20 minutes a session, and 2 hours between the end of
one cold session and the start of the next, so the skin warms up again (NHS:
cold for up to 20 minutes every 2 to 3 hours). Starting cold sooner is warned
about, never refused. Heat: at most 30 minutes (warm, not hot; never fall
asleep with heat on).

Contrast is cold, then a rest with nothing on the skin, then heat, each phase
within its own bound. The rest lets numb skin warm up and feel again before
heat goes on: heat on skin that cold has just numbed could burn unnoticed. A
contrast session stores its cold and heat phases; the rest is what is left of
its planned length (so a session stored before the rest existed has none).

The movement reminder repeats every 30 minutes: a practical rhythm for
"change position often", not a number a guideline gives.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

HEAT, COLD, CONTRAST, MOVEMENT = "heat", "cold", "contrast", "movement"
KINDS = (HEAT, COLD, CONTRAST, MOVEMENT)
# Kinds that touch the skin: only one of these may run at a time.
SKIN_KINDS = (HEAT, COLD, CONTRAST)

MAX_MINUTES = {HEAT: 30, COLD: 20}
DEFAULT_MINUTES = {HEAT: 20, COLD: 15}
MIN_MINUTES = 1
CONTRAST_COLD_MINUTES = 15
CONTRAST_REST_MINUTES = 10
CONTRAST_HEAT_MINUTES = 10
MOVEMENT_INTERVAL_MINUTES = 30
COLD_REST = timedelta(hours=2)
# The phases of a contrast session, in order.
REST, DONE = "rest", "done"


class BoundsError(ValueError):
    """A timer that must not start; the message is for the person."""


@dataclass(frozen=True)
class Plan:
    kind: str
    # For contrast: cold, rest and heat together (the rest is not stored).
    planned_seconds: int
    cold_phase_seconds: int | None = None
    heat_phase_seconds: int | None = None


def contrast_rest_seconds(planned_seconds: int, cold_seconds: int, heat_seconds: int) -> int:
    """The rest of a contrast session: its length less its cold and heat.
    Not stored, so sessions stored before the rest existed still read (as 0)."""
    return max(0, planned_seconds - cold_seconds - heat_seconds)


NO_SUCH_KIND = "That kind of timer does not exist."


def check_minutes(kind: str, minutes: object) -> int:
    """Whole minutes within the bound for `kind`, or BoundsError."""
    if kind not in MAX_MINUTES:
        raise BoundsError("Choose heat or cold.")
    try:
        value = int(str(minutes).strip())
    except (TypeError, ValueError):
        raise BoundsError("Enter the length as a whole number of minutes.") from None
    if value < MIN_MINUTES:
        raise BoundsError("The length must be at least 1 minute.")
    if value > MAX_MINUTES[kind]:
        raise BoundsError(
            f"{kind.capitalize()} is limited to {MAX_MINUTES[kind]} minutes at a time, to protect your skin."
        )
    return value


def plan(kind: str, minutes: object = None) -> Plan:
    """What to start for a request of `kind` (and a length for heat or cold)."""
    if kind not in KINDS:
        raise BoundsError(NO_SUCH_KIND)
    if kind == MOVEMENT:
        return Plan(kind, MOVEMENT_INTERVAL_MINUTES * 60)
    if kind == CONTRAST:
        cold, rest, heat = CONTRAST_COLD_MINUTES * 60, CONTRAST_REST_MINUTES * 60, CONTRAST_HEAT_MINUTES * 60
        return Plan(kind, cold + rest + heat, cold, heat)
    if minutes is None or minutes == "":
        minutes = DEFAULT_MINUTES[kind]
    return Plan(kind, check_minutes(kind, minutes) * 60)


def cold_rest_warning(last_cold_ended_at: datetime | None, now: datetime) -> timedelta | None:
    """How much longer the skin should rest before more cold, or None.

    A warning, not a block: the person decides.
    """
    if last_cold_ended_at is None:
        return None
    rested = now - last_cold_ended_at
    return COLD_REST - rested if rested < COLD_REST else None


def span_words(span: timedelta) -> str:
    """A wait in words, rounded up to the minute: "2 hours", "1 hour 5 minutes"."""
    minutes = max(0, math.ceil(span.total_seconds() / 60))
    hours, minutes = divmod(minutes, 60)
    parts = [f"{n} {unit}{'' if n == 1 else 's'}" for n, unit in ((hours, "hour"), (minutes, "minute")) if n]
    return " ".join(parts) or "0 minutes"


# Session states, as stored on TimerRun.status.
RUNNING, COMPLETED, STOPPED = "running", "completed", "stopped"


def default_minutes(kind: str, preferred: object = None) -> int:
    """The length a heat or cold timer starts with when none is typed: the
    person's chosen length when it is within the bounds, else the deployment
    default (also with no choice at all). The one place this is decided: a
    stale setting never overrides safety."""
    if isinstance(preferred, int) and not isinstance(preferred, bool) and MIN_MINUTES <= preferred <= MAX_MINUTES[kind]:
        return preferred
    return DEFAULT_MINUTES[kind]


def shortened(plan_: Plan, seconds: int) -> Plan:
    """The same plan with `seconds` in place of its length (tests only):
    each contrast phase (cold, rest and heat), the movement interval, or the
    whole heat or cold."""
    if plan_.kind == CONTRAST:
        return Plan(CONTRAST, seconds * 3, seconds, seconds)
    return Plan(plan_.kind, seconds)


def ends_at(plan_: Plan, started_at: datetime) -> datetime | None:
    """The absolute end of a plan; the movement reminder has none."""
    if plan_.kind == MOVEMENT:
        return None
    return started_at + timedelta(seconds=plan_.planned_seconds)


def settled(status: str, end: datetime | None, now: datetime) -> tuple[str, datetime] | None:
    """(completed, its end) for a running session whose end has passed while
    nobody watched; None when nothing needs to change."""
    if status == RUNNING and end is not None and end <= now:
        return COMPLETED, end
    return None


def contrast_phase(
    elapsed_seconds: float, cold_seconds: int, rest_seconds: int, heat_seconds: int
) -> tuple[str, float]:
    """Which contrast phase runs (cold, then rest, then heat; "done" after)
    and the seconds left in it. With no rest, heat follows cold at once."""
    elapsed = max(0.0, elapsed_seconds)
    heat_from = cold_seconds + max(0, rest_seconds)
    if elapsed < cold_seconds:
        return COLD, cold_seconds - elapsed
    if elapsed < heat_from:
        return REST, heat_from - elapsed
    if elapsed < heat_from + heat_seconds:
        return HEAT, heat_from + heat_seconds - elapsed
    return DONE, 0.0


def next_movement_in(elapsed_seconds: float, interval_seconds: int) -> float:
    """Seconds until the next "time to move" reminder; it repeats forever."""
    return interval_seconds - (max(0.0, elapsed_seconds) % interval_seconds)


def cold_ended_at(
    kind: str,
    started_at: datetime,
    ended_at: datetime | None,
    cold_phase_seconds: int | None,
) -> datetime | None:
    """When the skin last came off cold in a session: the end of a cold one,
    or the end of a contrast session's cold phase (or its stop, if sooner)."""
    if kind == COLD:
        return ended_at
    if kind == CONTRAST and ended_at is not None and cold_phase_seconds:
        return min(ended_at, started_at + timedelta(seconds=cold_phase_seconds))
    return None
