"""The safety check on a small phone (360 x 640), as a new device: nothing
ticked when it opens, "None of these" one tap on each of its two short
screens, only the answers given in the summary, the same taps without
JavaScript, and an emergency sign routed with no signal."""

import re

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from spasm.content.red_flags import CHECK_BY_KEY, EMERGENCY, MATERNITY
from spasm.device import hash_token
from spasm.extensions import db
from spasm.models import Episode, Profile, RedFlagAnswer
from tests.browser.a11y import assert_accessible
from tests.browser.test_offline import kept, outbox_empty, wait_for_offline_copies
from tests.browser.test_pwa import wait_until_controlled

SMALL = {"width": 360, "height": 640}
FIRST = "/relief/safety-check"
MORE = "/relief/safety-check/more"
# The smallest tap target WCAG 2.5.5 and the platform guides ask for.
TAP = 44

# The first screen asks the signs that mean call someone now.
FIRST_SCREEN = (EMERGENCY, MATERNITY)


def small_phone(phone, **options) -> Page:
    return phone.page(viewport=SMALL, screen=SMALL, **options)


def url(live_server, path: str) -> re.Pattern:
    return re.compile(re.escape(live_server(path)) + "$")


def first_screen_bottom(page: Page) -> float:
    """Where the card stops being seen without scrolling: the top of the
    lowest bar held at the foot of the screen."""
    return page.evaluate(
        """() => {
          let bottom = window.innerHeight;
          for (const bar of document.querySelectorAll('.tabbar, .relief-nav')) {
            const style = getComputedStyle(bar);
            if (!['fixed', 'sticky'].includes(style.position)) continue;
            const box = bar.getBoundingClientRect();
            if (box.height && box.top < bottom && box.bottom >= window.innerHeight - 1) bottom = box.top;
          }
          return bottom;
        }"""
    )


def assert_seen_without_scrolling(page: Page, locator) -> None:
    expect(locator).to_be_visible()
    assert page.evaluate("window.scrollY") == 0
    box = locator.bounding_box()
    assert box is not None and box["y"] >= 0, box
    assert box["y"] + box["height"] <= first_screen_bottom(page) + 0.5, box


def assert_nothing_ticked(page: Page) -> None:
    card = page.locator("#relief-card")
    expect(card.locator('input[name="sign"]').first).to_be_visible()
    expect(card.locator("input:checked")).to_have_count(0)


def assert_thumb_sized(locator) -> None:
    for index in range(locator.count()):
        box = locator.nth(index).bounding_box()
        assert box is not None and box["height"] >= TAP and box["width"] >= TAP, box


def device_answers(live_server, context) -> dict[str, str]:
    token = next(c["value"] for c in context.cookies() if c["name"] == live_server.app.config["DEVICE_COOKIE_NAME"])
    with live_server.app.app_context():
        profile = db.session.scalar(select(Profile).where(Profile.token_hash == hash_token(token)))
        rows = db.session.scalars(select(RedFlagAnswer).where(RedFlagAnswer.profile_id == profile.id))
        return {row.question: row.answer for row in rows}


def device_episode_id(live_server, context) -> int:
    token = next(c["value"] for c in context.cookies() if c["name"] == live_server.app.config["DEVICE_COOKIE_NAME"])
    with live_server.app.app_context():
        profile = db.session.scalar(select(Profile).where(Profile.token_hash == hash_token(token)))
        (episode_id,) = db.session.scalars(select(Episode.id).where(Episode.profile_id == profile.id)).all()
        return episode_id


def into_the_check(page: Page, live_server) -> None:
    """From home to the check the way a person on the floor gets there."""
    page.goto(live_server("/"))
    page.get_by_role("button", name="I'm having a spasm").click()
    expect(page).to_have_url(url(live_server, "/relief/position"))
    page.locator("#relief-card").get_by_role("link", name="Next").click()
    page.locator("#relief-card").get_by_role("button", name="Just now").click()
    expect(page).to_have_url(url(live_server, FIRST))


def tick(page: Page, key: str) -> None:
    """Tap a sign's row, as a thumb does, and see it ticked."""
    row = page.locator("#relief-card label.check-sign", has_text=CHECK_BY_KEY[key].label)
    box = row.locator("input")
    was = box.is_checked()
    row.click()
    expect(box).to_be_checked(checked=not was)


def warning_signs(page: Page):
    """The summary's section of warning-sign answers."""
    return page.locator("section", has=page.get_by_role("heading", name="Warning-sign answers"))


def test_none_of_these_is_one_tap_on_each_screen_and_the_summary_lists_nothing(phone, live_server):
    page = small_phone(phone)
    into_the_check(page, live_server)
    page.evaluate("window.__marker = 1")
    card = page.locator("#relief-card")

    # The first screen: the heading, "None of these" and the first signs,
    # with nothing ticked and no scrolling.
    assert_nothing_ticked(page)
    expect(card.locator('input[name="sign"]')).to_have_count(
        sum(q.urgency in FIRST_SCREEN for q in CHECK_BY_KEY.values())
    )
    none = card.get_by_role("button", name="None of these")
    for seen in (card.locator("#relief-title"), none, card.locator(".check-sign").nth(2)):
        assert_seen_without_scrolling(page, seen)
    assert_thumb_sized(card.locator(".check-sign"))
    assert_thumb_sized(card.locator(".check-nav .btn"))
    assert_thumb_sized(none)
    assert_accessible(page)

    none.click()
    expect(page).to_have_url(url(live_server, MORE))
    assert_nothing_ticked(page)
    expect(card.locator('input[name="sign"]')).to_have_count(
        sum(q.urgency not in FIRST_SCREEN for q in CHECK_BY_KEY.values())
    )
    none = card.get_by_role("button", name="None of these")
    assert_seen_without_scrolling(page, none)
    assert_thumb_sized(card.locator(".check-sign"))
    assert_accessible(page)

    none.click()
    expect(page).to_have_url(url(live_server, "/relief/heat-cold"))
    expect(card.locator("#relief-title")).to_have_text("Heat or cold")
    # htmx swapped each card in: no page was loaded again.
    assert page.evaluate("window.__marker") == 1

    assert device_answers(live_server, page.context) == {}
    page.goto(live_server(f"/history/{device_episode_id(live_server, page.context)}/summary"))
    section = warning_signs(page)
    expect(section).to_contain_text("The warning-sign questions were not answered.")
    expect(section.locator("li")).to_have_count(0)


def test_a_ticked_sign_and_not_sure_are_all_the_summary_shows(phone, live_server):
    page = small_phone(phone)
    into_the_check(page, live_server)
    card = page.locator("#relief-card")
    card.get_by_role("button", name="None of these").click()
    expect(page).to_have_url(url(live_server, MORE))
    tick(page, "fever")
    # Ticked, "None of these" would disagree with the tick: it waits, in place.
    expect(card.get_by_role("button", name="None of these")).to_be_disabled()
    tick(page, "fever")
    expect(card.get_by_role("button", name="None of these")).to_be_enabled()
    tick(page, "fever")
    card.get_by_role("button", name="Not sure", exact=True).click()
    expect(page).to_have_url(url(live_server, "/red-flags/check"))
    expect(page.locator("#check-result-title")).to_have_text("See a doctor today")
    expect(page.locator(".you-ticked li")).to_have_text([f"{CHECK_BY_KEY['fever'].label} (not sure)"])

    assert device_answers(live_server, page.context) == {"fever": "unsure"}
    page.goto(live_server(f"/history/{device_episode_id(live_server, page.context)}/summary"))
    items = warning_signs(page).locator("li")
    expect(items).to_have_count(1)
    expect(items).to_contain_text(CHECK_BY_KEY["fever"].label)
    expect(items).to_contain_text("Not sure")


def test_the_check_opened_again_ticks_nothing_and_names_what_was_said(phone, live_server):
    page = small_phone(phone)
    into_the_check(page, live_server)
    page.goto(live_server(MORE))
    tick(page, "cancer")
    page.locator("#relief-card").get_by_role("button", name="Yes", exact=True).click()
    expect(page).to_have_url(url(live_server, "/red-flags/check"))
    page.goto(live_server(MORE))
    assert_nothing_ticked(page)
    expect(page.locator(".check-before")).to_contain_text(CHECK_BY_KEY["cancer"].label)
    # A reload keeps nothing ticked either: the browser restores no ticks.
    tick(page, "fever")
    page.reload()
    assert_nothing_ticked(page)


def test_back_to_a_screen_left_with_a_tick_finds_none_of_these_ready(phone, live_server):
    page = small_phone(phone)
    page.goto(live_server(FIRST))
    card = page.locator("#relief-card")
    tick(page, "serious_fall")
    expect(card.get_by_role("button", name="None of these")).to_be_disabled()
    card.get_by_role("link", name="Back").click()
    expect(page).to_have_url(url(live_server, "/relief/onset"))
    page.go_back()
    expect(page).to_have_url(url(live_server, FIRST))
    assert_nothing_ticked(page)
    expect(card.get_by_role("button", name="None of these")).to_be_enabled()


def test_the_same_taps_work_without_javascript(phone, live_server):
    page = small_phone(phone, javascript=False)
    into_the_check(page, live_server)
    assert_nothing_ticked(page)
    page.locator("#relief-card").get_by_role("button", name="None of these").click()
    expect(page).to_have_url(url(live_server, MORE))
    assert_nothing_ticked(page)
    page.locator("#relief-card").get_by_role("button", name="None of these").click()
    expect(page).to_have_url(url(live_server, "/relief/heat-cold"))
    assert device_answers(live_server, page.context) == {}

    page.goto(live_server(FIRST))
    tick(page, "both_legs")
    page.locator("#relief-card").get_by_role("button", name="Yes", exact=True).click()
    expect(page).to_have_url(url(live_server, "/red-flags/check"))
    expect(page.locator("#check-result-title")).to_have_text("Call the emergency number now")
    assert device_answers(live_server, page.context) == {"both_legs": "yes"}


@pytest.mark.parametrize(("path", "level"), [(FIRST, "emergency"), (MORE, "today")])
def test_yes_with_nothing_ticked_opens_the_signs_at_their_level(phone, live_server, path, level):
    page = small_phone(phone)
    page.goto(live_server(path))
    page.locator("#relief-card").get_by_role("button", name="Yes", exact=True).click()
    expect(page).to_have_url(re.compile(re.escape(live_server(f"/red-flags#{level}")) + "$"))
    expect(page.locator(f"#{level}")).to_be_visible()


def test_with_no_signal_an_emergency_sign_opens_the_red_flags_and_is_sent_later(phone, live_server):
    page = small_phone(phone)
    page.goto(live_server(FIRST))
    wait_until_controlled(page)
    wait_for_offline_copies(page)
    page.wait_for_function(
        """() => caches.keys().then((names) => {
          const name = names.find((n) => n.startsWith("spasm-fragments-"));
          return name && caches.open(name).then((cache) => cache.match("/relief/safety-check/more")).then(Boolean);
        })"""
    )
    page.context.set_offline(True)
    page.reload()
    card = page.locator("#relief-card")
    assert_nothing_ticked(page)

    # "None of these" shows the second screen from the phone's copy ...
    card.get_by_role("button", name="None of these").click()
    expect(page).to_have_url(url(live_server, MORE))
    assert_nothing_ticked(page)
    # ... and Back the first again, where an emergency sign is ticked.
    card.get_by_role("link", name="Back").click()
    expect(page).to_have_url(url(live_server, FIRST))
    tick(page, "chest_pain")
    card.get_by_role("button", name="Yes", exact=True).click()
    page.wait_for_url(re.compile(r"/red-flags#emergency$"))
    expect(page.locator("#emergency")).to_be_visible()
    assert [item["kind"] for item in kept(page)] == ["safety-check", "safety-check"]
    assert "sign=chest_pain" in kept(page)[1]["body"]

    # Back online, the kept answers reach the server: the sign, and nothing
    # for the screen answered "None of these".
    page.context.set_offline(False)
    page.goto(live_server(FIRST))
    page.evaluate("SpasmOutbox.flush()")
    outbox_empty(page)
    assert device_answers(live_server, page.context) == {"chest_pain": "yes"}


def test_with_no_signal_a_pregnancy_sign_opens_the_maternity_signs(phone, live_server):
    page = small_phone(phone)
    page.goto(live_server(FIRST))
    wait_until_controlled(page)
    wait_for_offline_copies(page)
    page.context.set_offline(True)
    page.reload()
    tick(page, "pregnancy_bleeding")
    page.locator("#relief-card").get_by_role("button", name="Yes", exact=True).click()
    page.wait_for_url(re.compile(r"/red-flags#maternity$"))
    maternity = page.locator("#maternity")
    expect(maternity).to_be_visible()
    expect(maternity).to_contain_text("Call your midwife or maternity unit now")
