"""The database tables. Every row that belongs to a person carries profile_id,
so one scoping rule (spasm.device.owned) covers every query."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, Relationship, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

from .extensions import Model


class UTCDateTime(TypeDecorator):
    """Stores UTC without a zone (SQLite has none) and hands back aware datetimes."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: pass an aware UTC datetime")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value, dialect):
        return None if value is None else value.replace(tzinfo=UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)


class Profile(Model):
    """An anonymous device. Only the hash of its cookie token is kept."""

    __tablename__ = "profiles"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    # Settings. None means "use the deployment's default".
    region: Mapped[str | None] = mapped_column(String(16))
    emergency_number: Mapped[str | None] = mapped_column(String(16))
    heat_minutes: Mapped[int | None] = mapped_column(Integer)
    cold_minutes: Mapped[int | None] = mapped_column(Integer)
    sound_on: Mapped[bool] = mapped_column(Boolean, default=True)
    text_size: Mapped[str] = mapped_column(String(8), default="normal")
    theme: Mapped[str] = mapped_column(String(8), default="auto")
    # Someone to text for help when the person cannot get up; both or neither.
    help_contact_name: Mapped[str | None] = mapped_column(String(40))
    help_contact_phone: Mapped[str | None] = mapped_column(String(16))

    episodes: Mapped[list[Episode]] = relationship(
        back_populates="profile", cascade="all, delete-orphan", passive_deletes=True
    )


class Owned:
    """Mixin for rows that belong to one profile."""

    profile_id: Mapped[int] = mapped_column(ForeignKey("profiles.id", ondelete="CASCADE"), index=True)


def part_of_episode(order_by: str) -> Relationship[Any]:
    """An episode's own rows, in this order: deleted with it."""
    return relationship(back_populates="episode", cascade="all, delete-orphan", passive_deletes=True, order_by=order_by)


class Episode(Owned, Model):
    """One spasm, from the tap on "I'm having a spasm" until the person is better."""

    __tablename__ = "episodes"
    # At most one open episode per device, even when two taps race.
    __table_args__ = (
        Index(
            "uq_episodes_one_open",
            "profile_id",
            unique=True,
            sqlite_where=text("ended_at IS NULL"),
            postgresql_where=text("ended_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # When the pain began, as the person told us; None until they answer.
    onset_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Which quick answer they chose: just_now, earlier_today, yesterday,
    # days_ago or time (a clock time they picked).
    onset_choice: Mapped[str | None] = mapped_column(String(16))
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    profile: Mapped[Profile] = relationship(back_populates="episodes")
    check_ins: Mapped[list[CheckIn]] = part_of_episode("CheckIn.recorded_at")
    # A timer outlives its episode (its row keeps a null episode_id).
    timer_runs: Mapped[list[TimerRun]] = relationship(
        back_populates="episode", passive_deletes=True, order_by="TimerRun.started_at"
    )
    red_flag_answers: Mapped[list[RedFlagAnswer]] = part_of_episode("RedFlagAnswer.question")
    notes: Mapped[list[Note]] = part_of_episode("Note.created_at")

    @property
    def is_open(self) -> bool:
        return self.ended_at is None


class CheckIn(Owned, Model):
    """A pain score (0-10) at one moment of an episode."""

    __tablename__ = "check_ins"
    __table_args__ = (
        CheckConstraint("pain >= 0 AND pain <= 10", name="pain_range"),
        # An episode's scores in time order (the chart, the latest two after a
        # save) come straight from this index, however many there are.
        Index("ix_check_ins_episode_recorded", "episode_id", "recorded_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    episode_id: Mapped[int] = mapped_column(ForeignKey("episodes.id", ondelete="CASCADE"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    pain: Mapped[int] = mapped_column(Integer)
    note: Mapped[str | None] = mapped_column(String(280))

    episode: Mapped[Episode] = relationship(back_populates="check_ins")


class TimerRun(Owned, Model):
    """A heat, cold, contrast or movement timer. The truth is ends_at, an
    absolute time, so a reload or a restart never resets the countdown."""

    __tablename__ = "timer_runs"
    __table_args__ = (
        CheckConstraint("planned_seconds > 0", name="planned_positive"),
        Index("ix_timer_runs_profile_status", "profile_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    episode_id: Mapped[int | None] = mapped_column(ForeignKey("episodes.id", ondelete="SET NULL"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # heat, cold, contrast, movement
    # For movement: the reminder interval; otherwise the whole planned length.
    planned_seconds: Mapped[int] = mapped_column(Integer)
    # Contrast only: the length of each cold and each heat phase.
    cold_phase_seconds: Mapped[int | None] = mapped_column(Integer)
    heat_phase_seconds: Mapped[int | None] = mapped_column(Integer)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # None only for the movement reminder, which repeats until stopped.
    ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # When it actually ended: ends_at when it ran out, earlier when stopped.
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(16), default="running")  # running, completed, stopped

    episode: Mapped[Episode | None] = relationship(back_populates="timer_runs")


class RedFlagAnswer(Owned, Model):
    """One answer of the in-flow red-flag check: yes, unsure ("Not sure",
    which counts as yes) or no."""

    __tablename__ = "red_flag_answers"
    __table_args__ = (
        UniqueConstraint("episode_id", "question", name="one_answer"),
        CheckConstraint("answer IN ('yes', 'unsure', 'no')", name="answer_value"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    episode_id: Mapped[int] = mapped_column(ForeignKey("episodes.id", ondelete="CASCADE"), index=True)
    question: Mapped[str] = mapped_column(String(32))
    answer: Mapped[str] = mapped_column(String(8))
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    episode: Mapped[Episode] = relationship(back_populates="red_flag_answers")


class Note(Owned, Model):
    """Free text on an episode: a note, or a medicine the person took."""

    __tablename__ = "notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    episode_id: Mapped[int] = mapped_column(ForeignKey("episodes.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    kind: Mapped[str] = mapped_column(String(16), default="note")  # note, medicine
    body: Mapped[str] = mapped_column(Text)

    episode: Mapped[Episode] = relationship(back_populates="notes")


class IdempotencyKey(Owned, Model):
    """A write sent with an Idempotency-Key, and the answer it got, so the same
    write sent again (a phone replaying what it kept offline) changes nothing."""

    __tablename__ = "idempotency_keys"
    __table_args__ = (
        UniqueConstraint("profile_id", "key", name="one_use"),
        # Old keys are removed by age.
        Index("ix_idempotency_keys_created_at", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64))
    # SHA-256 of the method, path and body: the same key with another body is refused.
    fingerprint: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # None while the first request is still being answered.
    status: Mapped[int | None] = mapped_column(Integer)
    # The first answer's headers that matter to a client (JSON) and its body.
    headers: Mapped[str | None] = mapped_column(Text)
    body: Mapped[str | None] = mapped_column(Text)


class PushSubscription(Owned, Model):
    """Where the push service of this device's browser accepts messages for it
    (the browser's PushSubscription). The server POSTs to `endpoint`, so it is
    stored only after spasm.timers.push has checked it leads to a known push
    service (the PUSH_SERVICES setting)."""

    __tablename__ = "push_subscriptions"
    __table_args__ = (UniqueConstraint("profile_id", "endpoint", name="one_per_endpoint"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    endpoint: Mapped[str] = mapped_column(String(1024))
    # The browser's public key (P-256, uncompressed) and auth secret, base64url.
    p256dh: Mapped[str] = mapped_column(String(100))
    auth: Mapped[str] = mapped_column(String(32))
    # When the browser says the subscription stops working, if it says so.
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # This site's address as the browser saw it, so a notification can link
    # back to the timer page by its full URL.
    origin: Mapped[str] = mapped_column(String(255))


class Alert(Owned, Model):
    """A push due at a moment of a running timer: its end, the switch from
    cold to heat, or a movement reminder. Made when the timer starts, removed
    when it is stopped early; the alert worker claims, sends and removes it."""

    __tablename__ = "alerts"
    __table_args__ = (Index("ix_alerts_send_at", "send_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    timer_run_id: Mapped[int] = mapped_column(ForeignKey("timer_runs.id", ondelete="CASCADE"), index=True)
    # end, switch (cold off), heat-on or move.
    kind: Mapped[str] = mapped_column(String(16))
    # The moment the alert is about; it is not sent once it is too old.
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # When to try next: due_at at first, later after a failure.
    send_at: Mapped[datetime] = mapped_column(UTCDateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    # A retry goes only to the subscription that failed; None means every
    # subscription of the profile.
    subscription_id: Mapped[int | None] = mapped_column(
        ForeignKey("push_subscriptions.id", ondelete="CASCADE"), index=True
    )
    # A worker that claimed the alert holds it until then; after that (the
    # worker died) another worker may take it.
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime)


class HealthCheck(Model):
    """Always empty: /healthz adds a row and removes it in one committed
    transaction, which proves the database takes writes without changing anything."""

    __tablename__ = "health_checks"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
