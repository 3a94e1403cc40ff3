"""Prevention pages: exercises and habits, never during a spasm."""

import pytest

from spasm.content.prevention import EXERCISES, HABITS, NOT_DURING_SPASM
from tests.conftest import HTMX


def test_page_lists_every_exercise_and_habit_with_the_warning(client):
    response = client.get("/prevention")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<html" in html
    assert NOT_DURING_SPASM.text in html
    for exercise in EXERCISES:
        assert f'href="/prevention/{exercise.slug}"' in html
    for habit in HABITS:
        assert habit.title in html


def test_page_fragment_for_htmx(client):
    response = client.get("/prevention", headers=HTMX)
    html = response.get_data(as_text=True)
    assert "<html" not in html and 'id="prevention"' in html
    assert "HX-Request" in response.headers["Vary"]


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.slug)
def test_each_exercise_page_and_fragment(client, exercise):
    page = client.get(f"/prevention/{exercise.slug}").get_data(as_text=True)
    fragment = client.get(f"/prevention/{exercise.slug}", headers=HTMX).get_data(as_text=True)
    for html in (page, fragment):
        assert exercise.name in html
        assert NOT_DURING_SPASM.text in html
        assert "<svg" in html  # the illustration is inline, so it follows the theme
        for line in exercise.how:
            assert line.replace("'", "&#39;") in html
    assert "<html" in page and "<html" not in fragment
    if exercise.hold_seconds:
        assert f'data-hold-seconds="{exercise.hold_seconds}"' in page
    else:
        assert f'data-reps="{exercise.reps}"' in page


def test_unknown_exercise_is_404(client):
    assert client.get("/prevention/cartwheel").status_code == 404


def test_decorative_copies_of_illustrations_are_hidden_from_screen_readers(client):
    html = client.get("/prevention").get_data(as_text=True)
    assert html.count('aria-hidden="true" focusable="false"') == len(EXERCISES)
