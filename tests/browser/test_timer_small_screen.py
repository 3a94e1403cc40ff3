"""The heat and cold timer on small phones, in the moment of need: both
starts on the first screen, the countdown on screen (with the focus) right
after a start however the start was made, and a slim countdown on every
other page while heat or cold is on.

No test here scrolls after a start: whatever is on screen then, the app put
there. (A tap on a button low on a long page is preceded by Playwright's own
scroll to it, as a person would scroll to find it.)
"""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import timers_lasting
from tests.browser.test_offline import wait_for_offline_copies
from tests.browser.test_pwa import wait_until_controlled

SIZES = [pytest.param((360, 640), id="360x640"), pytest.param((390, 844), id="390x844")]
SKIN_CARD = "article[data-timer]:not([data-kind='movement'])"
COUNTDOWN = f"{SKIN_CARD} [data-timer-live] .timer-digits"
SERVER_CARD = "article[data-timer]:not([data-local])"
LOCAL_CARD = "article[data-timer][data-local]"
BAR = "[data-timer-bar] a"

# Where an element is, against the visible strip between the top bar and
# the fixed tab bar; and whether it is the element a tap on each of its
# edges and its centre would reach (nothing fixed lies over it).
PLACE = """(selector) => {
  const element = document.querySelector(selector);
  const box = element.getBoundingClientRect();
  // The middle of each edge (corners may be rounded off) and the centre.
  const inset = 2, midX = box.left + box.width / 2, midY = box.top + box.height / 2;
  const points = [
    [midX, midY], [midX, box.top + inset], [midX, box.bottom - inset],
    [box.left + inset, midY], [box.right - inset, midY],
  ];
  return {
    top: box.top, bottom: box.bottom, left: box.left, right: box.right, height: box.height,
    viewportHeight: window.innerHeight, viewportWidth: window.innerWidth,
    topbarBottom: document.querySelector("header.topbar").getBoundingClientRect().bottom,
    tabbarTop: document.querySelector("nav.tabbar").getBoundingClientRect().top,
    reached: points.every(([x, y]) => {
      const hit = document.elementFromPoint(x, y);
      return hit !== null && (hit === element || element.contains(hit));
    }),
  };
}"""


# With scripts on, first let the page draw twice more: any scroll the app
# asked for has happened by then.
TWO_FRAMES = "() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => done(true))))"


def place(page, selector: str, scripts: bool = True) -> dict:
    if scripts:
        page.evaluate(TWO_FRAMES)
    return page.evaluate(PLACE, selector)


def assert_on_screen(page, selector: str, scripts: bool = True) -> None:
    """Wholly in the strip between the top bar and the tab bar, and not under anything."""
    box = place(page, selector, scripts)
    assert box["height"] > 0, box
    assert box["top"] >= box["topbarBottom"] - 0.5, box
    assert box["bottom"] <= box["tabbarTop"] + 0.5, box
    assert box["bottom"] <= box["viewportHeight"] and box["left"] >= 0 and box["right"] <= box["viewportWidth"], box
    assert box["reached"], box


def phone_of_size(phone, size, javascript: bool = True):
    width, height = size
    page = phone.page(javascript=javascript)
    page.set_viewport_size({"width": width, "height": height})
    return page


def assert_heading_has_the_focus(page, name: str) -> None:
    focused = page.evaluate("[document.activeElement.tagName, document.activeElement.textContent.trim()]")
    assert focused == ["H1", name]


@pytest.fixture
def ten_second_timers(live_server):
    """Every timer started during the test lasts 10 seconds (honoured only in testing)."""
    with timers_lasting(live_server, 10):
        yield


# ---- The two starts ----


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_both_starts_are_on_the_first_screen(phone, live_server, size, javascript):
    page = phone_of_size(phone, size, javascript=javascript)
    page.goto(live_server("/timer"))
    if javascript:
        # The read-aloud bar, when the phone can speak, is shown above the heading by then.
        page.wait_for_load_state("load")
    assert page.evaluate("window.scrollY") == 0
    heat = page.get_by_role("button", name="Start heat · 20 min")
    cold = page.get_by_role("button", name="Start cold · 15 min")
    for button in (heat, cold):
        button.evaluate("(element) => element.setAttribute('data-under-test', '')")
        assert_on_screen(page, "[data-under-test]", scripts=javascript)
        button.evaluate("(element) => element.removeAttribute('data-under-test')")
    # The evidence and the skin rules follow; the other choices stay folded below.
    order = page.evaluate(
        """() => [".timer-starts", "#timer-panel .lead", ".timer-rules", "details.timer-more"]
             .map((s) => document.querySelector(s).getBoundingClientRect().top)"""
    )
    assert order == sorted(order)
    assert page.locator("details.timer-more").get_attribute("open") is None


# ---- After a start: the countdown on screen, with the focus ----


@pytest.mark.parametrize("size", SIZES)
def test_after_start_heat_the_countdown_is_on_screen_with_the_focus(phone, live_server, size):
    page = phone_of_size(phone, size)
    page.goto(live_server("/timer"))
    assert page.evaluate("window.scrollY") == 0
    page.get_by_role("button", name="Start heat · 20 min").click()
    # The phone answers at once; then the server's own panel takes its place.
    page.locator(SERVER_CARD).wait_for()
    page.wait_for_function("() => /^\\d+:\\d\\d$/.test(document.querySelector('.timer-digits').textContent)")
    assert_on_screen(page, COUNTDOWN)
    assert_heading_has_the_focus(page, "Heat timer")
    expect(page.locator("[data-timer-bar] [role=status]")).to_have_text("Heat timer started. 20 minutes.")
    carry_on = page.get_by_role("link", name="Carry on with the steps")
    assert carry_on.get_attribute("href") == "/relief/onset"
    assert_on_screen(page, "[data-timer-carry-on]")


@pytest.mark.parametrize("size", SIZES)
def test_without_javascript_the_start_lands_on_the_countdown(phone, live_server, size):
    page = phone_of_size(phone, size, javascript=False)
    page.goto(live_server("/timer"))
    page.get_by_role("button", name="Start heat · 20 min").click()
    page.wait_for_url(live_server("/timer"))
    expect(page.locator(COUNTDOWN)).to_have_text("20 min")
    assert_on_screen(page, COUNTDOWN, scripts=False)
    assert_heading_has_the_focus(page, "Heat timer")
    # Said by the page itself (with no script, the noscript line is part of it).
    expect(page.get_by_role("status").filter(has_text="Heat timer started.")).to_have_text(
        "Heat timer started. 20 minutes."
    )
    assert_on_screen(page, "[data-timer-carry-on]", scripts=False)
    # No script, no bar: the container stays hidden.
    assert page.locator("[data-timer-bar]").is_hidden()


def test_a_start_low_on_a_relief_card_shows_the_countdown_and_the_way_on(phone, live_server):
    page = phone_of_size(phone, (360, 640))
    page.goto(live_server("/relief/heat-cold"))
    start = page.get_by_role("button", name="Start heat · 20 min")
    start.click()
    page.wait_for_url(live_server("/timer"))
    page.locator(SERVER_CARD).wait_for()
    assert_on_screen(page, COUNTDOWN)
    assert_heading_has_the_focus(page, "Heat timer")
    expect(page.locator("[data-timer-bar] [role=status]")).to_have_text("Heat timer started. 20 minutes.")
    # This device never said when it started: that is the step to carry on with.
    carry_on = page.get_by_role("link", name="Carry on with the steps")
    assert_on_screen(page, "[data-timer-carry-on]")
    carry_on.click()
    page.wait_for_url(live_server("/relief/onset"))


def test_a_start_kept_on_the_phone_with_no_signal_shows_the_countdown(phone, live_server):
    page = phone_of_size(phone, (360, 640))
    page.goto(live_server("/"))
    wait_until_controlled(page)
    wait_for_offline_copies(page)
    page.context.set_offline(True)
    page.goto(live_server("/relief/heat-cold"))
    page.get_by_role("button", name="Start cold · 15 min").click()
    page.wait_for_url(live_server("/timer"))
    page.locator(LOCAL_CARD).wait_for()
    assert page.locator("[data-timer-kept]").is_visible()
    assert_on_screen(page, COUNTDOWN)
    assert_heading_has_the_focus(page, "Cold timer")
    expect(page.locator("[data-timer-bar] [role=status]")).to_have_text("Cold timer started. 15 minutes.")
    # The card after heat and cold, as the relief card kept for no signal knows it.
    assert page.get_by_role("link", name="Carry on with the steps").get_attribute("href") == "/relief/breathe"
    assert_on_screen(page, "[data-timer-carry-on]")


# ---- The bar on other pages ----


def bar_seconds(page) -> int:
    minutes, seconds = page.locator(f"{BAR} .timer-bar-time").inner_text().split(":")
    return int(minutes) * 60 + int(seconds)


def test_the_bar_counts_down_on_other_pages_and_leads_back(phone, live_server):
    page = phone_of_size(phone, (360, 640))
    page.goto(live_server("/timer"))
    page.get_by_role("button", name="Start heat · 20 min").click()
    page.locator(SERVER_CARD).wait_for()
    # Not on the timer page itself: the countdown is there.
    expect(page.locator(BAR)).to_be_hidden()

    page.goto(live_server("/relief/breathe"))
    bar = page.locator(BAR)
    expect(bar).to_have_text(re.compile(r"^Heat · \d+:\d\d left$"))
    assert bar.get_attribute("href") == "/timer"
    box = place(page, BAR)
    assert box["height"] <= 44 and abs(box["top"] - box["topbarBottom"]) <= 0.5, box
    assert box["reached"], box
    # The card's heading is just below it, not under it.
    heading = place(page, "#relief-card h1")
    assert heading["top"] >= box["bottom"] and heading["reached"], heading
    first = bar_seconds(page)
    assert 1190 <= first <= 1200
    page.wait_for_function(
        "(first) => { const [m, s] = document.querySelector('.timer-bar-time').textContent.split(':');"
        " return Number(m) * 60 + Number(s) < first; }",
        arg=first,
    )

    bar.click()
    page.wait_for_url(live_server("/timer"))
    # (On a slow network the service worker may answer with the kept page,
    # which shows the same timer from the device's copy.)
    page.locator(SKIN_CARD).wait_for()
    expect(page.locator(BAR)).to_be_hidden()


def test_the_bar_says_when_heat_has_ended_then_goes(phone, live_server, ten_second_timers):
    page = phone_of_size(phone, (360, 640))
    page.goto(live_server("/timer"))
    page.get_by_role("button", name="Start heat · 20 min").click()
    page.locator(SERVER_CARD).wait_for()
    page.goto(live_server("/relief/breathe"))
    bar = page.locator(BAR)
    expect(bar).to_have_text(re.compile(r"^Heat · 0:\d\d left$"))
    expect(bar).to_have_text("Heat has ended. Take it off now.", timeout=20000)
    expect(page.locator("[data-timer-bar] [role=status]")).to_have_text("Heat has ended. Take it off now.")
    # The device's copy is dropped: the next page shows no bar.
    assert page.evaluate("localStorage.getItem('spasm.timers')") is None
    page.goto(live_server("/relief/move"))
    page.wait_for_load_state("load")
    expect(page.locator(BAR)).to_be_hidden()
