"""The time of a tap the phone kept while it had no signal.

A write sent later carries the moment the person tapped, by the phone's
clock, and the moment it was sent, by the same clock. A phone's clock may be
minutes off; the time between the two is not, so the tap is placed that long
before the server's own now. Without the time of sending, the tap time is
taken as it is. Either way the server takes it when it is believable: no
later than now (allowing a little for a clock running fast) and no older than
a day (an outbox that waited longer holds nothing the person still needs
recorded as it was).

Any date ISO 8601 can write may arrive, from year 1 to year 9999 in any time
zone. Such a date is only compared with others, or subtracted from one,
before it is known to be close to now: both give a timedelta, which holds
any such difference. Moving a date into UTC or adding a timedelta to it can
overflow at either end of the calendar, so that is done only to a moment
already within the bounds.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

# A phone's clock may run a little ahead of the server's; such a tap counts as now.
MAX_AHEAD = timedelta(minutes=2)
MAX_AGE = timedelta(hours=24)

UNREADABLE = "The time of the tap could not be read."
IN_THE_FUTURE = "The time of the tap is in the future. Check the phone's clock."
TOO_OLD = "This was kept on the phone for more than a day, so it was not saved."


class TapTimeError(ValueError):
    """A tap time that cannot be used; the message is for the person."""


def _read(value: str | None) -> datetime:
    """An aware datetime in the zone it was written in (never converted here)."""
    text = (value or "").strip()
    if not text or len(text) > 40:
        raise TapTimeError(UNREADABLE)
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        raise TapTimeError(UNREADABLE) from None
    if moment.tzinfo is None:
        raise TapTimeError("The time of the tap has no time zone.")
    return moment


def _check_age(age: timedelta) -> None:
    """How long before now the tap was: refused when in the future or too old."""
    if age < -MAX_AHEAD:
        raise TapTimeError(IN_THE_FUTURE)
    if age > MAX_AGE:
        raise TapTimeError(TOO_OLD)


def parse(value: str, now: datetime, sent: str | None = None) -> datetime:
    """The tap time in `value` (ISO 8601 with a zone, as JavaScript's
    Date.toISOString writes it), bounded by `now`; with `sent`, the phone's
    time of sending, the tap is placed (sent - tapped) before now.
    TapTimeError if either is unreadable, or the tap is in the future or too old."""
    tapped = _read(value)
    # Aware datetimes subtract into a timedelta whatever their zones, with no
    # overflow; only a moment within the bounds is then moved or converted.
    age = (_read(sent) if sent is not None else now) - tapped
    _check_age(age)
    return min(now - age, now).astimezone(UTC)
