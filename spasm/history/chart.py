"""Geometry of the pain-over-time chart, drawn on the server as plain SVG.

Pure functions: scores and times in, coordinates out. The template
(templates/history/_chart.html) only places what is computed here, so the
chart needs no library and no JavaScript, and can be tested without a page.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

PAIN_MIN, PAIN_MAX = 0, 10
WIDTH, HEIGHT = 300, 170
# Room for the pain labels on the left and the day labels underneath.
LEFT, RIGHT, TOP, BOTTOM = 26, 12, 10, 26
MAX_DAY_LABELS = 6
DAY = timedelta(days=1)


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    pain: int
    at: datetime


@dataclass(frozen=True)
class Tick:
    position: float
    label: str


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    left: float
    right: float
    top: float
    bottom: float
    points: tuple[Point, ...]
    pain_ticks: tuple[Tick, ...]
    day_ticks: tuple[Tick, ...]

    @property
    def is_empty(self) -> bool:
        return not self.points

    @property
    def polyline(self) -> str:
        """The SVG points attribute joining every score in time order."""
        return " ".join(f"{_fmt(p.x)},{_fmt(p.y)}" for p in self.points)

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width} {self.height}"


def _fmt(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def pain_y(pain: int, top: float = TOP, bottom: float = HEIGHT - BOTTOM) -> float:
    """0 sits on the bottom line, 10 on the top one."""
    pain = min(PAIN_MAX, max(PAIN_MIN, pain))
    return round(bottom - (bottom - top) * (pain - PAIN_MIN) / (PAIN_MAX - PAIN_MIN), 1)


def layout(
    scores: Sequence[tuple[datetime, int]],
    start: datetime | None = None,
    end: datetime | None = None,
) -> Chart:
    """Place `scores` (time, pain) on a time axis from `start` to `end`.

    `start` is the onset, so the day labels match the day numbers shown
    elsewhere ("Day 1" is the first 24 hours). Either bound widens to fit
    the scores; a single moment is drawn in the middle.
    """
    left, right = float(LEFT), float(WIDTH - RIGHT)
    top, bottom = float(TOP), float(HEIGHT - BOTTOM)
    ordered = sorted(scores, key=lambda score: score[0])
    times = [at for at, _ in ordered]
    candidates = [*times, *(t for t in (start, end) if t is not None)]
    first = min(candidates) if candidates else None
    last = max(candidates) if candidates else None
    span = (last - first).total_seconds() if first is not None and last is not None else 0

    def x_of(at: datetime) -> float:
        if span <= 0 or first is None:
            return round((left + right) / 2, 1)
        return round(left + (right - left) * (at - first).total_seconds() / span, 1)

    points = tuple(Point(x_of(at), pain_y(pain, top, bottom), pain, at) for at, pain in ordered)
    pain_ticks = tuple(Tick(pain_y(p, top, bottom), str(p)) for p in (0, 5, 10))
    day_ticks = _day_ticks(start or first, first, last, x_of) if first is not None and last is not None else ()
    return Chart(WIDTH, HEIGHT, left, right, top, bottom, points, pain_ticks, day_ticks)


def _day_ticks(origin: datetime, first: datetime, last: datetime, x_of) -> tuple[Tick, ...]:
    """A label where each day after `origin` begins, thinned out for long episodes."""
    first_day = max(0, math.ceil((first - origin) / DAY))
    last_day = max(0, math.floor((last - origin) / DAY))
    days = list(range(first_day, last_day + 1))
    if not days:
        # All within one day that started before the first score.
        return (Tick(x_of(first), f"Day {math.floor((first - origin) / DAY) + 1}"),)
    step = max(1, math.ceil(len(days) / MAX_DAY_LABELS))
    return tuple(Tick(x_of(origin + day * DAY), f"Day {day + 1}") for day in days[::step])
