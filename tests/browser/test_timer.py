"""Heat and cold timers in a real phone-sized Chromium: the countdown stays
right through reloads, a server restart and a lost network, and the end alert fires."""

from datetime import UTC, datetime, timedelta
from urllib.parse import urlparse

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from spasm.extensions import db
from spasm.models import Profile, TimerRun
from tests.browser.a11y import assert_accessible
from tests.browser.chromium import first_page, launch_phone
from tests.browser.conftest import timers_lasting
from tests.browser.servers import AppProcess

REMAINING = "[data-timer-live] [data-timer-remaining]"
COUNTING = f"() => /^\\d+:\\d\\d$/.test((document.querySelector('{REMAINING}') || {{}}).textContent || '')"

# Spies installed before any page script: vibration, sound, notifications and
# the wake lock (headless Chromium has no real one), plus a way to hide and
# show the page as a phone does when its screen locks.
SPIES = """
window.__spy = { vibrate: [], oscillators: 0, notifications: [], asks: 0, locks: [], sentinels: [], done: [] };
Object.defineProperty(navigator, "vibrate", { configurable: true, value: function (pattern) {
  __spy.vibrate.push(pattern); return true; } });
if (window.AudioContext) {
  const create = BaseAudioContext.prototype.createOscillator;
  AudioContext.prototype.createOscillator = function () { __spy.oscillators++; return create.call(this); };
}
class FakeNotification {
  constructor(title, options) { __spy.notifications.push({ title, body: options && options.body }); }
  static requestPermission() {
    __spy.asks++; FakeNotification.permission = "granted"; return Promise.resolve("granted");
  }
}
FakeNotification.permission = "default";
window.Notification = FakeNotification;
Object.defineProperty(navigator, "wakeLock", {
  configurable: true, value: { request(type) {
  __spy.locks.push(type);
  const listeners = [];
  const sentinel = { type, released: false,
    addEventListener(name, fn) { if (name === "release") listeners.push(fn); },
    release() { sentinel.drop(); return Promise.resolve(); },
    drop() {
      if (!sentinel.released) { sentinel.released = true; listeners.forEach((fn) => fn(new Event("release"))); }
    } };
  __spy.sentinels.push(sentinel);
  return Promise.resolve(sentinel);
} } });
let visibility = "visible";
Object.defineProperty(document, "visibilityState", { configurable: true, get: () => visibility });
Object.defineProperty(document, "hidden", { configurable: true, get: () => visibility !== "visible" });
window.__setVisibility = (state) => {
  visibility = state;
  if (state === "hidden") __spy.sentinels.forEach((s) => s.drop());  // as the browser does
  document.dispatchEvent(new Event("visibilitychange"));
};
document.addEventListener("spasm:timer-done", (event) => __spy.done.push(event.detail));
"""

# How far ahead of the real time one phone's own clock is: the page must
# follow the server's.
CLOCK_AHEAD = timedelta(minutes=7)


def shown_seconds(page, selector: str = REMAINING) -> int:
    minutes, seconds = page.locator(selector).inner_text().split(":")
    return int(minutes) * 60 + int(seconds)


def seconds_until(iso: str) -> float:
    return (datetime.fromisoformat(iso.replace("Z", "+00:00")) - datetime.now(UTC)).total_seconds()


def wait_until_shown_at_most(page, seconds: int, selector: str = REMAINING) -> None:
    """Wait for the countdown to reach `seconds`: a condition, not a fixed sleep."""
    page.wait_for_function(
        "([most, selector]) => { const [m, s] = document.querySelector(selector).textContent.split(':');"
        " return Number(m) * 60 + Number(s) <= most; }",
        arg=[seconds, selector],
    )


def wait_for_the_next_second(page, selector: str = REMAINING) -> None:
    """Wait until the countdown shows a number and then moves on by a second:
    what is read after it is the live count, not a first figure."""
    page.wait_for_function(
        "(selector) => /^\\d+:\\d\\d$/.test((document.querySelector(selector) || {}).textContent || '')",
        arg=selector,
    )
    wait_until_shown_at_most(page, shown_seconds(page, selector) - 1, selector)


def assert_close_to_truth(page, ends_at: str, selector: str = REMAINING) -> None:
    shown = shown_seconds(page, selector)
    assert abs(shown - seconds_until(ends_at)) <= 2, (shown, seconds_until(ends_at))


def skin_card(page):
    return page.locator("article[data-timer]:not([data-kind='movement'])")


def server_card(page):
    """The phone shows a started timer at once; then the server's own card replaces it."""
    page.locator("article[data-timer]:not([data-local])").wait_for()


def start_from_timer_page(page, live_server, label: str):
    page.goto(live_server("/timer"))
    page.get_by_role("button", name=label).click()
    server_card(page)
    page.wait_for_function(COUNTING)
    return skin_card(page).get_attribute("data-timer-id"), skin_card(page).get_attribute("data-ends-at")


def stored(live_server, timer_id) -> dict:
    with live_server.app.app_context():
        session = db.session.get(TimerRun, int(timer_id))
        return {"status": session.status, "ends_at": session.ends_at, "ended_at": session.ended_at}


def mirror(page):
    return page.evaluate("JSON.parse(localStorage.getItem('spasm.timers'))")


def mirror_cleared(page) -> bool:
    """The device copy is dropped once the swapped-in panel settles; allow it that moment."""
    try:
        page.wait_for_function("() => localStorage.getItem('spasm.timers') === null", timeout=5000)
    except PlaywrightTimeout:
        return False
    return mirror(page) is None


@pytest.fixture
def short_timers(live_server):
    """Every timer started during the test lasts 3 seconds (honoured only in testing)."""
    with timers_lasting(live_server, 3):
        yield


def test_heat_counts_down_survives_a_reload_and_stop_early_is_logged(phone, live_server):
    page = phone.page()
    # This phone's clock is fast; it runs on at the real pace.
    page.clock.install(time=datetime.now(UTC) + CLOCK_AHEAD)
    timer_id, ends_at = start_from_timer_page(page, live_server, "Start heat · 20 min")
    assert page.get_by_role("heading", level=1).inner_text() == "Heat timer"
    first = shown_seconds(page)
    assert 1190 <= first <= 1200
    assert_close_to_truth(page, ends_at)
    # It counts down on its own: wait for two seconds to go, however slow the machine.
    wait_until_shown_at_most(page, first - 2)
    assert_close_to_truth(page, ends_at)
    assert mirror(page)[0]["id"] == timer_id

    page.reload()
    page.wait_for_function(COUNTING)
    assert skin_card(page).get_attribute("data-ends-at") == ends_at
    assert_close_to_truth(page, ends_at)

    page.get_by_role("button", name="Stop early").click()
    page.get_by_text("Heat timer stopped after 0 minutes.").wait_for()
    row = stored(live_server, timer_id)
    assert row["status"] == "stopped" and row["ended_at"] is not None and row["ended_at"] < row["ends_at"]
    assert mirror_cleared(page)


def test_one_tap_heat_from_the_relief_flow_counts_down(phone, live_server):
    page = phone.page()
    page.goto(live_server("/relief/heat-cold"))
    page.get_by_role("button", name="Start heat · 20 min").click()
    page.wait_for_url(live_server("/timer"))
    # The phone's own card shows first; read the server's, once it has taken its place.
    page.locator("article[data-timer]:not([data-local])").wait_for()
    page.wait_for_function(COUNTING)
    ends_at = skin_card(page).get_attribute("data-ends-at")
    first = shown_seconds(page)
    assert 1190 <= first <= 1200
    wait_until_shown_at_most(page, first - 1)
    assert_close_to_truth(page, ends_at)


def test_the_countdown_keeps_going_offline_and_on_the_offline_page(phone, live_server):
    page = phone.page()
    _timer_id, ends_at = start_from_timer_page(page, live_server, "Start cold · 15 min")
    # The service worker must hold the offline page before the signal goes.
    page.wait_for_function("() => navigator.serviceWorker && navigator.serviceWorker.controller", timeout=15000)
    page.context.set_offline(True)
    first = shown_seconds(page)
    wait_until_shown_at_most(page, first - 2)
    assert_close_to_truth(page, ends_at)

    # Reopened with no signal: the kept timer page shows it from the device's copy.
    page.reload()
    page.locator("article[data-timer]").wait_for()
    assert page.locator("#timer-title").inner_text() == "Cold timer"
    wait_for_the_next_second(page)
    assert_close_to_truth(page, ends_at)

    # And so does any other page kept for no signal.
    page.goto(live_server("/offline"))
    box = page.locator("[data-timer-mirror]")
    box.wait_for(state="visible")
    assert "Cold timer" in box.inner_text()
    wait_for_the_next_second(page, ".timer-mirror-time")
    assert_close_to_truth(page, ends_at, ".timer-mirror-time")
    page.context.set_offline(False)


def test_at_zero_the_alert_fires_and_the_session_is_completed(phone, live_server, short_timers):
    page = phone.page()
    page.add_init_script(SPIES)
    page.goto(live_server("/timer"))
    page.get_by_role("button", name="Start cold · 15 min").click()
    server_card(page)
    timer_id = skin_card(page).get_attribute("data-timer-id")
    ends_at = skin_card(page).get_attribute("data-ends-at")
    # Permission is asked only from a tap on the button.
    assert page.evaluate("__spy.asks") == 0
    page.get_by_role("button", name="Alert me even if the phone is locked").click()
    page.wait_for_function("() => __spy.asks === 1")

    page.wait_for_function("() => __spy.done.length === 1", timeout=8000)
    assert page.evaluate("__spy.done[0]") == {"id": timer_id, "kind": "cold"}
    assert page.get_by_text("Take it off now. Let your skin rest before another session.").is_visible()
    assert not page.get_by_role("button", name="Stop early").is_visible()
    spy = page.evaluate(
        "({vibrate: __spy.vibrate, oscillators: __spy.oscillators, notifications: __spy.notifications,"
        " locks: __spy.locks, released: __spy.sentinels.map((s) => s.released)})"
    )
    assert spy["vibrate"] and spy["oscillators"] >= 1
    assert spy["notifications"][0]["body"].startswith("Take it off now")
    assert spy["locks"] == ["screen"] and spy["released"] == [True]
    assert mirror_cleared(page)

    with page.expect_navigation():
        page.get_by_role("link", name="Done").click()
    page.get_by_text("Cold timer has ended.").wait_for()
    row = stored(live_server, timer_id)
    assert row["status"] == "completed" and row["ended_at"] == row["ends_at"]
    assert row["ends_at"].isoformat(timespec="milliseconds").replace("+00:00", "Z") == ends_at


def test_the_sound_setting_silences_the_alert(phone, live_server, short_timers):
    page = phone.page()
    page.add_init_script(SPIES)
    page.goto(live_server("/timer"))
    page.get_by_role("button", name="Start heat · 20 min").click()
    server_card(page)
    timer_id = skin_card(page).get_attribute("data-timer-id")
    with live_server.app.app_context():
        session = db.session.get(TimerRun, int(timer_id))
        db.session.get(Profile, session.profile_id).sound_on = False
        db.session.commit()
    page.reload()
    page.wait_for_function("() => __spy.done.length === 1", timeout=8000)
    assert page.evaluate("__spy.oscillators") == 0 and page.evaluate("__spy.vibrate.length") == 1


@pytest.fixture
def one_second_reminders(live_server):
    with timers_lasting(live_server, 1):
        yield


def test_the_movement_reminder_repeats(phone, live_server, one_second_reminders):
    page = phone.page()
    page.add_init_script(SPIES)
    page.goto(live_server("/timer?kind=movement"))
    page.get_by_role("button", name="Remind me to move").click()
    page.wait_for_function("() => __spy.vibrate.length >= 2", timeout=8000)
    assert page.get_by_text("Time to change position or take a short walk.").is_visible()
    assert page.get_by_role("button", name="Stop reminders").is_visible()


def test_the_wake_lock_is_taken_and_taken_again_when_visible(phone, live_server):
    page = phone.page()
    page.add_init_script(SPIES)
    start_from_timer_page(page, live_server, "Start heat · 20 min")
    page.wait_for_function("() => __spy.locks.length === 1")
    page.evaluate("__setVisibility('hidden')")
    assert page.evaluate("__spy.locks.length") == 1
    page.evaluate("__setVisibility('visible')")
    page.wait_for_function("() => __spy.locks.length === 2")
    assert page.evaluate("__spy.locks") == ["screen", "screen"]
    page.get_by_role("button", name="Stop early").click()
    page.wait_for_function("() => __spy.sentinels.every((s) => s.released)")


def test_a_25_minute_cold_request_is_refused_in_the_page(phone, live_server):
    page = phone.page()
    page.goto(live_server("/timer"))
    page.get_by_text("Other lengths and timers").click()
    page.get_by_label("Cold, in minutes (1 to 20)").fill("25")
    page.get_by_role("button", name="Start cold", exact=True).click()
    error = page.get_by_text("Cold is limited to 20 minutes at a time, to protect your skin.")
    error.wait_for()
    assert error.is_visible()
    assert page.locator("[data-timer]").count() == 0
    page.reload()
    assert page.locator("[data-timer]").count() == 0


def test_without_javascript_start_and_stop_still_work(phone, live_server):
    page = phone.page(javascript=False)
    page.goto(live_server("/timer"))
    page.get_by_role("button", name="Start cold · 15 min").click()
    assert page.get_by_text("15 min", exact=True).is_visible()
    assert "UTC" in page.locator(".timer-ends time").inner_text()
    assert page.locator("[data-push-on]").is_hidden()
    page.get_by_role("button", name="Stop early").click()
    page.get_by_text("Cold timer stopped after 0 minutes.").wait_for()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_timer_page_has_no_wcag_violations(phone, live_server, scheme):
    page = phone.page(color_scheme=scheme)
    page.goto(live_server("/timer"))
    assert_accessible(page)
    page.get_by_text("Other lengths and timers").click()
    assert_accessible(page)
    page.get_by_role("button", name="Remind me to move").click()
    page.get_by_role("button", name="Stop reminders").wait_for()  # the panel has been swapped
    page.get_by_role("button", name="Start heat · 20 min").click()
    page.wait_for_function(COUNTING)
    assert_accessible(page)


def test_the_countdown_is_still_right_after_the_server_restarts(playwright, tmp_path):
    server = AppProcess(tmp_path)
    server.migrate()
    server.start()
    context = launch_phone(playwright, tmp_path / "profile")
    foreign = []
    context.on(
        "request", lambda r: foreign.append(r.url) if urlparse(r.url).netloc != urlparse(server.url).netloc else None
    )
    try:
        page = first_page(context)
        timer_id, ends_at = start_from_timer_page(page, server, "Start heat · 20 min")
        assert_close_to_truth(page, ends_at)
        server.stop()
        # The countdown goes on while no server answers; some seconds pass.
        wait_until_shown_at_most(page, 1200 - 3)
        server.start()
        page.reload()
        page.wait_for_function(COUNTING)
        assert skin_card(page).get_attribute("data-timer-id") == timer_id
        assert skin_card(page).get_attribute("data-ends-at") == ends_at
        assert_close_to_truth(page, ends_at)
        assert shown_seconds(page) <= 1200 - 2
    finally:
        context.close()
        server.stop()
    assert [url for url in foreign if url.startswith("http")] == []
