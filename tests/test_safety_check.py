"""The in-flow safety check: two short screens of tick boxes, nothing chosen
for the person, only the answers given stored, and a landing page that names
the answers that sent the person there."""

import html
import json
import re

import pytest
from sqlalchemy import select

from spasm.content.red_flags import CHECK_QUESTIONS, EMERGENCY, MATERNITY, URGENCY_BY_KEY
from spasm.content.relief import DO_NOT_MOVE
from spasm.content.sources import REFERENCES
from spasm.extensions import db
from spasm.models import Episode, RedFlagAnswer
from spasm.rules.red_flags import routing_table
from tests.conftest import CROSS_SITE, HTMX, count

FIRST = "/relief/safety-check"
MORE = "/relief/safety-check/more"
# The first screen asks the signs that mean call someone now: the emergency
# number, or the maternity unit.
EMERGENCY_KEYS = [q.key for q in CHECK_QUESTIONS if q.urgency in (EMERGENCY, MATERNITY)]
OTHER_KEYS = [q.key for q in CHECK_QUESTIONS if q.urgency not in (EMERGENCY, MATERNITY)]


def screen_of(key: str) -> str:
    return FIRST if key in EMERGENCY_KEYS else MORE


def send(client, path: str, *signs: str, answer: str | None = None, headers=None, **fields):
    data: dict = {"sign": list(signs), **fields}
    if answer is not None:
        data["answer"] = answer
    return client.post(path, data=data, headers=headers or {})


def stored(app) -> dict[str, str]:
    with app.app_context():
        return {row.question: row.answer for row in db.session.scalars(select(RedFlagAnswer))}


def first_screen(page: str) -> str:
    """The landing section, before the full list of signs."""
    return page[page.index('class="check-result') : page.index('id="red-flags"')]


def card(client, path: str) -> str:
    return client.get(path).get_data(as_text=True)


def label(key: str) -> str:
    return next(q.label for q in CHECK_QUESTIONS if q.key == key)


# --- the two screens ------------------------------------------------------------


def test_the_first_screen_asks_the_emergency_signs_and_the_second_the_rest(client):
    first, more = card(client, FIRST), card(client, MORE)
    assert re.findall(r'name="sign" value="(\w+)"', first) == EMERGENCY_KEYS
    assert re.findall(r'name="sign" value="(\w+)"', more) == OTHER_KEYS
    assert sorted(EMERGENCY_KEYS + OTHER_KEYS) == sorted(q.key for q in CHECK_QUESTIONS)
    for key in EMERGENCY_KEYS:
        assert label(key) in first and label(key) not in more
    for key in OTHER_KEYS:
        assert label(key) in more and label(key) not in first


@pytest.mark.parametrize("path", [FIRST, MORE])
def test_nothing_is_chosen_when_a_screen_opens(client, path):
    page = card(client, path)
    assert page.count('type="checkbox" name="sign"') > 0
    assert "checked" not in page
    assert 'type="radio"' not in page and 'value="no"' not in page


@pytest.mark.parametrize("path", [FIRST, MORE])
def test_none_of_these_comes_before_the_signs_and_yes_or_not_sure_after(client, path):
    page = card(client, path)
    none = page.index('name="answer" value="none"')
    assert none < page.index('name="sign"')
    assert re.search(r'<button class="btn btn-primary relief-next check-none" type="submit"', page)
    assert page.index('name="sign"') < page.index('name="answer" value="yes"')
    assert page.index('name="answer" value="yes"') < page.index('name="answer" value="unsure"')
    assert ">None of these</button>" in page and ">Yes</button>" in page and ">Not sure</button>" in page


@pytest.mark.parametrize(("path", "then", "back"), [(FIRST, MORE, "/relief/onset"), (MORE, "/relief/heat-cold", FIRST)])
def test_each_screen_works_offline_with_the_servers_routing_table(client, path, then, back):
    page = card(client, path)
    (form,) = re.findall(r"<form[^>]*data-safety-check[^>]*>", page)
    assert f'action="{path}"' in form and f'hx-post="{path}"' in form
    assert 'data-outbox="safety-check"' in form and 'data-outbox-when="offline"' in form
    assert f'data-then="{then}"' in form and 'data-red-flags="/red-flags"' in form
    table = json.loads(html.unescape(re.search(r"data-routing='([^']*)'", form).group(1)))
    assert table == routing_table()
    assert re.search(rf'<a class="btn btn-back" href="{back}" hx-get="{back}"', page)


def test_the_second_screen_is_a_page_and_a_fragment_the_same_for_every_new_device(client):
    page = client.get(MORE)
    assert page.status_code == 200 and "<html" in page.get_data(as_text=True)
    assert page.headers["Cache-Control"] == "public, max-age=300"
    fragment = client.get(MORE, headers=HTMX)
    text = fragment.get_data(as_text=True)
    assert "<html" not in text and text.startswith("<title>") and 'id="relief-card"' in text
    assert "Step 3 of 8" in text


def test_both_screens_are_kept_for_offline_use(client):
    data = client.get("/sw-data.js").get_data(as_text=True)
    release = json.loads(re.search(r"= (\{.*\});$", data.strip()).group(1))
    precache = [entry["url"] for entry in release["precache"]]
    fragments = release["fragments"]
    assert FIRST in precache and MORE in precache
    assert FIRST in fragments and MORE in fragments
    kept = client.get(MORE, headers={"X-Spasm-Precache": "1", **HTMX})
    assert kept.status_code == 200 and "no-store" not in kept.headers["Cache-Control"]


# --- None of these --------------------------------------------------------------


@pytest.mark.parametrize(("path", "then"), [(FIRST, MORE), (MORE, "/relief/heat-cold")])
def test_none_of_these_stores_no_answers_and_moves_on(app, client, path, then):
    response = send(client, path, answer="none")
    assert response.status_code == 303 and response.headers["Location"] == then
    assert count(app, RedFlagAnswer) == 0
    # Nothing to keep, so no episode is started for it either.
    assert count(app, Episode) == 0


def test_none_of_these_on_the_first_screen_answers_htmx_with_the_second(app, client):
    response = send(client, FIRST, answer="none", headers=HTMX)
    assert response.headers["HX-Push-Url"] == MORE
    text = response.get_data(as_text=True)
    assert f'action="{MORE}"' in text and "<html" not in text
    assert count(app, RedFlagAnswer) == 0


def test_none_of_these_on_the_second_screen_answers_htmx_with_the_next_step(client):
    response = send(client, MORE, answer="none", headers=HTMX)
    assert response.headers["HX-Push-Url"] == "/relief/heat-cold"
    assert "Step 4 of 8" in response.get_data(as_text=True)


def test_a_sign_ticked_with_none_of_these_is_kept_as_not_sure(app, client):
    # The tick and the button disagree: the tick is never thrown away.
    response = send(client, FIRST, "chest_pain", answer="none")
    assert response.headers["Location"] == "/red-flags/check"
    assert stored(app) == {"chest_pain": "unsure"}


# --- only the answers given --------------------------------------------------------


def test_ticked_signs_are_stored_and_nothing_else(app, client):
    send(client, MORE, "fever", "cancer", answer="yes")
    assert stored(app) == {"fever": "yes", "cancer": "yes"}


def test_not_sure_stores_the_ticked_signs_as_not_sure(app, client):
    send(client, MORE, "coping", "night_pain", answer="unsure")
    assert stored(app) == {"coping": "unsure", "night_pain": "unsure"}


def test_a_second_check_adds_to_the_answers_and_never_turns_one_into_a_no(app, client):
    send(client, MORE, "fever", answer="unsure")
    send(client, MORE, "fever", "age", answer="yes")
    send(client, MORE, answer="none")
    assert stored(app) == {"fever": "yes", "age": "yes"}
    assert count(app, Episode) == 1


def test_bad_values_and_unknown_keys_are_not_answers(app, client):
    response = send(client, FIRST, "made_up", "<script>", answer="none", fever="maybe", chest_pain="no")
    assert response.headers["Location"] == MORE
    assert stored(app) == {}


def test_a_phones_older_kept_form_stores_its_yes_and_not_sure_but_never_its_no(app, client):
    # A phone may still hold a check from before the two screens: every
    # question with an answer chosen for the person, "no" unless changed.
    older = {q.key: "no" for q in CHECK_QUESTIONS} | {"fever": "unsure", "cough_pain": "yes"}
    response = client.post(FIRST, data=older)
    assert response.headers["Location"] == "/red-flags/check"
    assert stored(app) == {"fever": "unsure", "cough_pain": "yes"}


def test_an_older_form_of_all_no_stores_nothing(app, client):
    response = client.post(FIRST, data={q.key: "no" for q in CHECK_QUESTIONS})
    assert response.status_code == 303
    assert count(app, RedFlagAnswer) == 0


def test_an_older_yes_tick_is_a_yes(app, client):
    response = client.post(FIRST, data={"yes": ["both_legs"]})
    assert response.headers["Location"] == "/red-flags/check"
    assert stored(app) == {"both_legs": "yes"}


def test_a_cross_site_check_is_refused(app, client):
    assert send(client, FIRST, "fever", answer="yes", headers=CROSS_SITE).status_code == 403
    assert send(client, MORE, "fever", answer="yes", headers=CROSS_SITE).status_code == 403
    assert count(app, RedFlagAnswer) == 0


def test_a_hidden_character_in_the_answer_shows_the_screen_again(app, client):
    response = send(client, MORE, "fever", answer="yes\x07")
    assert response.status_code == 422
    assert 'role="alert"' in response.get_data(as_text=True)
    assert count(app, RedFlagAnswer) == 0


# --- routing: one test per question ---------------------------------------------------


@pytest.mark.parametrize("question", CHECK_QUESTIONS, ids=lambda q: q.key)
@pytest.mark.parametrize("reply", ["yes", "unsure"])
def test_each_answer_lands_on_a_page_that_names_it(app, client, question, reply):
    response = send(client, screen_of(question.key), question.key, answer=reply)
    assert response.status_code == 303
    assert response.headers["Location"] == "/red-flags/check"
    assert stored(app) == {question.key: reply}
    page = client.get("/red-flags/check")
    text = page.get_data(as_text=True)
    screen = first_screen(text)
    assert f'<h1 id="check-result-title">{URGENCY_BY_KEY[question.urgency].title}</h1>' in screen
    assert "You ticked:" in screen and question.label in screen
    assert ("(not sure)" in screen) == (reply == "unsure")
    assert page.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize(("path", "level"), [(FIRST, "emergency"), (MORE, "today")])
@pytest.mark.parametrize("reply", ["yes", "unsure"])
def test_yes_or_not_sure_with_nothing_ticked_opens_the_signs_at_their_level(app, client, path, level, reply):
    # "I have one of these" without saying which: as urgent as the screen's
    # most urgent sign, with every sign there to read. Nothing is stored.
    response = send(client, path, answer=reply)
    assert response.status_code == 303 and response.headers["Location"] == f"/red-flags#{level}"
    assert count(app, RedFlagAnswer) == 0
    htmx = send(client, path, answer=reply, headers=HTMX)
    assert htmx.headers["HX-Redirect"] == f"/red-flags#{level}"


def test_mixed_answers_land_on_the_most_urgent_tier_and_list_them_all(client):
    send(client, MORE, "coping", answer="yes")
    send(client, MORE, "fever", answer="unsure")
    send(client, FIRST, "legs_giving_way", answer="yes")
    screen = first_screen(client.get("/red-flags/check").get_data(as_text=True))
    assert "Call the emergency number now" in screen and 'href="tel:' in screen
    positions = [screen.index(label(key)) for key in ("legs_giving_way", "fever", "coping")]
    assert positions == sorted(positions)
    assert "This back pain is new" not in screen


def test_the_emergency_landing_says_what_to_do_before_the_list(client):
    send(client, FIRST, "chest_pain", answer="yes")
    screen = first_screen(client.get("/red-flags/check").get_data(as_text=True))
    assert screen.index("Call the emergency number now, or go to A&amp;E") < screen.index("You ticked:")
    assert screen.index('href="tel:') < screen.index("You ticked:")
    assert "What to say when they answer" in screen
    # "Do not move" is for a fall, and this was chest pain.
    assert "Do not try to move" not in screen


def test_the_call_script_starts_with_the_signs_ticked(client):
    send(client, FIRST, "bladder_bowel", "chest_pain", answer="yes")
    page = client.get("/red-flags/check").get_data(as_text=True)
    script = page[page.index('<ol class="what-to-say">') :]
    script = script[: script.index("</ol>")]
    first = script[: script.index("</li>")]
    assert "First say what made you call:" in first
    assert label("bladder_bowel") in first and label("chest_pain") in first
    assert script.index("First say") < script.index("bad back pain")


def test_after_a_fall_the_landing_says_do_not_move(client):
    send(client, FIRST, "serious_fall", answer="yes")
    screen = first_screen(client.get("/red-flags/check").get_data(as_text=True))
    assert screen.index("After a serious fall, stay still. Do not try to move.") < screen.index("You ticked:")


def test_a_pregnancy_sign_lands_on_the_maternity_unit(database_uri):
    from tests.conftest import make_app

    client = make_app(database_uri, REGION="uk").test_client()
    send(client, FIRST, "pregnancy_bleeding", answer="yes")
    screen = first_screen(client.get("/red-flags/check").get_data(as_text=True))
    assert "Pregnant? Call your maternity unit now" in screen
    assert "Call your midwife or maternity unit now." in screen
    # The emergency number stays one tap away; the general advice line does not distract.
    assert 'href="tel:999"' in screen and 'href="tel:111"' not in screen


def test_a_pregnancy_sign_outranks_a_see_today_sign(client):
    send(client, FIRST, "pregnancy_labour_or_fever", answer="yes")
    send(client, MORE, "fever", answer="yes")
    assert "Pregnant? Call your maternity unit now" in client.get("/red-flags/check").get_data(as_text=True)


def test_a_today_landing_offers_the_advice_line_and_the_emergency_number(database_uri):
    from tests.conftest import make_app

    client = make_app(database_uri, REGION="uk").test_client()
    send(client, MORE, "cough_pain", answer="yes")
    screen = first_screen(client.get("/red-flags/check").get_data(as_text=True))
    assert "See a doctor today" in screen and 'href="tel:111"' in screen and 'href="tel:999"' in screen


def test_htmx_leaves_for_the_landing_page(client):
    response = send(client, FIRST, "saddle_numbness", answer="unsure", headers=HTMX)
    assert response.headers["HX-Redirect"] == "/red-flags/check"


def test_the_landing_without_flags_is_the_red_flag_page(client):
    response = client.get("/red-flags/check")
    assert response.status_code == 302 and response.headers["Location"] == "/red-flags"
    send(client, FIRST, answer="none")
    assert client.get("/red-flags/check").headers["Location"] == "/red-flags"


def test_the_landing_is_for_this_device_only(client, other_client):
    send(client, MORE, "fever", answer="yes")
    assert other_client.get("/red-flags/check").status_code == 302


def test_the_check_goes_to_the_open_episode(app, client):
    client.post("/episodes")
    send(client, MORE, "fever", answer="yes")
    assert count(app, Episode) == 1


# --- a check opened again ---------------------------------------------------------------


def test_saved_answers_are_named_but_not_ticked_when_the_check_opens_again(client):
    send(client, MORE, "cancer", answer="unsure")
    send(client, MORE, "fever", answer="yes")
    response = client.get(MORE)
    page = response.get_data(as_text=True)
    assert response.headers["Cache-Control"] == "no-store"
    assert "checked" not in page
    before = re.search(r'<p class="check-before muted">(.*?)</p>', page, re.S).group(1)
    assert "You ticked before:" in before
    assert f"{label('fever')}" in before and f"{label('cancer')} (not sure)" in before
    # The first screen asks other signs: nothing of these is named there.
    assert "check-before" not in card(client, FIRST)


# --- the first card ------------------------------------------------------------------


def test_the_first_card_says_do_not_move_before_any_movement_advice(client):
    page = client.get("/relief/position").get_data(as_text=True)
    # What the card shows: after its opening tag, whose attributes hold the
    # words read aloud.
    page = page[page.index(">", page.index('id="relief-card"')) :]
    warning = page.index(DO_NOT_MOVE.text)
    assert warning < page.index("Stop what you are doing")
    assert warning < page.index("hands and knees")
    call = re.search(r'<a class="btn btn-danger btn-block" href="tel:(\d+)"\s+data-emergency-number', page)
    assert call and warning < call.start() < page.index("Stop what you are doing")


# --- sources -----------------------------------------------------------------------------


def test_sources_page_lists_every_reference(client):
    response = client.get("/sources")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "public, max-age=300"
    for ref in REFERENCES:
        assert f'id="{ref.key}"' in page
        assert ref.date in page
        if ref.url:
            assert f'href="{ref.url}"' in page
    assert "Annals of Internal Medicine" in page and "CD004750" in page


@pytest.mark.parametrize(
    "path",
    [
        "/red-flags",
        "/relief/position",
        "/relief/onset",
        FIRST,
        MORE,
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
    page = client.get(path).get_data(as_text=True)
    lines = re.findall(r'class="sources">(.{0,40})', page)
    assert lines, path
    for line in lines:
        assert line.startswith('Sources: <a href="/sources#'), (path, line)
