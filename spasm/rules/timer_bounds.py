"""Safety bounds for heat and cold, enforced on every start by the server.

Cold: at most 20 minutes a session, with time between sessions for the skin
to warm up (S0, S3). Heat: at most 30 minutes (low or medium setting; never
fall asleep on a heating pad). Contrast alternates cold and heat phases, each
within its own bound. The movement reminder repeats every 30 minutes (S0).
"""

from __future__ import annotations

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
CONTRAST_HEAT_MINUTES = 10
CONTRAST_ROUNDS = 1
MOVEMENT_INTERVAL_MINUTES = 30
COLD_REST = timedelta(minutes=20)


class BoundsError(ValueError):
    """A timer that must not start; the message is for the person."""


@dataclass(frozen=True)
class Plan:
    kind: str
    planned_seconds: int
    cold_phase_seconds: int | None = None
    heat_phase_seconds: int | None = None


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
        raise BoundsError(f"{kind.capitalize()} is limited to {MAX_MINUTES[kind]} minutes at a time, to protect your skin.")
    return value


def plan(kind: str, minutes: object = None) -> Plan:
    """What to start for a request of `kind` (and a length for heat or cold)."""
    if kind not in KINDS:
        raise BoundsError("That kind of timer does not exist.")
    if kind == MOVEMENT:
        return Plan(kind, MOVEMENT_INTERVAL_MINUTES * 60)
    if kind == CONTRAST:
        cold, heat = CONTRAST_COLD_MINUTES * 60, CONTRAST_HEAT_MINUTES * 60
        return Plan(kind, (cold + heat) * CONTRAST_ROUNDS, cold, heat)
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
