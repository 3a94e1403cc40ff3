"""The in-flow safety check: every sign asked with yes, not sure or no, and a
landing page that names the answers that sent the person there."""

import re

import pytest
from sqlalchemy import select

from spasm.content.red_flags import CHECK_QUESTIONS, URGENCY_BY_KEY
from spasm.content.relief import DO_NOT_MOVE
from spasm.content.sources import REFERENCES
from spasm.extensions import db
from spasm.models import RedFlagAnswer
from tests.conftest import HTMX


def answer(client, answers: dict[str, str], headers=None):
    return client.post("/relief/safety-check", data=answers, headers=headers or {})


def stored(app) -> dict[str, str]:
    with app.app_context():
        return {row.question: row.answer for row in db.session.scalars(select(RedFlagAnswer))}


def first_screen(html: str) -> str:
    """The landing section, before the full list of signs."""
    return html[html.index('class="check-result') : html.index('id="red-flags"')]


# --- the form -------------------------------------------------------------------


def test_every_question_is_asked_with_yes_not_sure_and_no(client):
    html = client.get("/relief/safety-check").get_data(as_text=True)
    for question in CHECK_QUESTIONS:
        assert question.label in html, question.key
        for value in ("yes", "unsure", "no"):
            assert f'name="{question.key}" value="{value}"' in html, (question.key, value)
    assert html.count(">Not sure<") == len(CHECK_QUESTIONS)
    assert len(re.findall(r'<section class="check-group"', html)) == 7


# --- routing: one test per question ---------------------------------------------------


@pytest.mark.parametrize("question", CHECK_QUESTIONS, ids=lambda q: q.key)
@pytest.mark.parametrize("reply", ["yes", "unsure"])
def test_each_answer_lands_on_a_page_that_names_it(app, client, question, reply):
    response = answer(client, {question.key: reply})
    assert response.status_code == 303
    assert response.headers["Location"] == "/red-flags/check"
    assert stored(app)[question.key] == reply
    page = client.get("/red-flags/check")
    html = page.get_data(as_text=True)
    screen = first_screen(html)
    assert f'<h1 id="check-result-title">{URGENCY_BY_KEY[question.urgency].title}</h1>' in screen
    assert "You ticked:" in screen and question.label in screen
    assert ("(not sure)" in screen) == (reply == "unsure")
    assert page.headers["Cache-Control"] == "no-store"


def test_all_no_moves_on_and_stores_every_no(app, client):
    response = answer(client, {q.key: "no" for q in CHECK_QUESTIONS})
    assert response.headers["Location"] == "/relief/heat-cold"
    assert set(stored(app).values()) == {"no"} and len(stored(app)) == len(CHECK_QUESTIONS)


def test_nothing_chosen_counts_as_no(app, client):
    assert answer(client, {}).headers["Location"] == "/relief/heat-cold"
    assert set(stored(app).values()) == {"no"}


def test_mixed_answers_land_on_the_most_urgent_tier_and_list_them_all(client):
    answer(client, {"coping": "yes", "fever": "unsure", "legs_giving_way": "yes", "age": "no"})
    screen = first_screen(client.get("/red-flags/check").get_data(as_text=True))
    assert "Call the emergency number now" in screen and 'href="tel:' in screen
    labels = [
        CHECK_QUESTIONS[[q.key for q in CHECK_QUESTIONS].index(k)].label for k in ("legs_giving_way", "fever", "coping")
    ]
    positions = [screen.index(label) for label in labels]
    assert positions == sorted(positions)
    assert "This back pain is new" not in screen


def test_the_emergency_landing_says_what_to_do_before_the_list(client):
    answer(client, {"chest_pain": "yes"})
    screen = first_screen(client.get("/red-flags/check").get_data(as_text=True))
    assert screen.index("Do not try to move") < screen.index("You ticked:")
    assert screen.index('href="tel:') < screen.index("You ticked:")
    assert "What to say when they answer" in screen


def test_a_today_landing_offers_the_advice_line_and_the_emergency_number(database_uri):
    from tests.conftest import make_app

    client = make_app(database_uri, REGION="uk").test_client()
    answer(client, {"cough_pain": "yes"})
    screen = first_screen(client.get("/red-flags/check").get_data(as_text=True))
    assert "See a doctor today" in screen and 'href="tel:111"' in screen and 'href="tel:999"' in screen


def test_bad_values_are_no_and_unknown_keys_are_ignored(app, client):
    response = answer(client, {"fever": "maybe", "made_up": "yes", "<script>": "yes"})
    assert response.headers["Location"] == "/relief/heat-cold"
    assert set(stored(app)) == {q.key for q in CHECK_QUESTIONS}


def test_htmx_leaves_for_the_landing_page(client):
    response = answer(client, {"saddle_numbness": "unsure"}, headers=HTMX)
    assert response.headers["HX-Redirect"] == "/red-flags/check"


def test_the_landing_without_flags_is_the_red_flag_page(client):
    response = client.get("/red-flags/check")
    assert response.status_code == 302 and response.headers["Location"] == "/red-flags"
    answer(client, {"fever": "no"})
    assert client.get("/red-flags/check").headers["Location"] == "/red-flags"


def test_the_landing_is_for_this_device_only(client, other_client):
    answer(client, {"fever": "yes"})
    assert other_client.get("/red-flags/check").status_code == 302


def test_saved_answers_show_when_the_check_opens_again(client):
    answer(client, {"cancer": "unsure"})
    html = client.get("/relief/safety-check").get_data(as_text=True)
    assert 'name="cancer" value="unsure" checked' in html
    assert 'name="fever" value="no" checked' in html


# --- the first card ------------------------------------------------------------------


def test_the_first_card_says_do_not_move_before_any_movement_advice(client):
    html = client.get("/relief/position").get_data(as_text=True)
    warning = html.index(DO_NOT_MOVE.text)
    assert warning < html.index("Stop what you are doing")
    assert warning < html.index("hands and knees")
    call = re.search(r'<a class="btn btn-danger btn-block" href="tel:(\d+)"\s+data-emergency-number', html)
    assert call and warning < call.start() < html.index("Stop what you are doing")


# --- sources -----------------------------------------------------------------------------


def test_sources_page_lists_every_reference(client):
    response = client.get("/sources")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "public, max-age=300"
    for ref in REFERENCES:
        assert f'id="{ref.key}"' in html
        assert ref.year in html
        if ref.url:
            assert f'href="{ref.url}"' in html
    assert "Annals of Internal Medicine" in html and "CD004750" in html


@pytest.mark.parametrize(
    "path",
    [
        "/red-flags",
        "/relief/position",
        "/relief/onset",
        "/relief/safety-check",
        "/relief/heat-cold",
        "/relief/breathe",
        "/relief/move",
        "/relief/medicines",
        "/relief/check-in",
        "/timer",
        "/prevention",
        "/prevention/plank",
    ],
)
def test_every_sources_line_links_to_the_sources_page(client, path):
    html = client.get(path).get_data(as_text=True)
    lines = re.findall(r'class="sources">(.{0,40})', html)
    assert lines, path
    for line in lines:
        assert line.startswith('<a href="/sources">Sources</a>:'), (path, line)
