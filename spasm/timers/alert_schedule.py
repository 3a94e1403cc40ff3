"""The alerts a timer needs and when they fall due: stored as it starts, removed if it stops early."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete

from ..extensions import db
from ..models import Alert, TimerRun
from ..rules import timer_bounds as bounds

# SWITCH is the end of a contrast session's cold, HEAT_ON the start of its heat.
END, SWITCH, HEAT_ON, MOVE = "end", "switch", "heat-on", "move"


def schedule(run: TimerRun) -> None:
    """Add the alerts of a timer that has just started (flushed, not committed)."""
    for kind, due in first_alerts(run):
        db.session.add(Alert(profile_id=run.profile_id, timer_run_id=run.id, kind=kind, due_at=due, send_at=due))


def first_alerts(run: TimerRun) -> list[tuple[str, datetime]]:
    started = run.started_at
    if run.kind == bounds.MOVEMENT:
        return [(MOVE, started + timedelta(seconds=run.planned_seconds))]
    alerts = []
    if run.kind == bounds.CONTRAST and run.cold_phase_seconds:
        cold_off = started + timedelta(seconds=run.cold_phase_seconds)
        alerts.append((SWITCH, cold_off))
        rest = bounds.contrast_rest_seconds(run.planned_seconds, run.cold_phase_seconds, run.heat_phase_seconds or 0)
        if rest:
            alerts.append((HEAT_ON, cold_off + timedelta(seconds=rest)))
    if run.ends_at is not None:
        alerts.append((END, run.ends_at))
    return alerts


def cancel(run: TimerRun) -> None:
    """Remove a stopped timer's alerts (not committed): a stop sends nothing."""
    db.session.execute(delete(Alert).where(Alert.profile_id == run.profile_id, Alert.timer_run_id == run.id))
