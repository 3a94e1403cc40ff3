"""Notes and medicines a person writes on an episode: stored as plain text."""

from __future__ import annotations

from wtforms import StringField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, Length

from .. import clock
from ..extensions import db
from ..models import Episode, Note
from ..web.forms import Form

BODY_MAX = 2000
KINDS = {"note": "A note", "medicine": "A medicine I took"}


class NoteForm(Form):
    # The template draws the two choices.
    kind = StringField("What is it?", default="note", validators=[AnyOf(list(KINDS), "Choose a note or a medicine.")])
    body = TextAreaField(
        "Write it here",
        validators=[
            # Spaces alone are nothing written, too.
            DataRequired("Write something first."),
            Length(max=BODY_MAX, message=f"Keep it under {BODY_MAX} characters."),
        ],
    )


def add(episode: Episode, kind: str, body: str) -> Note:
    note = Note(
        profile_id=episode.profile_id,
        episode_id=episode.id,
        kind=kind,
        body=body.strip(),
        created_at=clock.now(),
    )
    db.session.add(note)
    db.session.commit()
    return note
