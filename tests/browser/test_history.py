"""The recovery log in a real phone-sized browser: check-ins and the chart,
the day-3 prompt, the printable summary, and exports of exactly this device."""

import csv
import io
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from spasm.device import hash_token
from spasm.extensions import db
from spasm.models import CheckIn, Episode, Note, Profile
from tests.browser.a11y import assert_accessible

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


def become_a_device(page, live_server) -> int:
    """Save the settings form once, so this browser has a profile; its id."""
    page.goto(live_server("/settings"))
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_text("Settings saved.")).to_be_visible()
    token = next(c["value"] for c in page.context.cookies() if c["name"] == "spasm_device")
    with live_server.app.app_context():
        return db.session.scalar(select(Profile.id).where(Profile.token_hash == hash_token(token)))


def add_episode(live_server, profile_id: int, onset: datetime, pains=(), ended=None) -> int:
    with live_server.app.app_context():
        episode = Episode(
            profile_id=profile_id, started_at=onset, onset_at=onset, onset_choice="days_ago", ended_at=ended
        )
        db.session.add(episode)
        db.session.flush()
        for at, pain in pains:
            db.session.add(CheckIn(profile_id=profile_id, episode_id=episode.id, recorded_at=at, pain=pain))
        db.session.commit()
        return episode.id


@pytest.fixture
def test_clock(live_server):
    live_server.app.config["CLOCK"] = lambda: NOW
    yield NOW
    live_server.app.config.pop("CLOCK", None)


def record_pain(page, score: int):
    page.locator(f'label.pain-option:has(input[value="{score}"])').click()
    page.get_by_role("button", name="Save pain score").click()


def test_check_ins_draw_the_chart_and_day_3_brings_the_prompt(page, live_server, test_clock):
    profile_id = become_a_device(page, live_server)
    episode_id = add_episode(live_server, profile_id, onset=NOW - timedelta(days=2, hours=12))
    page.goto(live_server(f"/history/{episode_id}"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Day 3")
    expect(page.get_by_text("No pain scores yet.")).to_be_visible()

    record_pain(page, 8)
    expect(page.get_by_text("Saved: 8 out of 10.")).to_be_visible()
    # The chart refreshes itself after the htmx check-in, without a reload.
    chart = page.locator(f"#progress-{episode_id} svg.pain-chart-svg")
    expect(chart.locator("circle")).to_have_count(1)

    page.get_by_role("link", name="See how it is going").click()
    record_pain(page, 8)
    expect(chart.locator("circle")).to_have_count(2)
    expect(chart.locator("polyline")).to_have_count(1)
    advice = page.locator(f"#advice-{episode_id}")
    # Still 8 or more two days after it began: "still severe".
    expect(advice.get_by_role("heading", name="See a doctor or pharmacist soon")).to_be_visible()
    expect(advice).to_contain_text("Please see a doctor or pharmacist soon.")
    with live_server.app.app_context():
        pains = db.session.scalars(select(CheckIn.pain).where(CheckIn.episode_id == episode_id)).all()
    assert pains == [8, 8]
    # The SVG is drawn with CSS colours, which follow the theme.
    assert chart.evaluate("el => getComputedStyle(el.querySelector('polyline')).stroke") != "none"
    page.screenshot(path="/tmp/shots/history/browser-day3.png")


def test_without_javascript_everything_still_works(phone, live_server, test_clock):
    page = phone.page(javascript=False)
    profile_id = become_a_device(page, live_server)
    episode_id = add_episode(live_server, profile_id, onset=NOW - timedelta(hours=3))
    page.goto(live_server(f"/history/{episode_id}"))
    record_pain(page, 6)
    # A plain form: saved, then back on the episode with the score drawn.
    expect(page).to_have_url(live_server(f"/history/{episode_id}"))
    expect(page.locator("svg.pain-chart-svg circle")).to_have_count(1)
    page.get_by_text("Add a note or a medicine").click()
    page.get_by_label("A medicine I took").check()
    page.get_by_label("Write it here").fill("<b>Ibuprofen</b> gel")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".note-body")).to_have_text("<b>Ibuprofen</b> gel")
    page.get_by_role("button", name="I'm better now").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Better on day 1")
    with live_server.app.app_context():
        assert db.session.get(Episode, episode_id).ended_at == NOW
        assert db.session.scalar(select(Note.kind).where(Note.episode_id == episode_id)) == "medicine"


def test_the_summary_shows_times_on_the_phones_own_clock(phone, live_server, test_clock):
    page = phone.page(timezone_id="America/New_York")
    profile_id = become_a_device(page, live_server)
    # 9 March 2026, 12:00 UTC: 08:00 in New York, on summer time since 8 March.
    episode_id = add_episode(live_server, profile_id, onset=datetime(2026, 3, 9, 12, 0, tzinfo=UTC))
    page.goto(live_server(f"/history/{episode_id}/summary"))
    onset = page.locator('time[datetime="2026-03-09T12:00:00Z"]').first
    expect(onset).to_have_text("9 Mar 2026, 08:00")
    expect(page.locator("time[data-local]")).to_have_count(0)


def test_summary_prints_without_the_app_around_it(page, live_server, test_clock):
    profile_id = become_a_device(page, live_server)
    onset = NOW - timedelta(days=3)
    episode_id = add_episode(live_server, profile_id, onset=onset, pains=[(onset, 9), (NOW, 5)])
    page.goto(live_server(f"/history/{episode_id}/summary"))
    print_button = page.get_by_role("button", name="Print or save as PDF")
    expect(print_button).to_be_visible()
    expect(page.locator(".tabbar")).to_be_visible()
    page.emulate_media(media="print")
    expect(page.get_by_role("heading", name="Back pain summary")).to_be_visible()
    expect(page.locator("svg.pain-chart-svg circle")).to_have_count(2)
    for hidden in (".tabbar", ".topbar", ".summary .actions"):
        expect(page.locator(hidden)).to_be_hidden()
    page.screenshot(path="/tmp/shots/history/browser-print.png", full_page=True)
    page.emulate_media(media="screen")
    expect(page.locator(".tabbar")).to_be_visible()


def test_exports_hold_exactly_this_devices_data(phone, live_server):
    mine = phone.page()
    theirs = phone.page()
    my_profile = become_a_device(mine, live_server)
    their_profile = become_a_device(theirs, live_server)
    now = datetime.now(UTC)
    my_episode = add_episode(live_server, my_profile, onset=now - timedelta(days=1), pains=[(now, 7)])
    add_episode(live_server, their_profile, onset=now - timedelta(days=2), pains=[(now, 3)])

    mine.goto(live_server("/history"))
    with mine.expect_download() as download_info:
        mine.get_by_role("link", name="Download JSON").click()
    download = download_info.value
    assert download.suggested_filename.startswith("spasm-export-") and download.suggested_filename.endswith(".json")
    data = json.loads(Path(download.path()).read_text(encoding="utf-8"))
    assert data["profile"]["id"] == my_profile
    assert [e["id"] for e in data["episodes"]] == [my_episode]
    assert [(c["episode_id"], c["pain"]) for c in data["check_ins"]] == [(my_episode, 7)]
    assert data["check_ins"][0]["recorded_at"].endswith("Z")

    response = mine.request.get(live_server("/history/export.csv"))
    assert response.headers["content-disposition"].startswith("attachment;")
    rows = list(csv.DictReader(io.StringIO(response.body().decode("utf-8-sig"))))
    assert [r["record"] for r in rows] == ["profile", "episode", "check_in"]
    assert rows[0]["id"] == str(my_profile) and rows[2]["pain"] == "7"
    assert rows[2]["episode_id"] == str(my_episode)


def test_history_pages_have_no_wcag_violations(phone, live_server, test_clock):
    for scheme in ("light", "dark"):
        page = phone.page(color_scheme=scheme)
        profile_id = become_a_device(page, live_server)
        onset = NOW - timedelta(days=2, hours=6)
        episode_id = add_episode(live_server, profile_id, onset=onset, pains=[(onset, 8), (NOW, 8)])
        add_episode(live_server, profile_id, onset=NOW - timedelta(days=40), ended=NOW - timedelta(days=35))
        for path in ("/history", f"/history/{episode_id}", f"/history/{episode_id}/summary"):
            page.goto(live_server(path))
            assert_accessible(page)
        # Open parts too: the table of scores and the note form.
        page.goto(live_server(f"/history/{episode_id}"))
        page.get_by_text("Show every score").click()
        page.get_by_text("Add a note or a medicine").click()
        assert_accessible(page)
