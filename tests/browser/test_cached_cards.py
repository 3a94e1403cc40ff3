"""With signal, a relief card comes from the service worker's cache at once;
when this device has its own version of it (its open episode's advice), that
version follows and takes the cached card's place, with no reload."""

from playwright.sync_api import expect

from tests.browser.test_offline import outbox_empty, wait_for_offline_copies
from tests.browser.test_pwa import wait_until_controlled

HEAR_FRESH_CARDS = """() => {
  window.__freshCards = [];
  navigator.serviceWorker.addEventListener("message", ({ data }) => {
    if (data?.type === "fresh-card") window.__freshCards.push(data.path);
  });
}"""


def test_a_cached_card_gives_way_to_this_devices_own(phone, live_server):
    page = phone.page()
    page.goto(live_server("/"))
    wait_until_controlled(page)
    wait_for_offline_copies(page)
    page.get_by_role("button", name="I'm having a spasm").click()
    outbox_empty(page)  # the episode is on the server

    page.goto(live_server("/relief/medicines"))
    page.evaluate(HEAR_FRESH_CARDS)
    page.evaluate("window.__marker = 1")
    page.locator("#relief-card").get_by_role("link", name="Next").click()

    advice = page.locator("#relief-card .relief-advice")
    expect(advice).to_be_visible()
    expect(advice).to_contain_text("Day 1")
    assert page.evaluate("window.__freshCards") == ["/relief/check-in"]
    assert page.evaluate("window.__marker") == 1
