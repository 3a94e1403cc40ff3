"""A page on another origin cannot make this device's browser save anything."""

import pytest
from playwright.sync_api import expect

from tests.browser.servers import auto_submitting_form


# 127.0.0.1 on another port is the same site (so Lax cookies go along) but
# another origin; localhost is another site altogether.
@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
def test_an_auto_submitting_form_elsewhere_is_refused(phone, live_server, other_site, host):
    context = phone.open()
    page = context.pages[0] if context.pages else context.new_page()
    page.goto(live_server("/"))
    page.get_by_role("button", name="I'm having a spasm").click()
    expect(page).to_have_url(live_server("/relief/position"))

    other_site.pages["/"] = auto_submitting_form(live_server("/timer"), kind="cold", minutes="20")
    phone.foreign_requests.clear()
    response_codes = []
    page.on("response", lambda r: response_codes.append(r.status) if r.url.startswith(live_server("/timer")) else None)
    page.goto(other_site.url("/", host))
    page.wait_for_load_state("networkidle")
    assert response_codes == [403]
    expect(page.get_by_role("heading", name="Not saved")).to_be_visible()

    page.goto(live_server("/timer"))
    expect(page.get_by_role("button", name="Stop early")).to_have_count(0)
    phone.foreign_requests.clear()  # the attacker's page was ours to open


def test_our_own_forms_still_save_with_javascript_off(phone, live_server):
    page = phone.page(javascript=False)
    page.goto(live_server("/timer"))
    page.get_by_role("button", name="Start cold").first.click()
    expect(page.get_by_role("button", name="Stop early")).to_be_visible()
