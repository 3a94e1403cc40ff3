"""Pain check-ins: a score from 0 to 10 (and a short note) on an open episode.

Used by the relief flow's last step, by home and by the history pages, all
through the one form partial templates/checkins/_form.html.
"""

from flask import Blueprint, redirect, url_for
from wtforms import IntegerField, StringField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from . import clock, episodes
from .device import get_owned_or_404, owned
from .extensions import db
from .idempotency import write_view
from .models import CheckIn, Episode
from .rules.onset import pain_change
from .web.forms import Form
from .web.rendering import is_htmx, personal, render, trigger_client_event
from .web.urls import next_or

bp = Blueprint("checkins", __name__)

NOTE_MAX = 280


class CheckInForm(Form):
    pain = IntegerField(
        "Pain now, from 0 (none) to 10 (worst)",
        validators=[
            InputRequired("Choose a number from 0 to 10."),
            NumberRange(0, 10, "Pain is a number from 0 to 10."),
        ],
        # Added in WTForms 3.2; the published type stubs do not know it yet.
        invalid_value_message="Pain is a number from 0 to 10.",  # type: ignore[call-arg]
    )
    note = StringField(
        "Note (optional)",
        validators=[Optional(), Length(max=NOTE_MAX, message=f"Keep the note under {NOTE_MAX} characters.")],
    )


def record(episode: Episode, pain: int, note: str | None) -> CheckIn:
    check_in = CheckIn(
        profile_id=episode.profile_id,
        episode_id=episode.id,
        pain=pain,
        note=(note or "").strip() or None,
        recorded_at=clock.now(),
    )
    db.session.add(check_in)
    db.session.commit()
    return check_in


def latest_pains(episode: Episode, count: int) -> list[int]:
    """The last `count` scores, oldest first, without loading the rest."""
    newest = db.session.scalars(
        owned(CheckIn)
        .where(CheckIn.episode_id == episode.id)
        .order_by(CheckIn.recorded_at.desc(), CheckIn.id.desc())
        .limit(count)
    ).all()
    return [check_in.pain for check_in in reversed(newest)]


@bp.post("/episodes/<id:episode_id>/check-ins")
@write_view
def create(episode_id: int):
    """Save a pain score on one of this device's open episodes."""
    episode = get_owned_or_404(Episode, episode_id)
    form = CheckInForm()
    if not episode.is_open:
        form.form_errors.append("This episode has ended. Start a new one from the home screen.")
    if form.form_errors or not form.validate():
        return personal(render("checkins/page.html", "checkins/_form.html", status=422, form=form, episode=episode))
    return saved(episode, form)


@bp.post("/check-ins")
@write_view
def create_for_device():
    """Save a pain score on this device's open episode, starting one if there
    is none: the check-in step's public form, which works with no signal and
    which the phone may send later."""
    form = CheckInForm()
    if not form.validate():
        return personal(render("checkins/page.html", "checkins/_form.html", status=422, form=form, episode=None))
    return saved(episodes.start_or_resume(), form)


def saved(episode: Episode, form: CheckInForm):
    """Record a valid score and answer with what it changed."""
    after = next_or(url_for("history.episode", episode_id=episode.id))
    record(episode, int(form.pain.data or 0), form.note.data)
    pains = latest_pains(episode, 2)
    if is_htmx():
        response = personal(
            render(
                "checkins/page.html",
                "checkins/_saved.html",
                episode=episode,
                pain=pains[-1],
                change=pain_change(pains),
            )
        )
        # Lets a page that shows the episode's chart refresh it.
        return trigger_client_event(response, "checkin-saved")
    return redirect(after, code=303)
