"""Clinical safety in a real phone-sized Chromium: every sign of the check
routes to its tier and the landing names it, the first card says not to move
before any movement advice, the number to call follows the phone's time zone
(online and offline) unless the person chose one, and /sources opens offline."""

import secrets

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from spasm.content.red_flags import CHECK_BY_KEY, URGENCY_BY_KEY
from spasm.device import hash_token
from spasm.extensions import db
from spasm.models import Profile
from tests.browser.test_pwa import wait_until_controlled

SCREEN_HEIGHT = 844

# The signs the check did not ask before, with the tier each must reach.
NEW_SIGNS = [
    "bladder_feeling",
    "saddle_numbness",
    "sexual_change",
    "legs_worsening",
    "legs_giving_way",
    "sudden_tummy_pain",
    "recent_infection",
    "getting_worse",
    "cough_pain",
    "between_shoulders",
    "back_lump",
    "weight_loss",
    "cancer",
    "weak_immunity",
    "injected_drugs",
    "thin_bones_fall",
    "age",
    "no_better",
    "still_severe",
    "keeps_coming_back",
    "coping",
]


def on_first_screen(locator):
    box = locator.bounding_box()
    assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= SCREEN_HEIGHT, box


def screen_of(key: str) -> str:
    """The screen of the check that asks `key`: the emergency signs first."""
    return "/relief/safety-check" if CHECK_BY_KEY[key].urgency == "emergency" else "/relief/safety-check/more"


def answer(page, live_server, reply, *keys):
    """Open the screen that asks these signs, tick them, and tap Yes or Not sure."""
    page.goto(live_server(screen_of(keys[0])))
    card = page.locator("#relief-card")
    for key in keys:
        # A tap on the sign's row, as a thumb does.
        card.locator("label.check-sign", has_text=CHECK_BY_KEY[key].label).click()
        expect(card.get_by_label(CHECK_BY_KEY[key].label)).to_be_checked()
    card.get_by_role("button", name=reply, exact=True).click()


@pytest.mark.parametrize("key", NEW_SIGNS)
def test_each_new_sign_routes_to_its_tier_and_the_landing_names_it(page, live_server, key):
    question = CHECK_BY_KEY[key]
    answer(page, live_server, "Yes", key)
    page.wait_for_url(live_server("/red-flags/check"))
    title = page.locator("#check-result-title")
    expect(title).to_have_text(URGENCY_BY_KEY[question.urgency].title)
    ticked = page.locator(".you-ticked li")
    expect(ticked).to_have_count(1)
    expect(ticked).to_have_text(question.label)
    on_first_screen(ticked)
    on_first_screen(title)


def test_not_sure_counts_as_yes_and_mixed_answers_go_to_the_most_urgent(page, live_server):
    answer(page, live_server, "Yes", "coping", "fever")
    page.wait_for_url(live_server("/red-flags/check"))
    expect(page.locator("#check-result-title")).to_have_text("See a doctor today")
    answer(page, live_server, "Not sure", "saddle_numbness")
    page.wait_for_url(live_server("/red-flags/check"))
    expect(page.locator("#check-result-title")).to_have_text("Call the emergency number now")
    items = page.locator(".you-ticked li")
    expect(items).to_have_count(3)
    expect(items.nth(0)).to_contain_text(CHECK_BY_KEY["saddle_numbness"].label)
    expect(items.nth(0)).to_contain_text("(not sure)")
    on_first_screen(page.locator(".check-result a[data-emergency-number]").first)


def test_the_first_cards_warning_is_on_screen_before_any_movement_advice(page, live_server):
    page.goto(live_server("/"))
    page.get_by_role("button", name="I'm having a spasm").click()
    page.wait_for_url(live_server("/relief/position"))
    warning = page.locator(".do-not-move")
    expect(warning).to_contain_text("Trouble peeing")
    expect(warning).to_contain_text("After a bad fall, do not move")
    on_first_screen(warning)
    call = warning.locator("a[data-emergency-number]")
    on_first_screen(call)
    assert call.get_attribute("href").startswith("tel:")
    first_advice = page.locator("#relief-card .lead")
    assert warning.bounding_box()["y"] + warning.bounding_box()["height"] <= first_advice.bounding_box()["y"]


@pytest.mark.parametrize(("zone", "note_shown"), [("Asia/Tokyo", True), ("Etc/UTC", False)])
def test_a_zone_elsewhere_gets_112_with_a_note_and_utc_keeps_the_deployments_number(
    phone, live_server, zone, note_shown
):
    page = phone.page(timezone_id=zone)
    page.goto(live_server("/red-flags"))
    wait_until_controlled(page)
    call = page.locator("#emergency a[data-emergency-number]")
    expect(call).to_have_text("Call 112")
    note = page.locator("#emergency [data-emergency-note]")
    if note_shown:
        expect(note).to_be_visible()
    else:
        expect(note).to_be_hidden()


@pytest.mark.parametrize(
    ("zone", "number", "advice"),
    [("America/New_York", "911", None), ("Europe/London", "999", "NHS 111 (not in Northern Ireland)")],
)
def test_the_phones_time_zone_picks_the_number_online_and_offline(phone, live_server, zone, number, advice):
    page = phone.page(timezone_id=zone)
    page.goto(live_server("/red-flags"))
    call = page.locator("#emergency a[data-emergency-number]")
    expect(call).to_have_text(f"Call {number}")
    assert call.get_attribute("href") == f"tel:{number}"
    advice_line = page.locator("#today [data-advice-line]")
    if advice:
        expect(advice_line).to_be_visible()
        expect(advice_line.get_by_role("link")).to_have_text(f"Call {advice}")
    else:
        expect(advice_line).to_be_hidden()
    wait_until_controlled(page)

    page.context.set_offline(True)
    response = page.goto(live_server("/red-flags"))
    assert response.from_service_worker
    expect(call).to_have_text(f"Call {number}")
    assert call.get_attribute("href") == f"tel:{number}"
    # The first relief card too, from the cache.
    page.goto(live_server("/relief/position"))
    expect(page.locator(".do-not-move a[data-emergency-number]")).to_have_text(f"Call {number}")


def test_a_phone_without_a_service_worker_still_gets_the_number_for_its_zone(phone, live_server):
    # The table comes with the head script, not with the service worker's
    # precache: a phone that never gets a worker has it too.
    page = phone.page(timezone_id="America/New_York", service_workers="block")
    page.goto(live_server("/red-flags"))
    expect(page.locator("#emergency a[data-emergency-number]")).to_have_text("Call 911", timeout=30_000)


def test_a_phone_that_chose_a_number_sees_its_own_in_any_time_zone(phone, live_server):
    token = secrets.token_urlsafe(32)
    with live_server.app.app_context():
        db.session.add(Profile(token_hash=hash_token(token), emergency_number="118"))
        db.session.commit()
    try:
        page = phone.page(timezone_id="America/New_York")
        cookie = {"name": live_server.app.config["DEVICE_COOKIE_NAME"], "value": token, "url": live_server("")}
        page.context.add_cookies([cookie])
        page.goto(live_server("/settings"))
        expect(page.locator("[data-emergency-text]")).to_have_text("118")
        page.goto(live_server("/red-flags"))
        call = page.locator("#emergency a[data-emergency-number]")
        expect(call).to_have_text("Call 118")
        # Still once the service worker keeps the pages.
        wait_until_controlled(page)
        page.reload()
        expect(call).to_have_text("Call 118")
    finally:
        with live_server.app.app_context():
            db.session.delete(db.session.scalar(select(Profile).where(Profile.token_hash == hash_token(token))))
            db.session.commit()


def test_without_javascript_the_deployments_number_shows(phone, live_server):
    page = phone.page(javascript=False, timezone_id="America/New_York")
    page.goto(live_server("/red-flags"))
    expect(page.locator("#emergency a[data-emergency-number]")).to_have_text("Call 112")


def test_sources_open_offline(phone, live_server):
    page = phone.page()
    page.goto(live_server("/"))
    wait_until_controlled(page)
    page.context.set_offline(True)
    response = page.goto(live_server("/sources"))
    assert response.status == 200 and response.from_service_worker
    expect(page.locator("main h1")).to_have_text("Sources")
    expect(page.locator("#ACP")).to_contain_text("American College of Physicians")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_landing_and_the_sources_have_no_wcag_violations(phone, live_server, scheme):
    from tests.browser.a11y import assert_accessible

    page = phone.page(color_scheme=scheme)
    page.goto(live_server("/relief/safety-check"))
    assert_accessible(page)
    answer(page, live_server, "Not sure", "cough_pain")
    page.wait_for_url(live_server("/red-flags/check"))
    assert_accessible(page)
    page.goto(live_server("/sources"))
    assert_accessible(page)
