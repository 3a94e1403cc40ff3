"""The recovery log: episodes, their pain over time, a summary for a
clinician, and the export of everything this device has stored."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, Response, current_app, redirect, url_for
from sqlalchemy.orm import selectinload

from .. import clock, episodes
from ..content import timers as timer_kinds
from ..content.check_screens import ONLY_TICKED
from ..content.red_flags import ANSWERS, CHECK_BY_KEY, URGENCY_BY_KEY
from ..device import get_owned_or_404, owned, owned_all
from ..episodes import advice, red_flag_urgency
from ..extensions import db
from ..idempotency import write_view
from ..models import Episode
from ..rules import onset as onset_rules
from ..rules.red_flags import counts_as_yes, flagged
from ..timers import service as timer_service
from ..web.rendering import personal, render, wants_fragment
from . import chart, export, notes

bp = Blueprint("history", __name__)

ONSET_LABELS = {
    "just_now": "just now",
    "earlier_today": "earlier today",
    "yesterday": "yesterday",
    "days_ago": "2 to 6 days before",
    "about_week": "about a week before",
    "two_weeks": "two weeks or more before",
    "month": "a month or more before",
    onset_rules.PICK_TIME: "at a time you chose",
    "time": "at a time you chose",
}
TIMER_KINDS = {kind: names.log_name for kind, names in timer_kinds.TIMER_KINDS.items()}
TIMER_STATUSES = {"completed": "ran to the end", "stopped": "stopped early", "running": "still running"}


# --- How times and facts read on the page ------------------------------------


@dataclass(frozen=True)
class RedFlagRow:
    question: str
    answer: str  # yes, unsure or no
    label: str  # Yes, Not sure or No
    urgency_title: str | None

    @property
    def flagged(self) -> bool:
        return counts_as_yes(self.answer)


ANSWER_LABELS = dict(ANSWERS)


def red_flag_rows(episode: Episode) -> list[RedFlagRow]:
    """The signs the person ticked, yes or not sure, most urgent first, and
    nothing else.

    The check stores only what was ticked. A stored "no" comes from the
    older check, which chose "no" for every question before the person
    answered: it cannot be told from an answer, so it is not shown as one.
    """
    answers = episodes.answers(episode)
    rows = []
    for key in flagged(answers):
        question = CHECK_BY_KEY[key]
        label = ANSWER_LABELS[answers[key]]
        rows.append(RedFlagRow(question.label, answers[key], label, URGENCY_BY_KEY[question.urgency].title))
    return rows


@dataclass(frozen=True)
class Trend:
    first: int
    latest: int
    lowest: int
    highest: int
    count: int

    @property
    def direction(self) -> str:
        if self.count < 2 or self.latest == self.first:
            return "same"
        return "better" if self.latest < self.first else "worse"


def trend(episode: Episode) -> Trend | None:
    pains = [c.pain for c in episode.check_ins]
    if not pains:
        return None
    return Trend(pains[0], pains[-1], min(pains), max(pains), len(pains))


def pain_chart(episode: Episode) -> chart.Chart:
    scores = [(c.recorded_at, c.pain) for c in episode.check_ins]
    return chart.layout(scores, start=episodes.onset_of(episode))


def episode_context(episode: Episode, note_form: notes.NoteForm | None = None, note_saved: bool = False) -> dict:
    return {
        "episode": episode,
        "day": episodes.day_number(episode),
        "onset_label": ONSET_LABELS.get(episode.onset_choice or ""),
        "advice": advice(episode) if episode.is_open else [],
        "urgency": red_flag_urgency(episode),
        "chart": pain_chart(episode),
        "trend": trend(episode),
        "red_flags": red_flag_rows(episode),
        "red_flags_note": ONLY_TICKED,
        "medicines": [n for n in episode.notes if n.kind == "medicine"],
        "note_form": note_form or notes.NoteForm(formdata=None),
        "note_saved": note_saved,
        "next_url": url_for("history.episode", episode_id=episode.id),
        "timer_kinds": TIMER_KINDS,
        "timer_statuses": TIMER_STATUSES,
        "note_kinds": notes.KINDS,
    }


# --- Pages -------------------------------------------------------------------


@bp.before_request
def settle_timers():
    # A timer that ran out while nobody watched must read as completed here.
    timer_service.settle_expired()


@bp.get("/history")
def index():
    """This device's episodes, newest first."""
    rows = owned_all(
        owned(Episode).options(selectinload(Episode.check_ins)).order_by(Episode.started_at.desc(), Episode.id.desc())
    )
    return personal(render("history/page.html", "history/_list.html", episodes=rows, day_of=episodes.day_number))


@bp.get("/history/<id:episode_id>")
def episode(episode_id: int):
    """One episode: how it is going, what was done, and what to do next."""
    found = get_owned_or_404(Episode, episode_id)
    return personal(render("history/episode.html", "history/_episode.html", **episode_context(found)))


@bp.post("/history/<id:episode_id>/end")
def end(episode_id: int):
    """ "I'm better": close the episode. Tapping it twice changes nothing."""
    found = get_owned_or_404(Episode, episode_id)
    if found.is_open:
        found.ended_at = max(clock.now(), found.started_at)
        db.session.commit()
    if wants_fragment():
        return personal(render("history/episode.html", "history/_episode.html", **episode_context(found)))
    return redirect(url_for("history.episode", episode_id=found.id), code=303)


@bp.post("/history/<id:episode_id>/notes")
@write_view
def add_note(episode_id: int):
    """Save a note or a medicine on an episode, as plain text."""
    found = get_owned_or_404(Episode, episode_id)
    form = notes.NoteForm()
    if not form.validate():
        context = episode_context(found, note_form=form)
        return personal(render("history/episode.html", "history/_notes.html", status=422, **context))
    notes.add(found, form.kind.data or "note", form.body.data or "")
    if wants_fragment():
        return personal(
            render("history/episode.html", "history/_notes.html", **episode_context(found, note_saved=True))
        )
    return redirect(url_for("history.episode", episode_id=found.id, _anchor=f"notes-{found.id}"), code=303)


@bp.get("/history/<id:episode_id>/summary")
def summary(episode_id: int):
    """One printable page for a doctor, nurse or pharmacist."""
    found = get_owned_or_404(Episode, episode_id)
    context = episode_context(found)
    context["generated_at"] = clock.now()
    return personal(render("history/summary.html", "history/_summary.html", **context))


# --- Export ------------------------------------------------------------------


def download(body: str, mimetype: str, extension: str) -> Response:
    stamp = clock.now().strftime("%Y-%m-%d")
    response = current_app.response_class(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="spasm-export-{stamp}.{extension}"'
    return personal(response)


@bp.get("/history/export.json")
def export_json():
    """Everything this device has stored, as JSON."""
    return download(export.to_json(export.collect(clock.now())), "application/json", "json")


@bp.get("/history/export.csv")
def export_csv():
    """Everything this device has stored, as one CSV table."""
    return download(export.to_csv(export.collect(clock.now())), "text/csv", "csv")
