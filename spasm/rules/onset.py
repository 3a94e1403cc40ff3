"""From when a spasm began (and how the pain has gone since) to what to advise.

Days are counted from onset: day 1 is the first 24 hours.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from spasm.content.timing import FEW_DAYS_FROM_DAY, FEW_WEEKS_FROM_DAY

# The quick answers to "When did this start?". Each is stored as the EARLIEST
# time it can mean, so a "see a doctor" prompt is never late: "yesterday" is
# the start of yesterday, "2 to 6 days ago" the start of the day 6 days ago.
# The value is how many whole days before today that day starts; None means
# the moment of the answer itself.
QUICK_ONSETS: dict[str, int | None] = {
    "just_now": None,
    "earlier_today": 0,
    "yesterday": 1,
    "days_ago": 6,
    "about_week": 13,
    # Two weeks up to a month: the start of the day before the 4-week prompt.
    "two_weeks": 27,
    # Open-ended: every prompt a month brings is due at once.
    "month": 31,
}
PICK_TIME = "pick_time"

# A picked time may be a few minutes ahead (clock drift between devices).
FUTURE_TOLERANCE = timedelta(minutes=5)

# "Getting worse" is a rise that lasts: this many scores in a row, each this
# many points above the best before them.
WORSE_BY_POINTS = 2
WORSE_READINGS = 2
# Pain this high two days or more after it began is "still severe".
SEVERE_PAIN = 8
SEVERE_AFTER = timedelta(days=2)


class OnsetError(ValueError):
    """An onset time that cannot be right; the message is for the person."""


def start_of_local_day(now: datetime, days_back: int, tz_offset_minutes: int | None) -> datetime:
    """The start of the phone's own day, `days_back` days before today, in UTC.

    Without the phone's offset (no JavaScript) the day could have begun up to
    a day earlier than UTC's, so the earliest possible start is used.
    """
    if tz_offset_minutes is None:
        return now - timedelta(days=days_back + 1)
    local = now - timedelta(minutes=tz_offset_minutes)
    midnight = local.replace(hour=0, minute=0, second=0, microsecond=0) - timedelta(days=days_back)
    return midnight + timedelta(minutes=tz_offset_minutes)


# The answer was not one of those offered (a form from elsewhere, or tampered with).
UNKNOWN_CHOICE = "Please choose one of the answers."


def onset_from_choice(
    choice: str,
    now: datetime,
    picked: datetime | None = None,
    tz_offset_minutes: int | None = None,
) -> datetime:
    """The onset time for a quick answer, or the picked time after checking it."""
    if choice in QUICK_ONSETS:
        days_back = QUICK_ONSETS[choice]
        return now if days_back is None else start_of_local_day(now, days_back, tz_offset_minutes)
    if choice != PICK_TIME:
        raise OnsetError(UNKNOWN_CHOICE)
    if picked is None:
        raise OnsetError("Please enter the date and time it started.")
    return check_onset(picked, now)


def offset_minutes(tz_offset: str | int | None) -> int | None:
    """The browser's UTC offset in minutes, or None when it sent none or garbage."""
    if tz_offset is None or str(tz_offset).strip() == "":
        return None
    try:
        value = int(str(tz_offset).strip())
    except ValueError:
        return None
    return value if abs(value) <= MAX_TZ_OFFSET_MINUTES else None


# Real UTC offsets run from -12:00 to +14:00; anything outside is garbage.
MAX_TZ_OFFSET_MINUTES = 14 * 60


def picked_to_utc(picked: str | None, tz_offset: str | int | None) -> datetime:
    """A browser's datetime-local value, which is the person's own wall-clock
    time, as an aware UTC datetime.

    `tz_offset` is what the browser's Date.getTimezoneOffset() reports for that
    moment: the minutes to add to local time to reach UTC (-120 in Paris in
    summer, 300 in New York in winter). Without JavaScript nobody fills it in,
    so it is 0 and the picked time is read as UTC.
    """
    text = (picked or "").strip()
    if not text:
        raise OnsetError("Please enter the date and time it started.")
    try:
        local = datetime.fromisoformat(text)
    except ValueError:
        raise OnsetError("Please enter a date and time, like 2024-05-01 08:30.") from None
    if local.tzinfo is not None:
        raise OnsetError("Please enter a date and time, like 2024-05-01 08:30.")
    try:
        offset = int(str(tz_offset).strip() or 0) if tz_offset is not None else 0
    except ValueError:
        raise OnsetError("Please enter the date and time again.") from None
    if abs(offset) > MAX_TZ_OFFSET_MINUTES:
        raise OnsetError("Please enter the date and time again.")
    try:
        return (local + timedelta(minutes=offset)).replace(tzinfo=UTC)
    except OverflowError:
        # Year 1 or 9999: a typing slip, checked like any other out-of-range time.
        raise OnsetError("That date is out of range. Please check it.") from None


def check_onset(at: datetime, now: datetime) -> datetime:
    """A picked onset, refused only when it is in the future. A time long
    ago is a reason to see a doctor (see advice_keys), not a mistake."""
    if at.tzinfo is None:
        raise ValueError("onset times must be timezone-aware")
    if at > now + FUTURE_TOLERANCE:
        raise OnsetError("That time is in the future. Please check the date and time.")
    return min(at, now)


def day_number(onset: datetime, now: datetime) -> int:
    """1 during the first 24 hours after onset, 2 during the next, and so on."""
    return max(0, (now - onset) // timedelta(days=1)) + 1


def pain_change(pains: Sequence[int]) -> str | None:
    """better, same or worse: the latest score against the one before it."""
    if len(pains) < 2:
        return None
    latest, previous = pains[-1], pains[-2]
    if latest < previous:
        return "better"
    if latest > previous:
        return "worse"
    return "same"


def has_improved(pains: Sequence[int]) -> bool:
    """Lower now than at the first check-in of the episode."""
    return len(pains) >= 2 and pains[-1] < pains[0]


def best_before_latest(pains: Sequence[int]) -> int | None:
    """The lowest score before the rise that makes an episode "getting worse"
    (the scores before the last two), or None with too few to tell."""
    return min(pains[:-WORSE_READINGS]) if len(pains) > WORSE_READINGS else None


def is_getting_worse(pains: Sequence[int]) -> bool:
    """Clearly higher than the best (lowest) score so far, and staying there:
    the last two scores are each 2 or more above it. One high score is not
    enough (6, 4, 6 is a spasm easing, then back when the heat comes off),
    and 8, 3, 7, 7 is worse whatever the first score was."""
    best = best_before_latest(pains)
    return best is not None and all(score >= best + WORSE_BY_POINTS for score in pains[-WORSE_READINGS:])


def is_still_severe(onset: datetime, now: datetime, pains: Sequence[int]) -> bool:
    """The latest score is 8 or more, two days or more after the pain began."""
    return bool(pains) and pains[-1] >= SEVERE_PAIN and now - onset >= SEVERE_AFTER


def advice_keys(onset: datetime | None, now: datetime, pains: Sequence[int]) -> list[str]:
    """Keys of spasm.content.advice messages for this episode, most urgent first.

    With no onset, the start of the episode should be passed instead: the
    person opened the app when it began, or soon after.
    """
    keys: list[str] = []
    if is_getting_worse(pains):
        keys.append("getting_worse")
    if onset is None:
        return keys or ["early_days"]
    if is_still_severe(onset, now, pains):
        keys.append("still_severe")
    day = day_number(onset, now)
    if day >= FEW_WEEKS_FROM_DAY:
        keys.append("not_better_few_weeks")
    elif day >= FEW_DAYS_FROM_DAY and not has_improved(pains) and "still_severe" not in keys:
        keys.append("no_better_few_days")
    if not keys:
        keys.append("early_days")
    return keys


def advice_values(onset: datetime, now: datetime, pains: Sequence[int]) -> dict[str, int | None]:
    """What the advice messages may say about this episode: things the app knows."""
    return {
        "days": max(0, (now - onset) // timedelta(days=1)),
        "best": best_before_latest(pains),
        "latest": pains[-1] if pains else None,
    }
