"""The red-flag page in a real browser: readable, callable, and the person's own number."""

import secrets

import pytest
from sqlalchemy import select

from spasm.device import hash_token
from spasm.extensions import db
from spasm.models import Profile
from tests.browser.a11y import assert_accessible


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_red_flags_have_no_wcag_violations(phone, live_server, scheme):
    page = phone.page(color_scheme=scheme)
    page.goto(live_server("/red-flags#today"))
    assert_accessible(page)


def test_without_javascript_the_linked_group_stands_out_and_the_call_is_in_reach(phone, live_server):
    page = phone.page(javascript=False)
    page.set_viewport_size({"width": 375, "height": 667})  # a small phone
    page.goto(live_server("/red-flags#today"))
    shadow = "id => getComputedStyle(document.getElementById(id)).boxShadow"
    assert page.evaluate(shadow, "today") != "none"
    assert page.evaluate(shadow, "emergency") == "none"

    page.goto(live_server("/red-flags"))
    call = page.get_by_role("link", name="Call 112")
    assert call.get_attribute("href") == "tel:112"
    box = call.bounding_box()
    tabbar = page.locator(".tabbar").bounding_box()
    # Fully on the first screen, above the tab bar, in the lower half.
    assert box["height"] >= 64 and box["width"] >= 0.75 * 375
    assert box["y"] > 667 / 2 and box["y"] + box["height"] <= tabbar["y"]


@pytest.fixture
def device_profile(live_server):
    """A profile on the live server and the cookie that names it."""
    token = secrets.token_urlsafe(32)
    with live_server.app.app_context():
        profile = Profile(token_hash=hash_token(token), emergency_number="999")
        db.session.add(profile)
        db.session.commit()

    def choose(number):
        with live_server.app.app_context():
            row = db.session.scalar(select(Profile).where(Profile.token_hash == hash_token(token)))
            row.emergency_number = number
            db.session.commit()

    choose.cookie = {"name": live_server.app.config["DEVICE_COOKIE_NAME"], "value": token, "url": live_server("")}
    yield choose
    with live_server.app.app_context():
        db.session.delete(db.session.scalar(select(Profile).where(Profile.token_hash == hash_token(token))))
        db.session.commit()


def call_link(page):
    link = page.locator("a[data-emergency-number]")
    return link.get_attribute("href"), link.inner_text()


def test_the_chosen_number_is_kept_on_the_device_and_shown(phone, live_server, device_profile):
    page = phone.page()
    page.context.add_cookies([device_profile.cookie])

    # Any personal page of a device with a chosen number hands it to device
    # storage (shared pages, home among them for a device with no open
    # episode, say nothing of it)...
    page.goto(live_server("/settings"))
    assert page.evaluate("localStorage.getItem('spasm.emergencyNumber')") == "999"
    # ...and the shared red-flag page, which cannot know it, shows it.
    page.goto(live_server("/red-flags"))
    assert call_link(page) == ("tel:999", "Call 999")

    # Back to the region's default: the stored number goes.
    device_profile(None)
    page.goto(live_server("/settings"))
    assert page.evaluate("localStorage.getItem('spasm.emergencyNumber')") is None
    page.goto(live_server("/red-flags"))
    assert call_link(page) == ("tel:112", "Call 112")

    # A page that says nothing about the number leaves storage alone.
    page.context.clear_cookies()
    page.evaluate("localStorage.setItem('spasm.emergencyNumber', '000')")
    page.goto(live_server("/"))
    assert page.evaluate("localStorage.getItem('spasm.emergencyNumber')") == "000"
    page.goto(live_server("/red-flags"))
    assert call_link(page) == ("tel:000", "Call 000")


def test_a_stored_number_is_cleaned_before_it_is_dialled(page, live_server):
    page.goto(live_server("/"))
    page.evaluate("localStorage.setItem('spasm.emergencyNumber', '99<b>9 javascript:')")
    page.goto(live_server("/red-flags"))
    assert call_link(page) == ("tel:999", "Call 999")
