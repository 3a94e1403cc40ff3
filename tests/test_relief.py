"""The relief flow: every step as a page and a fragment, starting an episode,
the onset question and the in-flow safety check."""

import re
from datetime import UTC, datetime, timedelta
from html import unescape

import pytest
from sqlalchemy import select

from spasm.content.red_flags import CHECK_QUESTIONS
from spasm.content.relief import STEP_BY_SLUG, STEP_SLUGS
from spasm.extensions import db
from spasm.models import Episode, RedFlagAnswer
from tests.conftest import CROSS_SITE, HTMX, count

NOW = datetime(2024, 6, 15, 12, 0, tzinfo=UTC)
PRECACHE = {"X-Spasm-Precache": "1"}


@pytest.fixture
def clock(app):
    app.config["CLOCK"] = lambda: NOW
    return NOW


def only_episode(app) -> Episode:
    with app.app_context():
        (episode,) = db.session.scalars(select(Episode)).all()
        db.session.expunge(episode)
        return episode


def answers(app) -> dict[str, str]:
    with app.app_context():
        return {row.question: row.answer for row in db.session.scalars(select(RedFlagAnswer))}


def start(client, **data):
    return client.post("/episodes", data={**data})


# --- every step, page and fragment --------------------------------------------


@pytest.mark.parametrize("slug", STEP_SLUGS)
def test_step_page_is_a_whole_public_page(client, slug):
    response = client.get(f"/relief/{slug}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<html" in html and 'id="relief-card"' in html
    number = STEP_SLUGS.index(slug) + 1
    assert f"Step {number} of {len(STEP_SLUGS)}" in html
    assert 'href="/red-flags"' in html
    assert "HX-Request" in response.headers["Vary"]
    assert response.headers.get("Cache-Control") != "no-store"
    assert 'hx-history="false"' not in html


@pytest.mark.parametrize("slug", STEP_SLUGS)
def test_step_fragment_is_the_card_with_a_title(client, slug):
    response = client.get(f"/relief/{slug}", headers=HTMX)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<html" not in html and "<body" not in html
    assert html.startswith("<title>") and 'id="relief-card"' in html
    assert "HX-Request" in response.headers["Vary"]


@pytest.mark.parametrize("slug", STEP_SLUGS)
def test_step_links_are_real_links_that_htmx_swaps(client, slug):
    html = client.get(f"/relief/{slug}").get_data(as_text=True)
    index = STEP_SLUGS.index(slug)
    if index + 1 < len(STEP_SLUGS) and slug not in ("safety-check",):
        following = f"/relief/{STEP_SLUGS[index + 1]}"
        link = re.search(rf'<a class="btn relief-next[^"]*" href="{following}"[^>]*>', html, re.S)
        assert link, f"no Next link to {following}"
        tag = link.group(0)
        assert f'hx-get="{following}"' in tag and 'hx-target="#relief-card"' in tag
        assert 'hx-push-url="true"' in tag and "outerHTML" in tag
    back = f"/relief/{STEP_SLUGS[index - 1]}" if index else "/"
    assert re.search(rf'class="btn btn-back" href="{back}"', html)


@pytest.mark.parametrize("slug", STEP_SLUGS)
def test_step_pages_have_no_inline_script_or_style(client, slug):
    html = client.get(f"/relief/{slug}").get_data(as_text=True)
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert "<style" not in html and " style=" not in html and "hx-on" not in html


@pytest.mark.parametrize(
    "headers", [{**HTMX, "HX-History-Restore-Request": "true"}, {"HX-History-Restore-Request": "true"}]
)
def test_history_restore_gets_the_whole_page(client, headers):
    html = client.get("/relief/breathe", headers=headers).get_data(as_text=True)
    assert "<html" in html and 'id="relief-card"' in html


def test_unknown_step_is_not_found(client):
    assert client.get("/relief/nap").status_code == 404
    assert client.get("/relief/nap", headers=HTMX).status_code == 404


def test_relief_root_starts_at_the_position(client):
    response = client.get("/relief")
    assert response.status_code == 302 and response.headers["Location"] == "/relief/position"


def test_position_step_draws_both_positions_inline(client):
    html = client.get("/relief/position").get_data(as_text=True)
    assert html.count("<svg") == 2 and "<img" not in html
    assert "calves on a chair" in html.replace("calves resting on a chair", "calves on a chair")
    assert "<details" in html and "like a log" in html


def speech_text(html: str) -> str | None:
    """The words a card gives read-aloud, as the script reads them."""
    found = re.search(r'<section [^>]*id="relief-card"[^>]*?data-speech-text="([^"]*)"', html)
    return unescape(found.group(1)) if found else None


@pytest.mark.parametrize("slug", STEP_SLUGS)
def test_each_card_gives_read_aloud_its_step_title_and_what_to_do(client, slug):
    number = STEP_SLUGS.index(slug) + 1
    said = f"Step {number} of {len(STEP_SLUGS)}. {STEP_BY_SLUG[slug].speech()}"
    assert speech_text(client.get(f"/relief/{slug}").get_data(as_text=True)) == said
    assert speech_text(client.get(f"/relief/{slug}", headers=HTMX).get_data(as_text=True)) == said


def test_the_position_card_reads_out_the_position_not_just_its_first_line(client):
    said = speech_text(client.get("/relief/position").get_data(as_text=True))
    assert said == (
        "Step 1 of 8. Stop and get down safely. "
        "Stop what you are doing. Find the position that hurts least. "
        "Trouble peeing, or numb between your legs? Call now. After a bad fall, do not move. "
        "Lie on your back, calves resting on a chair seat or sofa. "
        "Your hips and knees bend at a right angle. "
        "Or lie on your side with a pillow between your knees. Bend your hips a little."
    )


def test_a_saved_score_is_read_from_the_card_not_the_ask(client):
    client.post("/episodes")
    html = client.get("/relief/check-in").get_data(as_text=True)
    action = re.search(r'action="(/episodes/\d+/check-ins)"', html).group(1)
    client.post(action, data={"pain": "4"})
    html = client.get("/relief/check-in?saved=1").get_data(as_text=True)
    # No "tap a number" once the score is in: the script reads the saved line.
    assert "Saved: 4 out of 10." in html and speech_text(html) is None


def test_heat_cold_step_offers_a_timer_and_the_skin_rules(client):
    html = client.get("/relief/heat-cold").get_data(as_text=True)
    assert 'action="/timer' in html or 'href="/timer"' in html
    assert "Never fall asleep with heat on." in html
    assert "Use cold for 20 minutes at most." in html


def test_breathe_step_has_a_pacer_and_steps_in_words(client):
    html = client.get("/relief/breathe").get_data(as_text=True)
    assert "data-breathe" in html and "data-breathe-cue" in html
    assert "Do not hold your breath. Keep going for 3 to 5 minutes." in html


def test_medicines_step_lists_who_should_avoid_and_gives_no_dose(client):
    html = client.get("/relief/medicines").get_data(as_text=True)
    assert "Do not take them if:" in html and "Ask a pharmacist or doctor first if:" in html
    assert html.index("Do not take them if:") < html.index("Ask a pharmacist or doctor first if:")
    assert "You have kidney or liver problems" in html and "You are 65 or over" in html
    assert "Follow the label, or ask a pharmacist" in html
    assert "Paracetamol" in html
    assert not re.search(r"\d\s*(mg|ml)\b", html)


# --- starting an episode ----------------------------------------------------


def test_start_redirects_to_the_position_step(app, client):
    response = start(client)
    assert response.status_code == 303
    assert response.headers["Location"] == "/relief/position"
    assert count(app, Episode) == 1


def test_pressing_start_twice_resumes_the_open_episode(app, client):
    start(client)
    start(client)
    assert count(app, Episode) == 1


def test_each_device_gets_its_own_episode(app, client, other_client):
    start(client)
    start(other_client)
    assert count(app, Episode) == 2


def test_start_with_htmx_answers_with_the_position_card_and_pushes_its_url(app, client):
    response = client.post("/episodes", headers=HTMX)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert response.headers["HX-Push-Url"] == "/relief/position"
    assert "<html" not in html and "Step 1 of 8" in html
    assert count(app, Episode) == 1


def test_start_can_go_straight_to_a_step(client):
    assert start(client, step="check-in").headers["Location"] == "/relief/check-in"
    assert start(client, step="https://evil.example").headers["Location"] == "/relief/position"


def test_a_cross_site_start_is_refused(app, client):
    assert client.post("/episodes", headers=CROSS_SITE).status_code == 403
    assert count(app, Episode) == 0


def test_reading_steps_creates_no_profile_or_episode(app, client):
    for slug in STEP_SLUGS:
        client.get(f"/relief/{slug}")
    assert count(app, Episode) == 0


# --- onset ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("choice", "ago"),
    [
        # With no offset from the phone, the earliest start in any time zone.
        ("just_now", timedelta(0)),
        ("earlier_today", timedelta(days=1)),
        ("yesterday", timedelta(days=2)),
        ("days_ago", timedelta(days=7)),
        ("about_week", timedelta(days=14)),
        ("two_weeks", timedelta(days=28)),
        ("month", timedelta(days=32)),
    ],
)
def test_quick_onset_answer_is_saved_and_moves_on(app, client, clock, choice, ago):
    response = client.post("/relief/onset", data={"choice": choice})
    assert response.status_code == 303
    assert response.headers["Location"] == "/relief/safety-check"
    episode = only_episode(app)
    assert episode.onset_at == NOW - ago
    assert episode.onset_choice == choice


def test_quick_onset_uses_the_phones_own_midnight(app, client, clock):
    # 12:00 UTC is 08:00 in New York (offset 240): yesterday began at 04:00 UTC the day before.
    data = {"choice": "yesterday", "tz_offset": "240"}
    assert client.post("/relief/onset", data=data).status_code == 303
    assert only_episode(app).onset_at == datetime(2024, 6, 14, 4, 0, tzinfo=UTC)


def test_onset_step_offers_every_answer(client):
    html = client.get("/relief/onset").get_data(as_text=True)
    for label in ("Just now", "2 to 6 days ago", "About a week ago", "Two weeks or more", "A month or more"):
        assert label in html
    assert 'name="tz_offset" value="" data-tz-offset' in html


def test_an_onset_long_ago_is_saved_and_brings_advice_to_see_a_doctor(app, client, clock):
    data = {"choice": "pick_time", "picked": "2024-01-07T12:00", "tz_offset": "0"}
    assert client.post("/relief/onset", data=data).status_code == 303
    assert only_episode(app).onset_at == datetime(2024, 1, 7, 12, 0, tzinfo=UTC)
    html = client.get("/relief/check-in").get_data(as_text=True)
    assert "See a doctor" in html and "a few weeks ago or more" in html


def test_onset_goes_to_the_open_episode(app, client, clock):
    start(client)
    client.post("/relief/onset", data={"choice": "yesterday"})
    assert only_episode(app).onset_choice == "yesterday"


def test_picked_onset_is_read_as_local_time_with_the_browser_offset(app, client, clock):
    # 09:30 on a browser two hours ahead of UTC (getTimezoneOffset() is -120).
    data = {"choice": "pick_time", "picked": "2024-06-14T09:30", "tz_offset": "-120"}
    response = client.post("/relief/onset", data=data)
    assert response.status_code == 303
    episode = only_episode(app)
    assert episode.onset_at == datetime(2024, 6, 14, 7, 30, tzinfo=UTC)
    assert episode.onset_choice == "time"


def test_picked_onset_without_javascript_is_read_as_utc(app, client, clock):
    data = {"choice": "pick_time", "picked": "2024-06-14T09:30"}
    assert client.post("/relief/onset", data=data).status_code == 303
    assert only_episode(app).onset_at == datetime(2024, 6, 14, 9, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("picked", "tz_offset", "message"),
    [
        ("2024-06-16T12:00", "0", "in the future"),
        ("soon-ish", "0", "Please enter a date and time"),
        ("", "0", "Please enter the date and time"),
        ("2024-06-14T09:30", "abc", "Please enter the date and time again"),
        ("2024-06-14T09:30", "5000", "Please enter the date and time again"),
        ("0001-01-01T00:00", "-60", "out of range"),
    ],
)
def test_bad_picked_onset_is_refused_with_a_message(app, client, clock, picked, tz_offset, message):
    data = {"choice": "pick_time", "picked": picked, "tz_offset": tz_offset}
    response = client.post("/relief/onset", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in html and 'role="alert"' in html and "<html" in html
    assert count(app, Episode) == 0


def test_bad_onset_keeps_what_was_saved(app, client, clock):
    client.post("/relief/onset", data={"choice": "yesterday"})
    data = {"choice": "pick_time", "picked": "2030-01-01T00:00"}
    assert client.post("/relief/onset", data=data).status_code == 422
    episode = only_episode(app)
    assert episode.onset_choice == "yesterday" and episode.onset_at == NOW - timedelta(days=2)


@pytest.mark.parametrize("choice", ["", "last_year", "pick"])
def test_unknown_onset_choice_is_refused(app, client, choice):
    response = client.post("/relief/onset", data={"choice": choice})
    assert response.status_code == 422
    assert "Please choose one of the answers." in response.get_data(as_text=True)
    assert count(app, Episode) == 0


def test_onset_error_for_htmx_is_the_card_with_the_message(client, clock):
    data = {"choice": "pick_time", "picked": "2030-01-01T00:00"}
    response = client.post("/relief/onset", data=data, headers=HTMX)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "<html" not in html and "in the future" in html and "<details" in html and " open" in html


def test_onset_with_htmx_answers_with_the_next_card(client, clock):
    response = client.post("/relief/onset", data={"choice": "just_now"}, headers=HTMX)
    assert response.status_code == 200
    assert response.headers["HX-Push-Url"] == "/relief/safety-check"
    assert "Step 3 of 8" in response.get_data(as_text=True)


def test_a_cross_site_onset_is_refused(app, client):
    assert client.post("/relief/onset", data={"choice": "just_now"}, headers=CROSS_SITE).status_code == 403
    assert count(app, Episode) == 0


def test_onset_step_shows_the_saved_answer_only_to_its_device(client, other_client, clock):
    client.post("/relief/onset", data={"choice": "yesterday"})
    mine = client.get("/relief/onset")
    assert "You said: Yesterday" in mine.get_data(as_text=True)
    assert mine.headers["Cache-Control"] == "no-store"
    assert 'hx-history="false"' in mine.get_data(as_text=True)
    theirs = other_client.get("/relief/onset")
    assert "You said" not in theirs.get_data(as_text=True)
    assert theirs.headers.get("Cache-Control") != "no-store"


def test_precache_copy_of_a_step_holds_nothing_personal(client, clock):
    client.post("/relief/onset", data={"choice": "yesterday"})
    for slug in STEP_SLUGS:
        response = client.get(f"/relief/{slug}", headers=PRECACHE)
        html = response.get_data(as_text=True)
        assert "You said" not in html and not re.search(r"checkin-\d", html), slug
        assert 'name="csrf_token" value=""' in html or "csrf_token" not in html, slug
        assert response.headers.get("Cache-Control") != "no-store", slug


# --- safety check -------------------------------------------------------------


def check(client, *yes, headers=None):
    return client.post("/relief/safety-check", data={"yes": list(yes)}, headers=headers or {})


def test_safety_check_with_no_flags_moves_on_and_stores_nothing(app, client):
    response = check(client)
    assert response.status_code == 303
    assert response.headers["Location"] == "/relief/safety-check/more"
    assert answers(app) == {}


@pytest.mark.parametrize("question", CHECK_QUESTIONS, ids=lambda q: q.key)
def test_each_older_tick_goes_to_the_check_result(app, client, question):
    response = check(client, question.key)
    assert response.status_code == 303
    assert response.headers["Location"] == "/red-flags/check"
    assert answers(app) == {question.key: "yes"}


def test_a_second_check_keeps_the_answers_given(app, client):
    check(client, "fever")
    check(client)
    assert count(app, RedFlagAnswer) == 1
    assert answers(app) == {"fever": "yes"}


def test_unknown_flag_keys_are_ignored(app, client):
    response = check(client, "made_up", "<script>")
    assert response.headers["Location"] == "/relief/safety-check/more"
    assert answers(app) == {}


def test_safety_check_goes_to_the_open_episode(app, client):
    start(client)
    check(client, "fever")
    assert count(app, Episode) == 1


def test_safety_check_with_htmx_leaves_for_the_red_flag_page(client):
    response = check(client, "both_legs", headers=HTMX)
    assert response.status_code == 200
    assert response.headers["HX-Redirect"] == "/red-flags/check"


def test_safety_check_with_htmx_and_no_flags_answers_with_the_next_card(client):
    response = check(client, headers=HTMX)
    assert response.headers["HX-Push-Url"] == "/relief/safety-check/more"
    assert 'action="/relief/safety-check/more"' in response.get_data(as_text=True)


def test_a_cross_site_safety_check_is_refused(app, client):
    assert client.post("/relief/safety-check", data={"yes": ["fever"]}, headers=CROSS_SITE).status_code == 403
    assert count(app, RedFlagAnswer) == 0


def test_safety_step_names_the_saved_yes_answers_without_ticking_them(client):
    check(client, "fever")
    response = client.get("/relief/safety-check/more")
    html = response.get_data(as_text=True)
    assert "You ticked before:" in html and "feel hot and shivery" in html
    assert "checked" not in html
    assert response.headers["Cache-Control"] == "no-store"
