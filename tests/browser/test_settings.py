"""Settings and deleting everything, in a real phone-sized browser."""

import re
from datetime import UTC, datetime, timedelta

from playwright.sync_api import expect
from sqlalchemy import func, select

from spasm.extensions import db
from spasm.models import CheckIn, Episode, Note, Profile, RedFlagAnswer, TimerRun
from tests.browser.a11y import assert_accessible
from tests.browser.test_history import add_episode, become_a_device

EMERGENCY_KEY = "spasm.emergencyNumber"


def rows_of(live_server, profile_id: int) -> int:
    with live_server.app.app_context():
        total = db.session.scalar(select(func.count()).select_from(Profile).where(Profile.id == profile_id))
        for model in (Episode, CheckIn, TimerRun, RedFlagAnswer, Note):
            total += db.session.scalar(select(func.count()).select_from(model).where(model.profile_id == profile_id))
        return total


def test_settings_change_the_red_flag_number_timer_defaults_and_look(page, live_server):
    page.goto(live_server("/settings"))
    page.get_by_label("Where are you?").select_option("uk")
    page.get_by_label("Heat, minutes").fill("31")
    page.get_by_role("button", name="Save settings").click()
    # The server's bounds, in words, and nothing saved.
    expect(page.get_by_text("Heat is limited to 30 minutes")).to_be_visible()
    expect(page.get_by_text("Nothing was saved.")).to_be_visible()
    assert not any(c["name"] == "spasm_device" for c in page.context.cookies())

    page.get_by_label("Your emergency number (optional)").fill("call me")
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_text("Letters cannot be dialled.")).to_be_visible()

    page.get_by_label("Your emergency number (optional)").fill("0118")
    page.get_by_label("Heat, minutes").fill("25")
    page.get_by_label("Cold, minutes").fill("10")
    page.get_by_label("Off").check()
    page.get_by_label("Dark").check()
    page.get_by_label("Larger").check()
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_text("Settings saved.")).to_be_visible()
    page.wait_for_load_state("load")  # the page's scripts have kept the number on the device
    expect(page.locator("html")).to_have_attribute("data-theme", "dark")
    expect(page.locator("html")).to_have_attribute("data-text-size", "larger")
    assert page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)") > 20
    page.screenshot(path="/tmp/shots/history/browser-settings-saved.png")

    page.goto(live_server("/red-flags"))
    call = page.locator("a[data-emergency-number]").first
    expect(call).to_have_attribute("href", "tel:0118")
    assert page.evaluate(f"localStorage.getItem('{EMERGENCY_KEY}')") == "0118"

    page.goto(live_server("/timer"))
    expect(page.get_by_text("Start heat · 25 min").first).to_be_attached()
    expect(page.get_by_text("Start cold · 10 min").first).to_be_attached()

    # Back to the region's own number: the UK's.
    page.goto(live_server("/settings"))
    page.get_by_label("Your emergency number (optional)").fill("")
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_text("Settings saved.")).to_be_visible()
    page.wait_for_load_state("load")
    page.goto(live_server("/red-flags"))
    expect(page.locator("a[data-emergency-number]").first).to_have_attribute("href", "tel:999")


def test_delete_leaves_nothing_behind_and_the_app_starts_fresh(phone, live_server):
    page = phone.page()
    other = phone.page()
    profile_id = become_a_device(page, live_server)
    other_id = become_a_device(other, live_server)
    now = datetime.now(UTC)
    for owner in (profile_id, other_id):
        add_episode(live_server, owner, onset=now - timedelta(days=1), pains=[(now, 6)])
    page.goto(live_server("/settings"))
    page.get_by_label("Your emergency number (optional)").fill("0118")
    page.get_by_role("button", name="Save settings").click()
    # Wait for the saved page: going on at once could cancel the save.
    expect(page.get_by_text("Settings saved.")).to_be_visible()
    page.wait_for_load_state("load")
    page.goto(live_server("/red-flags"))
    assert page.evaluate(f"localStorage.getItem('{EMERGENCY_KEY}')") == "0118"
    assert rows_of(live_server, profile_id) == 3
    others_before = rows_of(live_server, other_id)

    page.goto(live_server("/settings"))
    page.get_by_role("link", name="Delete everything").click()
    expect(page.get_by_role("heading", name="Delete everything?")).to_be_visible()
    page.get_by_role("button", name="Delete everything").click()
    expect(page.get_by_role("heading", name="Everything is deleted")).to_be_visible()
    page.screenshot(path="/tmp/shots/history/browser-deleted.png")

    assert rows_of(live_server, profile_id) == 0
    assert rows_of(live_server, other_id) == others_before
    assert not any(c["name"] == "spasm_device" for c in page.context.cookies())
    # Clear-Site-Data took the device's copy of the number too.
    assert page.evaluate(f"localStorage.getItem('{EMERGENCY_KEY}')") is None

    # A new device now: empty history, default number, and saving works again.
    page.goto(live_server("/history"))
    expect(page.get_by_text("Nothing saved yet.")).to_be_visible()
    page.goto(live_server("/red-flags"))
    expect(page.locator("a[data-emergency-number]").first).to_have_attribute(
        "href", re.compile(r"^tel:(112|999|911|000)$")
    )
    new_id = become_a_device(page, live_server)
    assert new_id != profile_id


def test_settings_and_delete_pages_have_no_wcag_violations(phone, live_server):
    for scheme in ("light", "dark"):
        page = phone.page(color_scheme=scheme)
        for path in ("/settings", "/settings/delete", "/settings/deleted"):
            page.goto(live_server(path))
            assert_accessible(page)
        # With every field marked wrong.
        page.goto(live_server("/settings"))
        page.get_by_label("Your emergency number (optional)").fill("abc")
        page.get_by_label("Cold, minutes").fill("21")
        page.get_by_role("button", name="Save settings").click()
        expect(page.get_by_text("Cold is limited to 20 minutes")).to_be_visible()
        assert_accessible(page)
