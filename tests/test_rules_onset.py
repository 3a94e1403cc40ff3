"""When a spasm began, what day it is now, and what to advise."""

from datetime import UTC, datetime, timedelta

import pytest

from spasm.content.advice import ADVICE_BY_KEY
from spasm.rules.onset import (
    OnsetError,
    advice_keys,
    advice_values,
    check_onset,
    day_number,
    has_improved,
    is_getting_worse,
    is_still_severe,
    offset_minutes,
    onset_from_choice,
    pain_change,
    picked_to_utc,
    start_of_local_day,
)

NOW = datetime(2024, 6, 15, 12, 0, tzinfo=UTC)
DAY = timedelta(days=1)


# --- onset_from_choice --------------------------------------------------------


MIDNIGHT = datetime(2024, 6, 15, 0, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("choice", "expected"),
    [
        ("just_now", NOW),
        # Each answer is stored as the earliest time it can mean: the start
        # of the phone's own day (UTC here), so prompts come early, not late.
        ("earlier_today", MIDNIGHT),
        ("yesterday", MIDNIGHT - DAY),
        ("days_ago", MIDNIGHT - 6 * DAY),
        ("about_week", MIDNIGHT - 13 * DAY),
        ("two_weeks", MIDNIGHT - 27 * DAY),
        ("month", MIDNIGHT - 31 * DAY),
    ],
)
def test_quick_answers_store_the_earliest_plausible_time(choice, expected):
    assert onset_from_choice(choice, NOW, None, 0) == expected


@pytest.mark.parametrize(
    ("choice", "expected"),
    [
        ("earlier_today", NOW - DAY),
        ("yesterday", NOW - 2 * DAY),
        ("days_ago", NOW - 7 * DAY),
    ],
)
def test_without_the_phones_offset_the_earliest_of_any_zone_is_used(choice, expected):
    assert onset_from_choice(choice, NOW) == expected
    assert onset_from_choice(choice, NOW, None, None) == expected


def test_the_start_of_the_phones_own_day():
    # 12:00 UTC is 08:00 in New York in summer (offset 240): its midnight is 04:00 UTC.
    assert start_of_local_day(NOW, 0, 240) == datetime(2024, 6, 15, 4, 0, tzinfo=UTC)
    # In Sydney (offset -600) it is 22:00, so its day began at 14:00 UTC.
    assert start_of_local_day(NOW, 0, -600) == datetime(2024, 6, 14, 14, 0, tzinfo=UTC)
    assert start_of_local_day(NOW, 1, -600) == datetime(2024, 6, 13, 14, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("value", "minutes"), [("240", 240), (-600, -600), ("", None), (None, None), ("x", None), ("841", None)]
)
def test_offset_minutes(value, minutes):
    assert offset_minutes(value) == minutes


def test_a_quick_answer_never_starts_later_than_it_can():
    # "2 to 6 days ago" started at least 2 days ago, and never after the earliest reading.
    for offset in (None, -840, -600, 0, 300, 720):
        assert onset_from_choice("days_ago", NOW, None, offset) <= NOW - 6 * DAY
        assert onset_from_choice("about_week", NOW, None, offset) <= NOW - 13 * DAY
        assert onset_from_choice("two_weeks", NOW, None, offset) <= NOW - 27 * DAY


@pytest.mark.parametrize(
    ("choice", "key"),
    [("about_week", "no_better_few_days"), ("two_weeks", "not_better_few_weeks"), ("month", "not_better_few_weeks")],
)
def test_long_ago_answers_bring_their_prompts_at_once(choice, key):
    assert key in advice_keys(onset_from_choice(choice, NOW, None, 0), NOW, [])


def test_a_picked_time_is_kept():
    picked = NOW - timedelta(hours=5)
    assert onset_from_choice("pick_time", NOW, picked) == picked


def test_pick_time_needs_a_time():
    with pytest.raises(OnsetError, match="enter the date and time"):
        onset_from_choice("pick_time", NOW, None)


@pytest.mark.parametrize("choice", ["", "later", "JUST_NOW", "time"])
def test_unknown_choice(choice):
    with pytest.raises(OnsetError, match="choose one of the answers"):
        onset_from_choice(choice, NOW)


# --- check_onset --------------------------------------------------------------


def test_a_few_minutes_ahead_is_clock_drift_and_becomes_now():
    assert check_onset(NOW + timedelta(minutes=5), NOW) == NOW


def test_further_ahead_is_the_future():
    with pytest.raises(OnsetError, match="in the future"):
        check_onset(NOW + timedelta(minutes=6), NOW)


@pytest.mark.parametrize("ago", [90 * DAY, 90 * DAY + timedelta(minutes=1), 100 * DAY, 3650 * DAY])
def test_an_onset_long_ago_is_kept_and_means_see_a_doctor(ago):
    assert check_onset(NOW - ago, NOW) == NOW - ago
    assert advice_keys(NOW - ago, NOW, []) == ["not_better_few_weeks"]


def test_naive_times_are_a_programming_error():
    with pytest.raises(ValueError):
        check_onset(datetime(2024, 6, 15, 10, 0), NOW)


# --- picked_to_utc ------------------------------------------------------------


@pytest.mark.parametrize(
    ("tz_offset", "expected"),
    [
        ("-120", datetime(2024, 6, 14, 7, 30, tzinfo=UTC)),  # Paris in summer
        ("300", datetime(2024, 6, 14, 14, 30, tzinfo=UTC)),  # New York in winter
        (-330, datetime(2024, 6, 14, 4, 0, tzinfo=UTC)),  # India
        ("0", datetime(2024, 6, 14, 9, 30, tzinfo=UTC)),
        ("", datetime(2024, 6, 14, 9, 30, tzinfo=UTC)),
        (None, datetime(2024, 6, 14, 9, 30, tzinfo=UTC)),
        ("840", datetime(2024, 6, 14, 23, 30, tzinfo=UTC)),
    ],
)
def test_picked_local_time_becomes_utc(tz_offset, expected):
    assert picked_to_utc("2024-06-14T09:30", tz_offset) == expected


def test_picked_time_with_seconds_is_accepted():
    assert picked_to_utc("2024-06-14T09:30:15", 0) == datetime(2024, 6, 14, 9, 30, 15, tzinfo=UTC)


@pytest.mark.parametrize(
    ("picked", "tz_offset", "message"),
    [
        (None, 0, "enter the date and time it started"),
        ("  ", 0, "enter the date and time it started"),
        ("yesterday", 0, "like 2024-05-01"),
        ("2024-13-01T09:30", 0, "like 2024-05-01"),
        ("2024-06-14T09:30+02:00", 0, "like 2024-05-01"),
        ("2024-06-14T09:30", "abc", "again"),
        ("2024-06-14T09:30", "1.5", "again"),
        ("2024-06-14T09:30", "841", "again"),
        ("2024-06-14T09:30", "-841", "again"),
        ("0001-01-01T00:00", "-60", "out of range"),
        ("9999-12-31T23:59", "60", "out of range"),
    ],
)
def test_bad_picked_values(picked, tz_offset, message):
    with pytest.raises(OnsetError, match=message):
        picked_to_utc(picked, tz_offset)


# --- day_number ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("since_onset", "day"),
    [
        (timedelta(0), 1),
        (DAY - timedelta(seconds=1), 1),
        (DAY, 2),
        (2 * DAY - timedelta(seconds=1), 2),
        (2 * DAY, 3),
        (14 * DAY, 15),
        (28 * DAY, 29),
    ],
)
def test_day_number_boundaries(since_onset, day):
    assert day_number(NOW - since_onset, NOW) == day


def test_an_onset_slightly_ahead_still_counts_as_day_1():
    assert day_number(NOW + timedelta(minutes=3), NOW) == 1


# --- pain trend ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("pains", "change"),
    [([], None), ([5], None), ([7, 4], "better"), ([4, 7], "worse"), ([5, 5], "same"), ([9, 2, 3], "worse")],
)
def test_pain_change_compares_the_last_two(pains, change):
    assert pain_change(pains) == change


@pytest.mark.parametrize(
    ("pains", "improved"), [([], False), ([6], False), ([6, 6], False), ([6, 5], True), ([6, 9, 5], True)]
)
def test_has_improved_compares_with_the_first(pains, improved):
    assert has_improved(pains) is improved


@pytest.mark.parametrize(
    ("pains", "worse"),
    [
        ([], False),
        ([5], False),
        ([5, 7], False),
        # One high score is not a trend: 6, 4, 6 after the heat comes off.
        ([6, 4, 6], False),
        ([5, 2, 8], False),
        ([5, 7, 7], True),
        ([5, 7, 6], False),
        # Against the best score before the rise, not only the first.
        ([8, 3, 7, 7], True),
        ([8, 3, 7, 4], False),
        ([8, 3, 5, 5], True),
        ([8, 3, 4, 5], False),
        ([9, 9, 8, 8], False),
        ([6, 2, 5, 4, 4], True),
        ([2, 9, 9], True),
        # Back up from the best and staying there counts, even at the first score.
        ([6, 4, 6, 6], True),
    ],
)
def test_getting_worse_is_a_rise_that_lasts_two_scores(pains, worse):
    assert is_getting_worse(pains) is worse


@pytest.mark.parametrize(
    ("since_onset", "pains", "severe"),
    [
        (2 * DAY, [8], True),
        (2 * DAY, [9, 8], True),
        (5 * DAY, [10], True),
        (2 * DAY - timedelta(seconds=1), [8], False),
        (2 * DAY, [7], False),
        (2 * DAY, [9, 7], False),
        (3 * DAY, [], False),
    ],
)
def test_still_severe_is_8_or_more_two_days_on(since_onset, pains, severe):
    assert is_still_severe(NOW - since_onset, NOW, pains) is severe


def test_advice_values_are_what_the_app_knows():
    assert advice_values(NOW - 3 * DAY - timedelta(hours=5), NOW, [8, 3, 7, 7]) == {"days": 3, "best": 3, "latest": 7}
    assert advice_values(NOW, NOW, []) == {"days": 0, "best": None, "latest": None}


# --- advice_keys --------------------------------------------------------------


def at_day(day: int) -> datetime:
    """An onset that makes `day` the current day number."""
    return NOW - (day - 1) * DAY


@pytest.mark.parametrize(
    ("day", "pains", "keys"),
    [
        (1, [], ["early_days"]),
        (2, [8, 8], ["early_days"]),
        # A few days (day 3) with no improvement: see a pharmacist or doctor.
        (3, [], ["no_better_few_days"]),
        (3, [7], ["no_better_few_days"]),
        (3, [7, 7], ["no_better_few_days"]),
        (3, [7, 5], ["early_days"]),
        (21, [7, 7], ["no_better_few_days"]),
        (14, [7, 8], ["still_severe"]),
        (14, [7, 3], ["early_days"]),
        (21, [7, 3], ["early_days"]),
        # A few weeks (day 22, three whole weeks): see a doctor, improved or not.
        (22, [], ["not_better_few_weeks"]),
        (22, [7, 2], ["not_better_few_weeks"]),
        (60, [7, 2], ["not_better_few_weeks"]),
        # Getting worse comes first, whatever the day.
        (1, [4, 6, 6], ["getting_worse"]),
        (1, [4, 6], ["early_days"]),
        (3, [4, 6, 6], ["getting_worse", "no_better_few_days"]),
        (22, [4, 9, 9], ["getting_worse", "still_severe", "not_better_few_weeks"]),
        # 8, 3, 7, 7 is worse than the best score, whatever the first was.
        (2, [8, 3, 7, 7], ["getting_worse"]),
        (2, [8, 3, 7], ["early_days"]),
        # Still 8 or more two days on: see a doctor or pharmacist soon.
        (3, [8], ["still_severe"]),
        (3, [8, 8], ["still_severe"]),
        (4, [9, 8], ["still_severe"]),
        (2, [9], ["early_days"]),
    ],
)
def test_advice_keys(day, pains, keys):
    assert advice_keys(at_day(day), NOW, pains) == keys


def test_day_3_starts_exactly_48_hours_after_onset():
    assert advice_keys(NOW - 2 * DAY + timedelta(seconds=1), NOW, []) == ["early_days"]
    assert advice_keys(NOW - 2 * DAY, NOW, []) == ["no_better_few_days"]


def test_without_an_onset_only_the_pain_trend_counts():
    assert advice_keys(None, NOW, []) == ["early_days"]
    assert advice_keys(None, NOW, [3, 8, 8]) == ["getting_worse"]
    assert advice_keys(None, NOW, [3, 8]) == ["early_days"]


@pytest.mark.parametrize("day", [1, 3, 15, 29])
def test_every_advice_key_has_content(day):
    for key in advice_keys(at_day(day), NOW, [3, 9]):
        assert key in ADVICE_BY_KEY
