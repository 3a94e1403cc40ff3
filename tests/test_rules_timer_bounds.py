"""Safety bounds for heat and cold timers: a pure module, no Flask."""

from datetime import UTC, datetime, timedelta

import pytest

from spasm.rules import timer_bounds as bounds
from spasm.rules.timer_bounds import BoundsError, Plan

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("kind", "minutes"),
    [("cold", 20), ("cold", 1), ("cold", "15"), ("cold", " 20 "), ("heat", 30), ("heat", "1")],
)
def test_lengths_within_the_bounds_are_planned(kind, minutes):
    assert bounds.plan(kind, minutes) == Plan(kind, int(str(minutes).strip()) * 60)


@pytest.mark.parametrize(
    ("kind", "minutes", "message"),
    [
        ("cold", 21, "Cold is limited to 20 minutes"),
        ("cold", 25, "Cold is limited to 20 minutes"),
        ("cold", "25", "Cold is limited to 20 minutes"),
        ("heat", 31, "Heat is limited to 30 minutes"),
        ("heat", 10**9, "Heat is limited to 30 minutes"),
        ("cold", 0, "at least 1 minute"),
        ("heat", -5, "at least 1 minute"),
        ("heat", "-1", "at least 1 minute"),
        ("cold", "ten", "whole number of minutes"),
        ("cold", "2.5", "whole number of minutes"),
        ("heat", "1e3", "whole number of minutes"),
        ("heat", [], "whole number of minutes"),
    ],
)
def test_bad_lengths_are_refused_with_a_readable_message(kind, minutes, message):
    with pytest.raises(BoundsError, match=message):
        bounds.plan(kind, minutes)


@pytest.mark.parametrize("kind", ["", "ice", "HEAT", None, "sauna", "contrast "])
def test_unknown_kinds_are_refused(kind):
    with pytest.raises(BoundsError, match="does not exist"):
        bounds.plan(kind, 10)


def test_check_minutes_refuses_kinds_without_a_length():
    with pytest.raises(BoundsError, match="heat or cold"):
        bounds.check_minutes("movement", 5)


@pytest.mark.parametrize("kind", ["heat", "cold"])
def test_no_length_means_the_default(kind):
    assert bounds.plan(kind).planned_seconds == bounds.DEFAULT_MINUTES[kind] * 60
    assert bounds.plan(kind, "").planned_seconds == bounds.DEFAULT_MINUTES[kind] * 60


def test_defaults_are_within_the_bounds():
    for kind, minutes in bounds.DEFAULT_MINUTES.items():
        assert bounds.MIN_MINUTES <= minutes <= bounds.MAX_MINUTES[kind]


def test_contrast_is_cold_then_rest_then_heat_each_within_its_bound():
    plan = bounds.plan("contrast", "999")  # its length is fixed; a length sent is ignored
    assert plan.cold_phase_seconds == 15 * 60 and plan.heat_phase_seconds == 10 * 60
    # The rest is not stored: it is the length less the cold and the heat.
    assert plan.planned_seconds == (15 + 10 + 10) * 60
    assert bounds.contrast_rest_seconds(plan.planned_seconds, plan.cold_phase_seconds, plan.heat_phase_seconds) == 600
    assert plan.cold_phase_seconds <= bounds.MAX_MINUTES["cold"] * 60
    assert plan.heat_phase_seconds <= bounds.MAX_MINUTES["heat"] * 60


@pytest.mark.parametrize(
    ("planned", "rest"),
    [(2100, 600), (1500, 0), (1400, 0)],  # a session stored before the rest existed has none
)
def test_contrast_rest_is_what_cold_and_heat_leave(planned, rest):
    assert bounds.contrast_rest_seconds(planned, 900, 600) == rest


def test_movement_repeats_every_30_minutes_and_has_no_end():
    plan = bounds.plan("movement")
    assert plan == Plan("movement", 30 * 60)
    assert bounds.ends_at(plan, T0) is None


def test_ends_at_is_absolute():
    assert bounds.ends_at(Plan("cold", 900), T0) == T0 + timedelta(minutes=15)


def test_cold_rests_2_hours_between_sessions():
    # NHS: cold for up to 20 minutes every 2 to 3 hours.
    assert timedelta(hours=2) == bounds.COLD_REST


@pytest.mark.parametrize(
    ("rested", "left"),
    [
        (timedelta(0), timedelta(hours=2)),
        (timedelta(minutes=20), timedelta(hours=1, minutes=40)),
        (timedelta(hours=1, minutes=59, seconds=59), timedelta(seconds=1)),
        (timedelta(hours=2), None),
        (timedelta(hours=3), None),
    ],
)
def test_cold_rest_warning_edges(rested, left):
    assert bounds.cold_rest_warning(T0, T0 + rested) == left


@pytest.mark.parametrize(
    ("span", "words"),
    [
        (timedelta(hours=2), "2 hours"),
        (timedelta(hours=1, minutes=40), "1 hour 40 minutes"),
        (timedelta(hours=1, seconds=1), "1 hour 1 minute"),
        (timedelta(minutes=59, seconds=1), "1 hour"),
        (timedelta(seconds=1), "1 minute"),
        (timedelta(0), "0 minutes"),
    ],
)
def test_waits_in_words_round_up_to_the_minute(span, words):
    assert bounds.span_words(span) == words


def test_no_cold_before_means_no_warning():
    assert bounds.cold_rest_warning(None, T0) is None


def test_cold_ended_at_for_cold_and_for_a_contrast_cold_phase():
    later = T0 + timedelta(minutes=25)
    assert bounds.cold_ended_at("cold", T0, later, None) == later
    assert bounds.cold_ended_at("contrast", T0, later, 900) == T0 + timedelta(minutes=15)
    stopped_early = T0 + timedelta(minutes=5)
    assert bounds.cold_ended_at("contrast", T0, stopped_early, 900) == stopped_early
    assert bounds.cold_ended_at("heat", T0, later, None) is None
    assert bounds.cold_ended_at("cold", T0, None, None) is None


class TestSettled:
    def test_running_past_its_end_is_completed_at_its_end(self):
        end = T0 + timedelta(minutes=15)
        assert bounds.settled("running", end, end + timedelta(hours=5)) == ("completed", end)

    def test_exactly_at_the_end_counts_as_ended(self):
        assert bounds.settled("running", T0, T0) == ("completed", T0)

    def test_running_before_its_end_is_left_alone(self):
        assert bounds.settled("running", T0, T0 - timedelta(seconds=1)) is None

    @pytest.mark.parametrize("status", ["stopped", "completed"])
    def test_ended_sessions_are_left_alone(self, status):
        assert bounds.settled(status, T0, T0 + timedelta(hours=1)) is None

    def test_movement_never_ends_by_itself(self):
        assert bounds.settled("running", None, T0 + timedelta(days=2)) is None


@pytest.mark.parametrize(
    ("elapsed", "phase", "left"),
    [
        (-5, "cold", 900),
        (0, "cold", 900),
        (899, "cold", 1),
        # The end of the cold is the start of the rest, never of the heat.
        (900, "rest", 600),
        (1499, "rest", 1),
        (1500, "heat", 600),
        (2099, "heat", 1),
        (2100, "done", 0),
    ],
)
def test_contrast_phase_rests_between_cold_and_heat(elapsed, phase, left):
    assert bounds.contrast_phase(elapsed, 900, 600, 600) == (phase, left)


@pytest.mark.parametrize(
    ("elapsed", "phase", "left"),
    [(899, "cold", 1), (900, "heat", 600), (1499, "heat", 1), (1500, "done", 0)],
)
def test_contrast_phase_without_a_rest(elapsed, phase, left):
    """A session stored before the rest existed: heat follows cold."""
    assert bounds.contrast_phase(elapsed, 900, 0, 600) == (phase, left)


@pytest.mark.parametrize(("elapsed", "left"), [(0, 1800), (1, 1799), (1800, 1800), (2700, 900)])
def test_next_movement_reminder(elapsed, left):
    assert bounds.next_movement_in(elapsed, 1800) == left


@pytest.mark.parametrize(
    ("kind", "preferred", "expected"),
    [
        ("heat", 25, 25),
        ("cold", 20, 20),
        ("cold", 21, 15),
        ("heat", 0, 20),
        ("heat", None, 20),
        ("cold", "10", 15),
        ("cold", True, 15),
    ],
)
def test_default_minutes_never_overrides_the_bounds(kind, preferred, expected):
    assert bounds.default_minutes(kind, preferred) == expected


def test_shortened_plans_for_tests():
    assert bounds.shortened(Plan("heat", 1200), 3) == Plan("heat", 3)
    # Each contrast phase lasts the short length: cold, rest and heat.
    contrast = bounds.shortened(bounds.plan("contrast"), 3)
    assert contrast == Plan("contrast", 9, 3, 3)
    assert bounds.contrast_rest_seconds(contrast.planned_seconds, 3, 3) == 3
    assert bounds.shortened(bounds.plan("movement"), 3) == Plan("movement", 3)


def test_the_rules_module_does_not_import_flask():
    import ast
    import inspect

    tree = ast.parse(inspect.getsource(bounds))
    imported = {
        alias.name.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in (node.names if isinstance(node, ast.Import) else [ast.alias(node.module or "")])
    }
    assert "flask" not in imported and "sqlalchemy" not in imported
