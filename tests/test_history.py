"""The recovery log: episode list, episode page, ending, notes, summary,
and that another device can reach none of it."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from spasm.device import hash_token
from spasm.extensions import db
from spasm.models import CheckIn, Episode, Note, Profile, RedFlagAnswer, TimerRun
from tests.conftest import CROSS_SITE, HTMX

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
SETTINGS = {
    "region": "eu",
    "emergency_number": "",
    "heat_minutes": "20",
    "cold_minutes": "15",
    "sound": "on",
    "text_size": "normal",
    "theme": "auto",
}


# --- Test data ---------------------------------------------------------------


@pytest.fixture(autouse=True)
def fixed_clock(app):
    app.config["CLOCK"] = lambda: NOW
    yield
    app.config.pop("CLOCK", None)


def make_device(app, client) -> int:
    """Give `client` a profile (by saving settings) and return its id."""
    response = client.post("/settings", data={**SETTINGS})
    assert response.status_code == 303
    token = client.get_cookie("spasm_device").value
    with app.app_context():
        return db.session.scalar(select(Profile.id).where(Profile.token_hash == hash_token(token)))


def add_episode(
    app,
    profile_id: int,
    *,
    onset: datetime | None = None,
    started: datetime | None = None,
    ended: datetime | None = None,
    pains: list[tuple[datetime, int]] = (),
    red_flags: dict[str, str] | None = None,
    timers: list[dict] = (),
    notes: list[tuple[str, str]] = (),
) -> int:
    with app.app_context():
        episode = Episode(
            profile_id=profile_id,
            started_at=started or onset or NOW - timedelta(hours=1),
            onset_at=onset,
            onset_choice="days_ago" if onset else None,
            ended_at=ended,
        )
        db.session.add(episode)
        db.session.flush()
        own = {"profile_id": profile_id, "episode_id": episode.id}
        for at, pain in pains:
            db.session.add(CheckIn(**own, recorded_at=at, pain=pain))
        for key, answer in (red_flags or {}).items():
            db.session.add(RedFlagAnswer(**own, question=key, answer=answer, answered_at=episode.started_at))
        for timer in timers:
            db.session.add(TimerRun(**own, **timer))
        for kind, body in notes:
            db.session.add(Note(**own, kind=kind, body=body, created_at=NOW))
        db.session.commit()
        return episode.id


def count(app, model, **where) -> int:
    with app.app_context():
        query = select(func.count()).select_from(model)
        for name, value in where.items():
            query = query.where(getattr(model, name) == value)
        return db.session.scalar(query)


def get_episode(app, episode_id: int) -> Episode:
    with app.app_context():
        return db.session.get(Episode, episode_id)


def html_of(response) -> str:
    return response.get_data(as_text=True)


def assert_personal_page(response):
    html = html_of(response)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert "HX-Request" in response.headers["Vary"]
    assert 'hx-history="false"' in html
    assert " style=" not in html and "<style" not in html


def assert_fragment(response, marker: str):
    html = html_of(response)
    assert response.status_code == 200
    assert "<html" not in html and marker in html
    assert response.headers["Cache-Control"] == "no-store"


@pytest.fixture
def device(app, client):
    return make_device(app, client)


@pytest.fixture
def day3(app, device):
    """Onset two and a half days ago, pain not better: the day-3 prompt is due."""
    onset = NOW - timedelta(days=2, hours=12)
    return add_episode(
        app,
        device,
        onset=onset,
        pains=[(onset + timedelta(hours=1), 7), (onset + timedelta(days=1), 6), (NOW - timedelta(hours=1), 7)],
    )


# --- The list ----------------------------------------------------------------


def test_history_page_and_fragment_for_a_new_device(client):
    page = client.get("/history")
    assert_personal_page(page)
    assert "Nothing saved yet." in html_of(page)
    assert_fragment(client.get("/history", headers=HTMX), 'id="history"')


def test_history_lists_this_devices_episodes_newest_first(app, client, other_client, device):
    older = add_episode(app, device, started=NOW - timedelta(days=30), ended=NOW - timedelta(days=25))
    newer = add_episode(app, device, started=NOW - timedelta(days=2), pains=[(NOW - timedelta(days=1), 6)])
    theirs = add_episode(app, make_device(app, other_client), started=NOW - timedelta(days=1))
    html = html_of(client.get("/history"))
    links = re.findall(r'href="/history/(\d+)"', html)
    assert links[:2] == [str(newer), str(older)]
    assert str(theirs) not in links
    assert "Still going, day 3" in html and "pain 6 out of 10" in html
    assert "Better on day 6" in html
    assert "How is your pain now?" in html
    assert set(re.findall(r'href="/history/(\d+)"', html_of(other_client.get("/history")))) == {str(theirs)}


# --- One episode -------------------------------------------------------------


def test_episode_page_shows_day_chart_table_and_the_day_3_prompt(client, day3):
    response = client.get(f"/history/{day3}")
    assert_personal_page(response)
    html = html_of(response)
    assert "<h1>Day 3</h1>" in html
    assert "Time to ask for advice" in html and "Please see a pharmacist or doctor for advice." in html
    assert 'class="sources"' in html
    svg = re.search(r"<svg class=\"pain-chart-svg\".*?</svg>", html, re.S).group(0)
    assert "<title" in svg and "<desc" in svg and 'role="img"' in svg
    assert svg.count("<circle") == 3 and "<polyline" in svg
    assert "Day 1" in svg and "Day 3" in svg
    assert 'class="pain-table"' in html and html.count("/ 10</td>") == 3
    # The quick check-in comes back here without JavaScript.
    assert f'action="/episodes/{day3}/check-ins"' in html
    assert f'name="next" value="/history/{day3}"' in html


def test_episode_fragment_for_htmx(client, day3):
    assert_fragment(client.get(f"/history/{day3}", headers=HTMX), f'id="episode-{day3}"')


def test_early_days_with_no_scores_yet(app, client, device):
    episode_id = add_episode(app, device, onset=NOW - timedelta(hours=2))
    html = html_of(client.get(f"/history/{episode_id}"))
    assert "<h1>Day 1</h1>" in html and "Keep going" in html
    assert "No pain scores yet." in html and "<svg" not in html


def test_getting_worse_asks_to_see_a_doctor_today(app, client, device):
    onset = NOW - timedelta(hours=20)
    risen = NOW - timedelta(hours=3)
    episode_id = add_episode(app, device, onset=onset, pains=[(onset, 5), (risen, 8), (NOW, 8)])
    assert "See a doctor today" in html_of(client.get(f"/history/{episode_id}"))


def test_one_high_score_is_not_getting_worse(app, client, device):
    onset = NOW - timedelta(hours=20)
    episode_id = add_episode(app, device, onset=onset, pains=[(onset, 6), (NOW - timedelta(hours=3), 4), (NOW, 6)])
    html = html_of(client.get(f"/history/{episode_id}"))
    assert "See a doctor today" not in html and "Keep going" in html


def test_red_flag_answers_and_timer_runs_are_shown(app, client, device):
    started = NOW - timedelta(hours=5)
    episode_id = add_episode(
        app,
        device,
        started=started,
        red_flags={"fever": "yes", "both_legs": "no", "cancer": "unsure"},
        timers=[
            {
                "kind": "heat",
                "planned_seconds": 1200,
                "started_at": started,
                "ends_at": started + timedelta(minutes=20),
                "ended_at": started + timedelta(minutes=20),
                "status": "completed",
            },
            {
                "kind": "cold",
                "planned_seconds": 900,
                "started_at": started + timedelta(hours=2),
                "ends_at": started + timedelta(hours=2, minutes=15),
                "ended_at": started + timedelta(hours=2, minutes=6),
                "status": "stopped",
            },
        ],
    )
    html = html_of(client.get(f"/history/{episode_id}"))
    assert 'role="alert"' in html and "See a doctor today." in html and 'href="/red-flags#today"' in html
    assert "You have a high temperature, or feel hot and shivery. <strong>Yes</strong>" in html
    assert "You have had cancer. <strong>Not sure</strong>" in html
    # A stored "no" is one the older check chose for the person: not an answer.
    assert "Both legs are weak" not in html and "<strong>No</strong>" not in html
    assert "Only the signs ticked are listed." in html
    assert "<strong>Heat</strong>" in html and "20 minutes planned" in html and "ran to the end" in html
    assert "<strong>Cold</strong>" in html and "6 used" in html and "stopped early" in html


def test_unknown_episode_is_404(client, device):
    assert client.get("/history/999").status_code == 404
    assert client.get("/history/999/summary").status_code == 404


# --- Ending an episode -------------------------------------------------------


def test_im_better_ends_the_episode_without_javascript(app, client, day3):
    response = client.post(f"/history/{day3}/end")
    assert response.status_code == 303 and response.headers["Location"] == f"/history/{day3}"
    assert get_episode(app, day3).ended_at == NOW
    html = html_of(client.get(f"/history/{day3}"))
    assert "Better on day 3" in html
    # An ended episode takes no more check-ins and gives no more prompts.
    assert "check-ins" not in html and "Time to ask for advice" not in html


def test_im_better_with_htmx_returns_the_episode_and_a_second_tap_changes_nothing(app, client, day3):
    response = client.post(f"/history/{day3}/end", headers=HTMX)
    assert_fragment(response, "Better on day 3")
    app.config["CLOCK"] = lambda: NOW + timedelta(days=1)
    client.post(f"/history/{day3}/end", headers=HTMX)
    assert get_episode(app, day3).ended_at == NOW


def test_a_cross_site_end_is_refused_and_saves_nothing(app, client, day3):
    response = client.post(f"/history/{day3}/end", headers=CROSS_SITE)
    assert response.status_code == 403 and "another website" in html_of(response)
    assert get_episode(app, day3).ended_at is None


# --- Notes -------------------------------------------------------------------


def test_a_medicine_note_is_saved_as_text_and_shown_escaped(app, client, day3):
    body = '<script>alert("x")</script> ibuprofen & <b>heat</b>'
    response = client.post(f"/history/{day3}/notes", data={"kind": "medicine", "body": body})
    assert response.status_code == 303 and response.headers["Location"] == f"/history/{day3}#notes-{day3}"
    with app.app_context():
        note = db.session.scalar(select(Note))
        assert (note.kind, note.body, note.created_at) == ("medicine", body, NOW)
    html = html_of(client.get(f"/history/{day3}"))
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; ibuprofen &amp; &lt;b&gt;heat&lt;/b&gt;" in html
    assert "<script>alert" not in html and "<b>heat</b>" not in html


def test_a_note_with_htmx_returns_the_notes_section(client, day3):
    response = client.post(
        f"/history/{day3}/notes",
        data={"kind": "note", "body": "Walked to the shop."},
        headers=HTMX,
    )
    assert_fragment(response, f'id="notes-{day3}"')
    assert "Walked to the shop." in html_of(response) and "Saved." in html_of(response)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"kind": "note", "body": "x" * 2001}, "Keep it under 2000 characters."),
        ({"kind": "note", "body": "   "}, "Write something first."),
        ({"kind": "note"}, "Write something first."),
        ({"kind": "poem", "body": "hello"}, "Choose a note or a medicine."),
    ],
)
def test_bad_notes_get_a_message_and_nothing_is_saved(app, client, day3, data, message):
    for headers, marker in ((None, "<html"), (HTMX, f'id="notes-{day3}"')):
        response = client.post(f"/history/{day3}/notes", data={**data}, headers=headers or {})
        assert response.status_code == 422
        assert message in html_of(response) and marker in html_of(response)
    assert count(app, Note) == 0


def test_a_note_of_exactly_2000_characters_is_fine(app, client, day3):
    client.post(f"/history/{day3}/notes", data={"kind": "note", "body": "y" * 2000})
    assert count(app, Note) == 1


def test_a_body_over_a_mebibyte_is_refused_with_413(app, client, day3):
    response = client.post(f"/history/{day3}/notes", data={"kind": "note", "body": "z" * (1024 * 1024 + 10)})
    assert response.status_code == 413 and "Too much data" in html_of(response)
    assert count(app, Note) == 0


def test_a_cross_site_note_is_refused(app, client, day3):
    response = client.post(
        f"/history/{day3}/notes", data={"kind": "note", "body": "hello"}, headers={**HTMX, **CROSS_SITE}
    )
    assert response.status_code == 403 and "another website" in html_of(response)
    assert count(app, Note) == 0


def test_notes_can_be_added_after_the_episode_ended(app, client, device):
    episode_id = add_episode(app, device, started=NOW - timedelta(days=5), ended=NOW - timedelta(days=1))
    client.post(f"/history/{episode_id}/notes", data={"kind": "note", "body": "Fine now."})
    assert count(app, Note, episode_id=episode_id) == 1


# --- Quick check-in from the episode page -------------------------------------


def test_check_in_from_the_episode_page_comes_back_to_it(app, client, day3):
    response = client.post(f"/episodes/{day3}/check-ins", data={"pain": "5", "next": f"/history/{day3}"})
    assert response.status_code == 303 and response.headers["Location"] == f"/history/{day3}"
    html = html_of(client.get(f"/history/{day3}"))
    assert html.count("/ 10</td>") == 4 and "Better: from 7 to 5 out of 10." in html
    # With htmx, the saved check-in tells the page to refresh its chart.
    response = client.post(f"/episodes/{day3}/check-ins", data={"pain": "4"}, headers=HTMX)
    assert response.headers["HX-Trigger"] == "checkin-saved"
    assert f'hx-select="#progress-{day3}"' in html and 'hx-trigger="checkin-saved from:body"' in html


# --- The clinician summary ---------------------------------------------------


def test_summary_page_holds_the_whole_story(app, client, device):
    onset = NOW - timedelta(days=4)
    episode_id = add_episode(
        app,
        device,
        onset=onset,
        pains=[(onset + timedelta(hours=2), 9), (onset + timedelta(days=2), 6), (NOW, 4)],
        red_flags={"fever": "no", "night_pain": "yes"},
        timers=[
            {
                "kind": "heat",
                "planned_seconds": 1200,
                "started_at": onset + timedelta(hours=3),
                "ends_at": onset + timedelta(hours=3, minutes=20),
                "ended_at": onset + timedelta(hours=3, minutes=20),
                "status": "completed",
            }
        ],
        notes=[("medicine", "Ibuprofen from the pharmacy"), ("note", "Slept on my side.")],
    )
    response = client.get(f"/history/{episode_id}/summary")
    assert_personal_page(response)
    html = html_of(response)
    assert "Back pain summary" in html and "This is not a diagnosis." in html
    assert "Pain began" in html and "(2 to 6 days before)" in html
    assert "Day 5, still ongoing." in html
    assert "9 at first, 4 latest, out of 10" in html and "(better)" in html
    assert "<svg" in html and 'class="pain-table"' in html
    assert "<strong>Heat</strong>" in html
    assert "At night, changing position does not ease the pain. <strong>Yes</strong>" in html
    assert "high temperature" not in html
    assert "Ibuprofen from the pharmacy" in html and "Slept on my side." in html
    # The print button needs JavaScript, so it starts hidden and has no inline handler.
    assert re.search(r"<button[^>]*data-print[^>]*hidden", html) and "onclick" not in html
    assert 'class="is-summary"' in html


def test_summary_fragment_and_an_empty_episode(app, client, device):
    episode_id = add_episode(app, device, started=NOW - timedelta(hours=1))
    response = client.get(f"/history/{episode_id}/summary", headers=HTMX)
    assert_fragment(response, f'id="summary-{episode_id}"')
    html = html_of(response)
    assert "No pain scores recorded." in html and "None noted." in html
    assert "The warning-sign questions were not answered." in html


def warning_signs(html: str) -> str:
    """The summary's section of warning-sign answers."""
    start = html.index("<h2>Warning-sign answers</h2>")
    return html[start : html.index("</section>", start)]


def test_the_summary_shows_only_the_signs_answered_in_the_check(app, client, device):
    client.post("/episodes")
    client.post("/relief/safety-check", data={"answer": "none"})
    client.post("/relief/safety-check/more", data={"sign": ["fever", "age"], "answer": "unsure"})
    (episode_id,) = [e.id for e in owned_episodes(app)]
    section = warning_signs(html_of(client.get(f"/history/{episode_id}/summary")))
    items = re.findall(r"<li[^>]*>\s*(.*?)</li>", section, re.S)
    assert [re.sub(r"\s+", " ", item).strip() for item in items] == [
        "You have a high temperature, or feel hot and shivery. <strong>Not sure</strong> "
        '<span class="muted">(See a doctor today)</span>',
        "This back pain is new, and you are under 20 or over 50. <strong>Not sure</strong> "
        '<span class="muted">(See a doctor or pharmacist soon)</span>',
    ]
    assert "<strong>No</strong>" not in section and "Only the signs ticked are listed." in section
    assert count(app, RedFlagAnswer) == 2


def test_none_of_these_leaves_the_summary_with_no_answers(app, client, device):
    client.post("/episodes")
    client.post("/relief/safety-check", data={"answer": "none"})
    client.post("/relief/safety-check/more", data={"answer": "none"})
    (episode_id,) = [e.id for e in owned_episodes(app)]
    section = warning_signs(html_of(client.get(f"/history/{episode_id}/summary")))
    assert "<li" not in section and "The warning-sign questions were not answered." in section
    assert "<strong>No</strong>" not in html_of(client.get(f"/history/{episode_id}"))


def owned_episodes(app) -> list[Episode]:
    with app.app_context():
        found = list(db.session.scalars(select(Episode)))
        db.session.expunge_all()
        return found


# --- Two devices -------------------------------------------------------------


def test_another_device_can_reach_nothing_by_guessing_ids(app, client, other_client, day3):
    add_note = client.post(f"/history/{day3}/notes", data={"kind": "note", "body": "mine"})
    assert add_note.status_code == 303
    make_device(app, other_client)
    for path in (f"/history/{day3}", f"/history/{day3}/summary"):
        assert other_client.get(path).status_code == 404
        assert other_client.get(path, headers=HTMX).status_code == 404
    assert other_client.post(f"/history/{day3}/end").status_code == 404
    response = other_client.post(f"/history/{day3}/notes", data={"kind": "note", "body": "theirs"})
    assert response.status_code == 404
    assert other_client.post(f"/episodes/{day3}/check-ins", data={"pain": "1"}).status_code == 404
    assert f"/history/{day3}" not in html_of(other_client.get("/history"))
    # A's episode is exactly as it was.
    assert get_episode(app, day3).ended_at is None
    assert count(app, Note, episode_id=day3) == 1 and count(app, CheckIn, episode_id=day3) == 3


def test_a_device_without_a_cookie_reaches_nothing(client, other_client, day3):
    assert other_client.get(f"/history/{day3}").status_code == 404
    response = other_client.post(f"/history/{day3}/end")
    assert response.status_code == 404
