"""When a spasm began, what day it is now, and what to advise."""

from datetime import UTC, datetime, timedelta

import pytest

from spasm.content.advice import ADVICE_BY_KEY
from spasm.rules.onset import (
    ONSET_CHOICES,
    OnsetError,
    advice_keys,
    check_onset,
    day_number,
    has_improved,
    is_getting_worse,
    onset_from_choice,
    pain_change,
    picked_to_utc,
)

NOW = datetime(2024, 6, 15, 12, 0, tzinfo=UTC)
DAY = timedelta(days=1)


# --- onset_from_choice --------------------------------------------------------


@pytest.mark.parametrize(
    ("choice", "expected"),
    [
        ("just_now", NOW),
        ("earlier_today", NOW - timedelta(hours=3)),
        ("yesterday", NOW - DAY),
        ("days_ago", NOW - 2 * DAY),
    ],
)
def test_quick_answers(choice, expected):
    assert onset_from_choice(choice, NOW) == expected


def test_choices_are_the_quick_answers_then_pick_time():
    assert ONSET_CHOICES == ("just_now", "earlier_today", "yesterday", "days_ago", "pick_time")


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


def test_exactly_90_days_ago_is_accepted():
    assert check_onset(NOW - 90 * DAY, NOW) == NOW - 90 * DAY


@pytest.mark.parametrize("ago", [90 * DAY + timedelta(minutes=1), 100 * DAY, 3650 * DAY])
def test_older_than_90_days_is_refused(ago):
    with pytest.raises(OnsetError, match="more than 90 days ago"):
        check_onset(NOW - ago, NOW)


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


@pytest.mark.parametrize(("pains", "improved"), [([], False), ([6], False), ([6, 6], False), ([6, 5], True), ([6, 9, 5], True)])
def test_has_improved_compares_with_the_first(pains, improved):
    assert has_improved(pains) is improved


@pytest.mark.parametrize(("pains", "worse"), [([], False), ([5], False), ([5, 6], False), ([5, 7], True), ([5, 2, 8], True)])
def test_getting_worse_means_two_points_above_the_first(pains, worse):
    assert is_getting_worse(pains) is worse


# --- advice_keys --------------------------------------------------------------


def at_day(day: int) -> datetime:
    """An onset that makes `day` the current day number."""
    return NOW - (day - 1) * DAY


@pytest.mark.parametrize(
    ("day", "pains", "keys"),
    [
        (1, [], ["early_days"]),
        (2, [8, 8], ["early_days"]),
        # Day 3 with no improvement: see a doctor or pharmacist.
        (3, [], ["no_improvement_3_days"]),
        (3, [7], ["no_improvement_3_days"]),
        (3, [7, 7], ["no_improvement_3_days"]),
        (3, [7, 5], ["early_days"]),
        (14, [7, 8], ["no_improvement_3_days"]),
        (14, [7, 3], ["early_days"]),
        # Two weeks: a doctor may consider imaging, improved or not.
        (15, [], ["over_two_weeks"]),
        (15, [7, 2], ["over_two_weeks"]),
        (28, [], ["over_two_weeks"]),
        # Four weeks: not better in 4 weeks.
        (29, [], ["over_four_weeks"]),
        (60, [7, 2], ["over_four_weeks"]),
        # Getting worse comes first, whatever the day.
        (1, [4, 6], ["getting_worse"]),
        (3, [4, 6], ["getting_worse", "no_improvement_3_days"]),
        (15, [4, 9], ["getting_worse", "over_two_weeks"]),
        (29, [4, 9], ["getting_worse", "over_four_weeks"]),
    ],
)
def test_advice_keys(day, pains, keys):
    assert advice_keys(at_day(day), NOW, pains) == keys


def test_day_3_starts_exactly_48_hours_after_onset():
    assert advice_keys(NOW - 2 * DAY + timedelta(seconds=1), NOW, []) == ["early_days"]
    assert advice_keys(NOW - 2 * DAY, NOW, []) == ["no_improvement_3_days"]


def test_without_an_onset_only_the_pain_trend_counts():
    assert advice_keys(None, NOW, []) == ["early_days"]
    assert advice_keys(None, NOW, [3, 8]) == ["getting_worse"]


@pytest.mark.parametrize("day", [1, 3, 15, 29])
def test_every_advice_key_has_content(day):
    for key in advice_keys(at_day(day), NOW, [3, 9]):
        assert key in ADVICE_BY_KEY
