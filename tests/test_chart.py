"""The server-drawn pain chart: pure geometry, no page needed."""

from datetime import UTC, datetime, timedelta

import pytest

from spasm.history import chart

ONSET = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)
BOTTOM = chart.HEIGHT - chart.BOTTOM


def test_no_scores_draw_nothing():
    drawn = chart.layout([])
    assert drawn.is_empty
    assert drawn.points == () and drawn.polyline == "" and drawn.day_ticks == ()
    assert drawn.view_box == f"0 0 {chart.WIDTH} {chart.HEIGHT}"


def test_one_score_sits_in_the_middle_at_its_height():
    drawn = chart.layout([(ONSET, 5)])
    (point,) = drawn.points
    assert point.x == (chart.LEFT + chart.WIDTH - chart.RIGHT) / 2
    assert point.y == pytest.approx((chart.TOP + BOTTOM) / 2)
    assert [tick.label for tick in drawn.day_ticks] == ["Day 1"]


@pytest.mark.parametrize(
    ("pain", "y"),
    [(0, BOTTOM), (10, chart.TOP), (5, (chart.TOP + BOTTOM) / 2), (-3, BOTTOM), (14, chart.TOP)],
)
def test_pain_scales_from_the_bottom_line_to_the_top_and_is_clamped(pain, y):
    assert chart.pain_y(pain) == pytest.approx(y)


def test_pain_labels_mark_0_5_and_10():
    drawn = chart.layout([(ONSET, 3)])
    assert [(t.label, t.position) for t in drawn.pain_ticks] == [
        ("0", BOTTOM),
        ("5", chart.pain_y(5)),
        ("10", chart.TOP),
    ]


def test_many_scores_are_placed_by_time_in_order():
    scores = [(ONSET + timedelta(hours=h), p) for h, p in [(48, 4), (0, 9), (24, 7), (12, 8)]]
    drawn = chart.layout(scores, start=ONSET)
    assert [p.pain for p in drawn.points] == [9, 8, 7, 4]
    xs = [p.x for p in drawn.points]
    assert xs[0] == chart.LEFT and xs[-1] == chart.WIDTH - chart.RIGHT
    # Equal gaps in time are equal gaps on the page.
    assert xs[2] - xs[1] == pytest.approx(xs[1] - xs[0], abs=0.2)
    assert xs[3] - xs[2] == pytest.approx(2 * (xs[1] - xs[0]), abs=0.2)
    assert drawn.polyline.split(" ")[0] == f"{chart.LEFT},{chart._fmt(chart.pain_y(9))}"
    assert len(drawn.polyline.split(" ")) == 4


def test_days_are_counted_from_onset():
    scores = [(ONSET + timedelta(hours=30), 8), (ONSET + timedelta(hours=60), 6)]
    drawn = chart.layout(scores, start=ONSET)
    assert [t.label for t in drawn.day_ticks] == ["Day 1", "Day 2", "Day 3"]
    assert drawn.day_ticks[0].position == chart.LEFT
    # The first score, 30 hours in, is on day 2: after the "Day 2" line.
    assert drawn.day_ticks[1].position < drawn.points[0].x < drawn.day_ticks[2].position


def test_scores_within_one_later_day_are_labelled_with_that_day():
    first = ONSET + timedelta(days=2, hours=3)
    drawn = chart.layout([(first, 7), (first + timedelta(hours=2), 6)], start=first)
    assert [t.label for t in drawn.day_ticks] == ["Day 1"]
    drawn = chart.layout([(first, 7), (first + timedelta(hours=2), 6)])
    assert len(drawn.day_ticks) == 1


def test_long_episodes_get_a_few_day_labels_not_one_per_day():
    scores = [(ONSET + timedelta(days=d), 5) for d in range(0, 40, 3)]
    drawn = chart.layout(scores, start=ONSET)
    assert 2 <= len(drawn.day_ticks) <= chart.MAX_DAY_LABELS
    assert drawn.day_ticks[0].label == "Day 1"
    positions = [t.position for t in drawn.day_ticks]
    assert positions == sorted(positions)
    assert all(chart.LEFT <= x <= chart.WIDTH - chart.RIGHT for x in positions)


def test_every_point_stays_inside_the_plot():
    scores = [(ONSET + timedelta(minutes=17 * i), i % 11) for i in range(50)]
    drawn = chart.layout(scores, start=ONSET - timedelta(hours=5))
    for point in drawn.points:
        assert chart.LEFT <= point.x <= chart.WIDTH - chart.RIGHT
        assert chart.TOP <= point.y <= BOTTOM
