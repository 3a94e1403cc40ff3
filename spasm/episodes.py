"""Episodes: starting or resuming one, and what follows from its data."""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError

from . import clock
from .content.advice import ADVICE_BY_KEY, filled
from .content.red_flags import URGENCY_BY_KEY
from .device import ensure_profile, owned, owned_first
from .extensions import db
from .models import Episode, RedFlagAnswer
from .rules import onset as onset_rules
from .rules.red_flags import urgency_for


def open_episode() -> Episode | None:
    """This device's episode that has not been ended, if any."""
    return owned_first(owned(Episode).where(Episode.ended_at.is_(None)).order_by(Episode.started_at.desc()))


def start_or_resume() -> Episode:
    """The open episode, or a new one. A second tap resumes, never duplicates."""
    existing = open_episode()
    if existing is not None:
        return existing
    profile = ensure_profile()
    episode = Episode(profile_id=profile.id, started_at=clock.now())
    db.session.add(episode)
    try:
        db.session.commit()
    except IntegrityError:
        # Another request opened one a moment ago: use that one.
        db.session.rollback()
        other = open_episode()
        if other is None:
            raise
        return other
    return episode


def pains(episode: Episode) -> list[int]:
    return [check_in.pain for check_in in episode.check_ins]


def onset_of(episode: Episode):
    """When the pain began, or failing that when the app was opened for it."""
    return episode.onset_at or episode.started_at


def advice(episode: Episode):
    """The content.advice messages for this episode now, most urgent first."""
    now, scores = clock.now(), pains(episode)
    keys = onset_rules.advice_keys(onset_of(episode), now, scores)
    values = onset_rules.advice_values(onset_of(episode), now, scores)
    return [filled(ADVICE_BY_KEY[key], **values) for key in keys]


def day_number(episode: Episode) -> int:
    """The day number now, or on the day it ended."""
    return onset_rules.day_number(onset_of(episode), episode.ended_at or clock.now())


def red_flag_urgency(episode: Episode):
    """The content.red_flags Urgency its red-flag answers call for, or None."""
    level = urgency_for(answers(episode))
    return URGENCY_BY_KEY[level] if level else None


def answers(episode: Episode) -> dict[str, str]:
    """Its red-flag answers, question key to yes or unsure: only the signs
    ticked are stored. (A "no" is only ever one the older check chose for
    the person; routing and the summary leave it out.)"""
    return {answer.question: answer.answer for answer in episode.red_flag_answers}


def store_answers(episode: Episode, answers: dict[str, str]) -> None:
    """One row per question on the episode: a second check updates the first."""
    for attempt in range(2):
        existing = {
            row.question: row
            for row in db.session.scalars(owned(RedFlagAnswer).where(RedFlagAnswer.episode_id == episode.id))
        }
        now = clock.now()
        for question, answer in answers.items():
            row = existing.get(question)
            if row is None:
                db.session.add(
                    RedFlagAnswer(
                        profile_id=episode.profile_id,
                        episode_id=episode.id,
                        question=question,
                        answer=answer,
                        answered_at=now,
                    )
                )
            else:
                row.answer, row.answered_at = answer, now
        try:
            db.session.commit()
            return
        except IntegrityError:
            # A second tap stored the same questions a moment ago: update those.
            db.session.rollback()
            if attempt:
                raise
