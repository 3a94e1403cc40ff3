"""The tap time rule over the whole range ISO 8601 can write: a pure module,
no Flask. Whatever the phone sends as the tap and sending times, in either
order, the answer is a moment within the bounds or TapTimeError, never an
overflow."""

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spasm.rules import tap_time
from spasm.rules.tap_time import MAX_AGE, MAX_AHEAD, TapTimeError

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
PROPERTY = settings(max_examples=300, deadline=None, database=None)

# ISO 8601 writes offsets in whole minutes; Python takes any under a day.
zones = st.builds(
    lambda minutes: timezone(timedelta(minutes=minutes)), st.integers(min_value=-(24 * 60 - 1), max_value=24 * 60 - 1)
)
any_moment = st.datetimes(min_value=datetime.min, max_value=datetime.max, timezones=zones)
# Server clocks of this century and the next, with microseconds.
server_nows = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2199, 12, 31), timezones=st.just(UTC))
precisions = st.sampled_from(["seconds", "milliseconds", "microseconds"])


def written(moment: datetime, precision: str) -> str:
    """As a phone would send it: ISO 8601, "Z" for UTC."""
    return moment.isoformat(timespec=precision).replace("+00:00", "Z")


def around(moment: datetime) -> st.SearchStrategy[datetime]:
    """A moment within a few days of `moment`, in any zone: the bounds' edges.
    Near the ends of the calendar a shift may not exist; then `moment` itself."""

    def shifted(offset: timedelta, zone: timezone) -> datetime:
        try:
            return (moment + offset).astimezone(zone)
        except OverflowError:
            return moment

    return st.builds(shifted, st.timedeltas(min_value=-timedelta(days=3), max_value=timedelta(days=3)), zones)


def read(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def expected(age: timedelta, now: datetime) -> datetime | str:
    """What parse must give for a tap `age` before now: the moment, or which refusal."""
    if age < -MAX_AHEAD:
        return "in the future"
    if age > MAX_AGE:
        return "more than a day"
    return min(now - age, now)


def check(value: str, now: datetime, sent: str | None, want: datetime | str) -> None:
    if isinstance(want, str):
        with pytest.raises(TapTimeError, match=want):
            tap_time.parse(value, now, sent)
    else:
        got = tap_time.parse(value, now, sent)
        assert got == want and got.tzinfo is UTC


@PROPERTY
@given(data=st.data(), now=server_nows, precision=precisions)
def test_a_tap_alone_is_taken_as_it_is_within_the_bounds(data, now, precision):
    tapped = data.draw(st.one_of(any_moment, around(now)), label="tapped")
    # Aware datetimes subtract into a timedelta whatever their zones, so this
    # oracle cannot overflow where the rule once did.
    value = written(tapped, precision)
    check(value, now, None, expected(now - read(value), now))


@PROPERTY
@given(data=st.data(), now=server_nows, precision=precisions)
def test_with_the_sending_time_the_wait_is_placed_before_now(data, now, precision):
    # Each anywhere in the calendar, in either order, or one shortly around the other.
    first = data.draw(st.one_of(any_moment, around(now)), label="first")
    second = data.draw(st.one_of(any_moment, around(first)), label="second")
    tapped, sent = (first, second) if data.draw(st.booleans(), label="tap first") else (second, first)
    value, sent_value = written(tapped, precision), written(sent, precision)
    check(value, now, sent_value, expected(read(sent_value) - read(value), now))


@PROPERTY
@given(value=st.text(max_size=45), sent=st.none() | st.text(max_size=45), now=server_nows)
def test_any_text_is_a_time_or_a_refusal(value, sent, now):
    try:
        moment = tap_time.parse(value, now, sent)
    except TapTimeError:
        return
    assert now - MAX_AGE <= moment <= now


EXTREMES = [
    "0001-01-01T00:00:00+01:00",
    "0001-01-01T00:00:00+23:59",
    "0001-01-01T00:00:00Z",
    "0001-01-01T00:00:00.000-23:59",
    "9999-12-31T23:59:59-01:00",
    "9999-12-31T23:59:59.999999-23:59",
    "9999-12-31T23:59:59Z",
    "9999-12-31T23:59:59.999+23:59",
]


@pytest.mark.parametrize(
    ("value", "message"),
    [(value, "more than a day" if value.startswith("0001") else "in the future") for value in EXTREMES],
)
def test_extremes_without_sending_time(value, message):
    with pytest.raises(TapTimeError, match=message):
        tap_time.parse(value, T0)


@pytest.mark.parametrize("tapped", EXTREMES)
@pytest.mark.parametrize("sent", EXTREMES)
def test_extremes_in_both_headers_in_either_order(tapped, sent):
    check(tapped, T0, sent, expected(read(sent) - read(tapped), T0))


@pytest.mark.parametrize(
    ("tapped", "sent", "message"),
    [
        ("0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "more than a day"),
        ("9999-12-31T23:59:59Z", "0001-01-01T00:00:00Z", "in the future"),
        ("0001-01-01T00:00:00+01:00", "2026-03-01T12:00:00Z", "more than a day"),
        ("2026-03-01T12:00:00Z", "0001-01-01T00:00:00+01:00", "in the future"),
        ("2026-03-01T12:00:00Z", "9999-12-31T23:59:59-01:00", "more than a day"),
    ],
)
def test_a_wait_no_date_can_hold_is_refused_as_out_of_bounds(tapped, sent, message):
    with pytest.raises(TapTimeError, match=message):
        tap_time.parse(tapped, T0, sent)
