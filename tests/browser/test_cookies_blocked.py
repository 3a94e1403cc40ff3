"""A browser that does not keep Spasm's cookie (cookies blocked, some private
windows, Safari with a Secure cookie on plain HTTP): every write lands in a
profile the phone cannot reach again. The person is told so after their
first write, and nothing on the page says it is saved. Where the cookie is
kept, no warning shows."""

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from spasm.extensions import db
from spasm.models import CheckIn

WARNING = (
    "This browser is not keeping Spasm's data: your history will not be saved on this phone. "
    "Allow cookies for this site, or add it to the home screen."
)
CHECK = "/device/cookie"
# Any "saved" the page shows, outside the warning itself.
CLAIMS_SAVED = """() => {
  const warning = document.querySelector("[data-cookie-lost]");
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const found = [];
  let node;
  while ((node = walker.nextNode())) {
    if (warning && warning.contains(node)) continue;
    if (!node.parentElement.checkVisibility()) continue;
    if (/\\bsaved\\b/i.test(node.nodeValue)) found.push(node.nodeValue.trim());
  }
  return found;
}"""


def drop_cookies(context) -> None:
    """Answer every request as the server did, less its Set-Cookie: the
    page never keeps the device cookie (it is HttpOnly, so a page script
    could not hide it any other way). Playwright's own fetch keeps what it
    is sent, so the jar is emptied before the page sees the answer."""

    def strip(route):
        response = route.fetch()
        context.clear_cookies()
        headers = {name: value for name, value in response.headers.items() if name.lower() != "set-cookie"}
        route.fulfill(response=response, headers=headers)

    context.route(re.compile(r".*"), strip)


@pytest.fixture
def cookieless(phone):
    """A phone whose browser keeps no cookie from this site."""
    # Requests a service worker makes itself would pass the route by.
    context = phone.open(service_workers="block")
    drop_cookies(context)
    yield context.pages[0] if context.pages else context.new_page()
    context.unroute_all(behavior="ignoreErrors")


def save_pain(page, score: str) -> None:
    page.locator("label.pain-option", has_text=score).first.click()
    page.get_by_role("button", name="Save pain score").click()


def check_ins(live_server) -> int:
    with live_server.app.app_context():
        return db.session.scalar(select(func.count()).select_from(CheckIn))


def test_the_first_write_without_a_cookie_brings_the_warning_and_no_saved(cookieless, live_server):
    page = cookieless
    page.goto(live_server("/relief/check-in"))
    warning = page.locator("[data-cookie-lost]")
    expect(warning).to_have_count(0)
    before = check_ins(live_server)

    save_pain(page, "6")
    expect(warning).to_have_text(WARNING)
    expect(warning).to_have_attribute("role", "alert")
    expect(page.locator(".checkin-saved")).to_contain_text("Sent: 6 out of 10.")
    assert page.evaluate(CLAIMS_SAVED) == []
    assert page.context.cookies() == []
    # Never lost on the server: kept, in a profile of its own.
    assert check_ins(live_server) == before + 1

    # It stays said on every page, until a write finds the cookie kept.
    page.goto(live_server("/history"))
    expect(warning).to_have_text(WARNING)


def test_a_timer_started_without_a_cookie_is_not_called_saved(cookieless, live_server):
    page = cookieless
    page.goto(live_server("/timer"))
    page.get_by_role("button", name="Start heat · 20 min").click()
    warning = page.locator("[data-cookie-lost]")
    expect(warning).to_have_text(WARNING)
    # Stopped on the phone once the browser is known to drop the cookie.
    assert page.evaluate(CLAIMS_SAVED) == []
    # The server cannot find this timer again (it is in another profile):
    # stopping it says so rather than "It will be saved in your history".
    with page.expect_response(lambda response: response.url.endswith(CHECK)) as checked:
        page.get_by_role("button", name="Stop early").click()
        assert page.evaluate(CLAIMS_SAVED) == []
    assert checked.value.headers["x-spasm-cookie-lost"] == "1"
    expect(page.get_by_role("button", name="Stop early")).to_have_count(0)
    expect(warning).to_have_text(WARNING)
    assert page.evaluate(CLAIMS_SAVED) == []


def test_with_cookies_kept_no_warning_shows(page, live_server):
    page.goto(live_server("/relief/check-in"))
    with page.expect_response(lambda response: response.url.endswith(CHECK)) as checked:
        save_pain(page, "4")
    assert checked.value.status == 204
    assert "x-spasm-cookie-lost" not in checked.value.headers
    expect(page.locator(".checkin-saved")).to_contain_text("Saved: 4 out of 10.")
    expect(page.locator("[data-cookie-lost]")).to_have_count(0)


def test_a_write_that_keeps_its_cookie_takes_the_warning_away(page, live_server):
    # Cookies were blocked on an earlier visit; now this site may keep them.
    page.goto(live_server("/relief/check-in"))
    page.evaluate("localStorage.setItem('spasm.cookieLost', '1')")
    page.reload()
    warning = page.locator("[data-cookie-lost]")
    expect(warning).to_have_text(WARNING)
    save_pain(page, "3")
    expect(warning).to_have_count(0)
    # The history holds it, and no page warns any more.
    page.goto(live_server("/history"))
    expect(page.locator("main")).not_to_contain_text("Nothing saved yet.")
    expect(warning).to_have_count(0)
