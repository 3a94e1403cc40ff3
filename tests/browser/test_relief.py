"""The relief flow in a real phone-sized Chromium: one tap to the 90/90
position, Next through every step to a saved check-in, with and without
JavaScript, accessible, and with Next always within reach."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from spasm.content.relief import STEP_BY_SLUG, STEP_SLUGS
from spasm.extensions import db
from spasm.models import Episode
from tests.browser.a11y import assert_accessible

VIEWPORT_HEIGHT = 844


def url_of(live_server, slug: str) -> re.Pattern:
    return re.compile(re.escape(live_server(f"/relief/{slug}")) + "$")


def assert_on_step(page, live_server, slug: str) -> None:
    expect(page).to_have_url(url_of(live_server, slug))
    expect(page.locator("#relief-title")).to_have_text(STEP_BY_SLUG[slug].title)


def assert_within_reach(locator) -> None:
    """Fully on screen without scrolling, and big enough for a thumb."""
    box = locator.bounding_box()
    assert box is not None
    assert box["height"] >= 56, box
    assert box["y"] >= 0 and box["y"] + box["height"] <= VIEWPORT_HEIGHT, box


def go_on(page, slug: str) -> None:
    """The one tap that moves on from a step."""
    card = page.locator("#relief-card")
    if slug == "onset":
        card.get_by_role("button", name="Just now").click()
    elif slug == "safety-check":
        # Two screens, each passed with one tap.
        card.get_by_role("button", name="None of these").click()
        expect(page).to_have_url(re.compile(r"/relief/safety-check/more$"))
        card.get_by_role("button", name="None of these").click()
    else:
        card.get_by_role("link", name="Next").click()


def save_pain(page, score: int) -> None:
    page.locator("#relief-card").get_by_role("radio", name=str(score), exact=True).check()
    save = page.get_by_role("button", name="Save pain score")
    assert_within_reach(save)
    save.click()
    expect(page.get_by_text(f"Saved: {score} out of 10.")).to_be_visible()


def test_one_tap_then_htmx_through_every_step_to_a_saved_check_in(phone, live_server):
    page = phone.page()
    page.goto(live_server("/"))
    page.evaluate("window.__marker = 1")

    page.get_by_role("button", name="I'm having a spasm").click()
    assert_on_step(page, live_server, "position")
    drawing = page.locator("#relief-card figure svg").first
    expect(drawing).to_be_visible()
    assert "calves resting on a chair seat" in drawing.locator("title").text_content()

    for index, slug in enumerate(STEP_SLUGS):
        assert_on_step(page, live_server, slug)
        assert page.evaluate("window.__marker") == 1, f"full reload before {slug}"
        expect(page).to_have_title(f"{STEP_BY_SLUG[slug].title} · Spasm")
        assert_within_reach(page.locator("#relief-card .relief-next"))
        assert_accessible(page)
        if index + 1 < len(STEP_SLUGS):
            go_on(page, slug)

    save_pain(page, 4)
    assert page.evaluate("window.__marker") == 1
    with live_server.app.app_context():
        episode = db.session.scalars(select(Episode).order_by(Episode.id.desc())).first()
        assert [c.pain for c in episode.check_ins] == [4]
        assert episode.onset_choice == "just_now"

    # Back and forward through cached public cards and re-fetched personal ones.
    for slug in ("medicines", "move", "breathe", "heat-cold"):
        page.go_back()
        assert_on_step(page, live_server, slug)
    # The safety check's second screen, then its first.
    # Each move waits for its screen: a personal card is asked for again.
    page.go_back()
    expect(page).to_have_url(re.compile(r"/relief/safety-check/more$"))
    expect(page.locator("#relief-card .check-signs-more")).to_be_visible()
    page.go_back()
    assert_on_step(page, live_server, "safety-check")
    expect(page.locator("#relief-card .check-signs-now")).to_be_visible()
    page.go_forward()
    expect(page.locator("#relief-card .check-signs-more")).to_be_visible()
    page.go_forward()
    assert_on_step(page, live_server, "heat-cold")
    page.go_forward()
    assert_on_step(page, live_server, "breathe")
    assert page.evaluate("window.__marker") == 1
    go_on(page, "breathe")
    assert_on_step(page, live_server, "move")


def test_the_same_flow_without_javascript(phone, live_server):
    page = phone.page(javascript=False)
    page.goto(live_server("/"))
    page.get_by_role("button", name="I'm having a spasm").click()
    assert_on_step(page, live_server, "position")
    expect(page.locator("#relief-card figure svg").first).to_be_visible()

    for slug in STEP_SLUGS[:-1]:
        assert_on_step(page, live_server, slug)
        assert_within_reach(page.locator("#relief-card .relief-next"))
        go_on(page, slug)

    assert_on_step(page, live_server, "check-in")
    save_pain(page, 6)
    expect(page).to_have_url(re.compile(r"/relief/check-in\?saved=1$"))
    page.go_back()
    assert_on_step(page, live_server, "check-in")


def test_steps_are_accessible_in_the_dark_theme(phone, live_server):
    page = phone.page(color_scheme="dark")
    page.goto(live_server("/"))
    page.get_by_role("button", name="I'm having a spasm").click()
    for slug in ("position", "onset", "breathe", "check-in"):
        page.goto(live_server(f"/relief/{slug}"))
        assert_accessible(page)
        assert_within_reach(page.locator("#relief-card .relief-next"))


def test_position_details_open_and_stay_accessible(page, live_server):
    page.goto(live_server("/relief/position"))
    page.locator("summary", has_text="Or lie on your side").click()
    page.locator("summary", has_text="How to get down, and up again").click()
    expect(page.get_by_text("like a log")).to_be_visible()
    expect(page.locator("#relief-card figure svg")).to_have_count(2)
    assert_accessible(page)


def test_breathing_pacer_moves_and_its_words_change(page, live_server):
    page.goto(live_server("/relief/breathe"))
    expect(page.locator(".pacer-circle")).to_be_visible()
    expect(page.locator("[data-breathe-cue]")).to_have_text("Breathe in")
    expect(page.locator("[data-breathe-cue]")).to_have_text("Breathe out", timeout=7000)


@pytest.mark.parametrize(
    "options", [{"reduced_motion": "reduce"}, {"javascript": False}], ids=["reduced-motion", "no-js"]
)
def test_breathing_is_still_text_without_motion_or_javascript(phone, live_server, options):
    page = phone.page(**options)
    page.goto(live_server("/relief/breathe"))
    expect(page.locator(".pacer-circle")).to_be_hidden()
    expect(page.get_by_text("Breathe out slowly through your mouth for 5 seconds.")).to_be_visible()


def test_a_picked_onset_is_saved_in_the_phones_own_time_zone(phone, live_server):
    zone = ZoneInfo("America/New_York")
    page = phone.page(timezone_id="America/New_York")
    page.goto(live_server("/relief/onset"))
    picked = (datetime.now(zone) - timedelta(hours=5)).replace(second=0, microsecond=0)
    page.locator("summary", has_text="Pick a date and time").click()
    page.get_by_label("When it started").fill(picked.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Save this time").click()
    assert_on_step(page, live_server, "safety-check")
    with live_server.app.app_context():
        episode = db.session.scalars(select(Episode).order_by(Episode.id.desc())).first()
        assert episode.onset_choice == "time"
        assert episode.onset_at == picked.astimezone(ZoneInfo("UTC"))


def test_a_future_onset_shows_a_message_in_the_card(page, live_server):
    page.goto(live_server("/relief/onset"))
    page.evaluate("window.__marker = 1")
    page.locator("summary", has_text="Pick a date and time").click()
    page.get_by_label("When it started").fill((datetime.now() + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Save this time").click()
    expect(page.get_by_role("alert")).to_contain_text("in the future")
    assert page.evaluate("window.__marker") == 1
    assert_accessible(page)


def test_a_red_flag_goes_to_its_urgency(page, live_server):
    page.goto(live_server("/relief/safety-check/more"))
    page.locator("#relief-card label.check-sign", has_text="high temperature").click()
    page.locator("#relief-card").get_by_role("button", name="Yes", exact=True).click()
    expect(page).to_have_url(re.compile(r"/red-flags/check$"))
    expect(page.locator("#check-result-title")).to_have_text("See a doctor today")
