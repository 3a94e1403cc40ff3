"""Timer alerts that reach a locked phone: Web Push sent by the server.

Starting a timer stores the alerts it will need (its end; for contrast also
the end of the cold and the start of the heat, after the skin's rest; for the
movement reminder the next reminder), and stopping it early removes them
(both in ``alert_schedule``). The alert worker here, `flask --app app
alerts`, is a separate process: it claims the alerts that are due, sends
each to the device's push subscriptions, and removes it. Several workers on
several servers may run at once: a claim is taken with SELECT ... FOR UPDATE
SKIP LOCKED on PostgreSQL, inside BEGIN IMMEDIATE on SQLite, and held for
LEASE, so each alert is sent once. An alert more than TTL past its moment is
dropped: "take it off now" is no use an hour later.
"""

from __future__ import annotations

import json
import signal
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from sqlalchemy import delete, func, or_, select, text

from .. import clock
from ..extensions import db
from ..models import Alert, PushSubscription, TimerRun
from ..rules import timer_bounds as bounds
from .alert_schedule import END, HEAT_ON, MOVE, SWITCH
from .push import GONE, RETRY, SENT, PushNotConfigured, Sender

TTL = timedelta(minutes=15)
# Longer than a round of sends can take when push services hang (each push
# gives up after 8 s), short enough that a dead worker's alerts still go out.
LEASE = timedelta(minutes=3)
BATCH = 200
# The longest the worker sleeps before looking again for new alerts.
POLL_SECONDS = 1.0
MAX_BACKOFF_SECONDS = 60

TIMER_PAGE = "/timer"

# What each alert says: a title, then what to do now, in plain words.
MESSAGES = {
    (bounds.COLD, END): ("Cold timer has ended", "Take the cold pack off now. Rest before another session."),
    (bounds.HEAT, END): ("Heat timer has ended", "Take the heat pack off now. Rest before another session."),
    (bounds.CONTRAST, SWITCH): (
        "Take the cold off",
        "Take the cold pack off now. Wait for your skin to warm up before the heat goes on.",
    ),
    (bounds.CONTRAST, HEAT_ON): ("Time for heat", "Put the heat on now, wrapped in a towel."),
    (bounds.CONTRAST, END): ("Cold, then heat has ended", "Take the heat pack off now. Rest before another session."),
    (bounds.MOVEMENT, MOVE): ("Time to move", "Change position or take a short walk."),
}


def message(timer_kind: str, alert_kind: str) -> tuple[str, str]:
    return MESSAGES[(timer_kind, alert_kind)]


def payload(title: str, body: str, origin: str) -> bytes:
    """The push message: a Declarative Web Push message, which Safari shows by
    itself, and which the service worker reads to show the same notification."""
    message_ = {
        "web_push": 8030,
        "notification": {
            "title": title,
            "body": body,
            "navigate": origin + TIMER_PAGE,
            "lang": "en",
            "dir": "ltr",
            "tag": "spasm-timer",
        },
    }
    return json.dumps(message_, separators=(",", ":")).encode()


# ---- The worker ----


@dataclass
class Job:
    """One claimed alert and where it goes."""

    alert_id: int
    timer_run_id: int
    alert_kind: str
    due_at: datetime
    attempts: int
    timer_kind: str
    subscriptions: list[PushSubscription]
    # Seconds the push service should keep trying to deliver it.
    ttl: int = 0


@dataclass
class Result:
    job: Job
    subscription: PushSubscription
    outcome: str
    retry_after: float | None


class Worker:
    """Claims due alerts and sends them. Runs inside an app context."""

    def __init__(self, app: Flask, threads: int = 16, batch: int = BATCH):
        self.app = app
        self.batch = batch
        self.sender = Sender(app, pool_size=threads)
        self.pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="push")

    def close(self) -> None:
        self.pool.shutdown()
        self.sender.close()

    def run_once(self) -> int:
        """Claim what is due now, send it, record what happened. The number of alerts claimed."""
        jobs = self.claim(clock.now())
        if jobs:
            self.finish(
                list(self.pool.map(self._send, [(job, sub) for job in jobs for sub in job.subscriptions])), jobs
            )
        return len(jobs)

    def run(self, stop: threading.Event) -> None:
        """Until `stop` is set: send what is due, then sleep until the next alert."""
        while not stop.is_set():
            try:
                claimed = self.run_once()
            except Exception:  # the database may be away for a moment
                current_app.logger.exception("alert worker: a round failed; trying again")
                db.session.rollback()
                stop.wait(POLL_SECONDS)
                continue
            if claimed >= self.batch:
                continue
            stop.wait(self.seconds_to_next())

    def seconds_to_next(self) -> float:
        now = clock.now()
        due = db.session.scalar(
            select(func.min(Alert.send_at)).where(or_(Alert.claimed_until.is_(None), Alert.claimed_until < now))
        )
        db.session.commit()
        if due is None:
            return POLL_SECONDS
        return min(POLL_SECONDS, max(0.0, (due - now).total_seconds()))

    # -- claiming --

    def claim(self, now: datetime) -> list[Job]:
        """Take the due alerts no other worker holds, in one short transaction."""
        sqlite = db.engine.dialect.name == "sqlite"
        if sqlite:
            # Take the write lock first, so two workers never read the same rows as free.
            db.session.execute(text("BEGIN IMMEDIATE"))
        query = (
            select(Alert, TimerRun)
            .join(TimerRun, TimerRun.id == Alert.timer_run_id)
            .where(Alert.send_at <= now, or_(Alert.claimed_until.is_(None), Alert.claimed_until < now))
            .order_by(Alert.send_at)
            .limit(self.batch)
        )
        if not sqlite:
            query = query.with_for_update(skip_locked=True, of=Alert)
        rows = db.session.execute(query).all()
        jobs: list[Job] = []
        keep: list[Alert] = []
        for alert, run in rows:
            first_claim = alert.claimed_until is None
            if alert.kind == MOVE and alert.subscription_id is None and first_claim and run.status == bounds.RUNNING:
                self._schedule_next_reminder(alert, run, now)
            if run.status == bounds.STOPPED or now - alert.due_at > TTL:
                db.session.delete(alert)
                continue
            alert.claimed_until = now + LEASE
            keep.append(alert)
        subscriptions = self._subscriptions(keep, now)
        for alert in keep:
            run = next(s for a, s in rows if a is alert)
            targets = [
                sub
                for sub in subscriptions.get(alert.profile_id, [])
                if alert.subscription_id is None or sub.id == alert.subscription_id
            ]
            ttl = int((alert.due_at + TTL - now).total_seconds())
            jobs.append(Job(alert.id, run.id, alert.kind, alert.due_at, alert.attempts, run.kind, targets, ttl))
        db.session.commit()
        return jobs

    def _subscriptions(self, alerts: list[Alert], now: datetime) -> dict[int, list[PushSubscription]]:
        profiles = {alert.profile_id for alert in alerts}
        if not profiles:
            return {}
        found: dict[int, list[PushSubscription]] = {}
        rows = db.session.scalars(select(PushSubscription).where(PushSubscription.profile_id.in_(profiles)))
        for sub in rows:
            if sub.expires_at is None or sub.expires_at > now:
                found.setdefault(sub.profile_id, []).append(sub)
        return found

    def _schedule_next_reminder(self, alert: Alert, run: TimerRun, now: datetime) -> None:
        """The movement reminder repeats until stopped: each one claimed (or
        dropped) adds the next. After a long stop of every worker, the next
        one is the first still within the TTL, not a burst of old ones."""
        interval = timedelta(seconds=run.planned_seconds)
        due = alert.due_at + interval
        while now - due > TTL:
            due += interval
        db.session.add(Alert(profile_id=alert.profile_id, timer_run_id=run.id, kind=MOVE, due_at=due, send_at=due))

    # -- sending --

    def _send(self, work: tuple[Job, PushSubscription]) -> Result:
        job, sub = work
        title, body = message(job.timer_kind, job.alert_kind)
        outcome = self.sender.send(sub, payload(title, body, sub.origin), job.ttl)
        return Result(job, sub, outcome.result, outcome.retry_after)

    def finish(self, results: list[Result], jobs: list[Job]) -> None:
        """Remove the sent alerts; forget dead subscriptions; retry, later, only
        the subscriptions whose push service was busy or away."""
        now = clock.now()
        gone = {r.subscription.id for r in results if r.outcome == GONE}
        for result in results:
            if result.outcome != RETRY or result.subscription.id in gone:
                continue
            job = result.job
            wait = max(min(2 ** (job.attempts + 1), MAX_BACKOFF_SECONDS), result.retry_after or 0)
            send_at = now + timedelta(seconds=wait)
            if send_at - job.due_at >= TTL:
                continue  # too late to be of use
            db.session.add(
                Alert(
                    profile_id=result.subscription.profile_id,
                    timer_run_id=job.timer_run_id,
                    kind=job.alert_kind,
                    due_at=job.due_at,
                    send_at=send_at,
                    attempts=job.attempts + 1,
                    subscription_id=result.subscription.id,
                )
            )
        db.session.execute(delete(Alert).where(Alert.id.in_([job.alert_id for job in jobs])))
        if gone:
            db.session.execute(delete(PushSubscription).where(PushSubscription.id.in_(gone)))
        db.session.commit()
        sent = sum(1 for r in results if r.outcome == SENT)
        if results:
            current_app.logger.info("alert worker: %d alerts, %d pushes sent", len(jobs), sent)


@click.command("alerts")
@click.option("--once", is_flag=True, help="Send what is due now, then exit.")
@click.option("--threads", default=16, show_default=True, help="Pushes sent at the same time.")
@with_appcontext
def alerts_command(once: bool, threads: int) -> None:
    """Send timer alerts by Web Push as they fall due (runs until stopped)."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    try:
        worker = Worker(app, threads=threads)
    except PushNotConfigured as error:
        raise click.ClickException(str(error)) from None
    try:
        if once:
            click.echo(f"{worker.run_once()} alerts handled")
            return
        stop = threading.Event()
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: stop.set())
        click.echo("Alert worker started: sending timer alerts as they fall due.", err=True)
        worker.run(stop)
    finally:
        worker.close()


def init_app(app: Flask) -> None:
    app.cli.add_command(alerts_command)
