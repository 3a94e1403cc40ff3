"""From when a spasm began (and how the pain has gone since) to what to advise.

Days are counted from onset: day 1 is the first 24 hours.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

# The quick answers to "When did this start?", with how long ago each means.
# The estimates are deliberately conservative (earlier rather than later), so
# a "see a doctor" prompt is never delayed by rounding.
QUICK_ONSETS: dict[str, timedelta] = {
    "just_now": timedelta(0),
    "earlier_today": timedelta(hours=3),
    "yesterday": timedelta(days=1),
    "days_ago": timedelta(days=2),
}
PICK_TIME = "pick_time"
ONSET_CHOICES = (*QUICK_ONSETS, PICK_TIME)

# A picked time may be a few minutes ahead (clock drift between devices).
FUTURE_TOLERANCE = timedelta(minutes=5)
# Older than this is not an acute spasm, and is most likely a typing slip.
OLDEST_ONSET = timedelta(days=90)

NO_IMPROVEMENT_FROM_DAY = 3
TWO_WEEKS_FROM_DAY = 15
FOUR_WEEKS_FROM_DAY = 29
WORSE_BY_POINTS = 2


class OnsetError(ValueError):
    """An onset time that cannot be right; the message is for the person."""


def onset_from_choice(choice: str, now: datetime, picked: datetime | None = None) -> datetime:
    """The onset time for a quick answer, or the picked time after checking it."""
    if choice in QUICK_ONSETS:
        return now - QUICK_ONSETS[choice]
    if choice != PICK_TIME:
        raise OnsetError("Please choose one of the answers.")
    if picked is None:
        raise OnsetError("Please enter the date and time it started.")
    return check_onset(picked, now)


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
    if at.tzinfo is None:
        raise ValueError("onset times must be timezone-aware")
    if at > now + FUTURE_TOLERANCE:
        raise OnsetError("That time is in the future. Please check the date and time.")
    if at < now - OLDEST_ONSET:
        raise OnsetError("That is more than 90 days ago. Please check the date.")
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


def is_getting_worse(pains: Sequence[int]) -> bool:
    """Clearly higher now than at the first check-in."""
    return len(pains) >= 2 and pains[-1] >= pains[0] + WORSE_BY_POINTS


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
    day = day_number(onset, now)
    if day >= FOUR_WEEKS_FROM_DAY:
        keys.append("over_four_weeks")
    elif day >= TWO_WEEKS_FROM_DAY:
        keys.append("over_two_weeks")
    elif day >= NO_IMPROVEMENT_FROM_DAY and not has_improved(pains):
        keys.append("no_improvement_3_days")
    if not keys:
        keys.append("early_days")
    return keys
