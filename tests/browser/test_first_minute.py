"""The first minute on a small phone, for a new device: one tap shows the
position whole on the first screen, heat runs two taps from home, and the
first card comes from the home page itself, with no round trip."""

import re

import pytest
from playwright.sync_api import Page, expect

SMALL_PHONES = [{"width": 360, "height": 640}, {"width": 390, "height": 844}]
SPASM = "I'm having a spasm"


def ids(size: dict) -> str:
    return f"{size['width']}x{size['height']}"


def first_screen_bottom(page: Page) -> float:
    """Where the first screen ends for the card's content: the top of the
    lowest fixed or sticky bar that covers it, or the viewport's bottom."""
    return page.evaluate(
        """() => {
          let bottom = window.innerHeight;
          for (const bar of document.querySelectorAll('.tabbar, .relief-nav, .timer-sticky')) {
            const style = getComputedStyle(bar);
            if (!['fixed', 'sticky'].includes(style.position) || bar.hidden) continue;
            const box = bar.getBoundingClientRect();
            if (box.height && box.top < bottom && box.bottom >= window.innerHeight - 1) bottom = box.top;
          }
          return bottom;
        }"""
    )


def assert_on_first_screen(page: Page, locator, bottom: float, unscrolled: bool = True) -> None:
    """Wholly inside the viewport, above any bar that covers its foot; with
    `unscrolled`, on the first screen (the page may scroll itself otherwise)."""
    expect(locator).to_be_visible()
    if unscrolled:
        assert page.evaluate("window.scrollY") == 0
    box = locator.bounding_box()
    assert box is not None and box["height"] > 0
    assert box["y"] >= 0, box
    assert box["y"] + box["height"] <= bottom + 0.5, (box, bottom)
    assert box["x"] >= 0 and box["x"] + box["width"] <= page.viewport_size["width"] + 0.5, box


def assert_position_whole(page: Page) -> None:
    card = page.locator("#relief-card")
    expect(card.locator("#relief-title")).to_have_text("Stop and get down safely")
    bottom = first_screen_bottom(page)
    assert_on_first_screen(page, card.locator(".position-figure svg"), bottom)
    how = card.locator(".position-how")
    expect(how).to_contain_text("calves resting on a chair seat or sofa")
    assert_on_first_screen(page, how, bottom)
    call = card.locator(".do-not-move a[href^='tel:']")
    expect(call).to_have_text(re.compile(r"^Call \d+$"))
    assert_on_first_screen(page, call, bottom)
    # The hands-free tools follow the instruction, never come before it.
    below = page.evaluate(
        """() => {
          const how = document.querySelector('#relief-card .position-how');
          const tools = document.querySelector('#relief-card .handsfree');
          return Boolean(how.compareDocumentPosition(tools) & Node.DOCUMENT_POSITION_FOLLOWING);
        }"""
    )
    assert below


def open_home(phone, live_server, size: dict, **options) -> Page:
    page = phone.page(viewport=size, screen=size, **options)
    page.goto(live_server("/"))
    return page


@pytest.mark.parametrize("size", SMALL_PHONES, ids=ids)
def test_one_tap_shows_the_position_whole_on_the_first_screen(phone, live_server, size):
    page = open_home(phone, live_server, size)
    page.wait_for_load_state("load")
    page.get_by_role("button", name=SPASM).click()
    expect(page).to_have_url(live_server("/relief/position"))
    assert_position_whole(page)
    page.screenshot(path=str(phone.tmp_path / f"first-card-{ids(size)}.png"))


@pytest.mark.parametrize("size", SMALL_PHONES, ids=ids)
def test_without_javascript_the_position_is_whole_on_the_first_screen_too(phone, live_server, size):
    page = open_home(phone, live_server, size, javascript=False)
    page.get_by_role("button", name=SPASM).click()
    expect(page).to_have_url(live_server("/relief/position"))
    assert_position_whole(page)


def test_the_first_card_comes_from_the_home_page_with_no_round_trip(phone, live_server):
    page = open_home(phone, live_server, SMALL_PHONES[0])
    page.wait_for_load_state("load")
    asked: list[str] = []
    page.on("request", lambda request: asked.append(f"{request.method} {request.url}"))
    episode_written = lambda response: response.url == live_server("/episodes")  # noqa: E731
    with page.expect_response(episode_written) as written:
        page.get_by_role("button", name=SPASM).click()
        expect(page.locator("#relief-card .position-figure")).to_be_visible()
    # The episode is still written, through the outbox, once the card shows.
    assert written.value.ok and written.value.request.method == "POST"
    assert f"GET {live_server('/relief/position')}" not in asked
    expect(page).to_have_title("Stop and get down safely · Spasm")
    # Back returns to the home page.
    page.go_back()
    expect(page).to_have_url(live_server("/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Back locked up?")


@pytest.mark.parametrize("size", SMALL_PHONES, ids=ids)
def test_heat_runs_two_taps_from_home_with_the_countdown_in_view(phone, live_server, size):
    page = open_home(phone, live_server, size)
    page.wait_for_load_state("load")
    page.get_by_role("button", name=SPASM).click()  # tap 1
    card = page.locator("#relief-card")
    expect(card.locator(".position-figure")).to_be_visible()
    timer_started = lambda response: response.url == live_server("/timer") and response.request.method == "POST"  # noqa: E731
    with page.expect_response(timer_started) as started:
        card.get_by_role("button", name="Start heat").click()  # tap 2
    assert started.value.ok
    # The phone's own card answers at once; the server's then takes its place.
    countdown = page.locator("[data-timer]:not([data-local]) [data-timer-remaining]")
    expect(countdown).to_have_text(re.compile(r"^\d+:\d\d$"))
    assert_on_first_screen(page, countdown, first_screen_bottom(page), unscrolled=False)
    expect(page).to_have_url(live_server("/timer"))
    # The server has it: its own page shows heat running.
    page.reload()
    served = page.locator("[data-timer]:not([data-local])")
    expect(served).to_have_attribute("data-kind", "heat")
    expect(served.locator("[data-timer-remaining]")).to_have_text(re.compile(r"^\d+:\d\d$"))
