"""Locked-phone alerts in a real Chromium: the service worker shows a pushed
alert and a tap on it opens the timer; the page subscribes only from a tap;
where push cannot work, one line says so."""

from __future__ import annotations

import json
import time

import pytest
from sqlalchemy import select

from spasm.extensions import db
from spasm.models import PushSubscription

ALERT = {
    "web_push": 8030,
    "notification": {
        "title": "Cold timer has ended",
        "body": "Take the cold pack off now. Rest before another session.",
        "navigate": "http://ignored.example/timer",
        "tag": "spasm-timer",
    },
}
NOTIFICATIONS = """async () => {
  const registration = await navigator.serviceWorker.ready;
  return (await registration.getNotifications()).map((n) => ({
    title: n.title, body: n.body, tag: n.tag, url: n.data && n.data.url, vibrate: Array.from(n.vibrate || []),
  }));
}"""


def controlled(page):
    page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=20000)


def registration_id(cdp, page, scope) -> str:
    found = {}
    cdp.on(
        "ServiceWorker.workerRegistrationUpdated",
        lambda event: found.update({r["scopeURL"]: r["registrationId"] for r in event["registrations"]}),
    )
    cdp.send("ServiceWorker.enable")
    deadline = time.monotonic() + 10
    while scope not in found and time.monotonic() < deadline:
        page.wait_for_timeout(100)
    return found[scope]


def notifications(page, count: int) -> list[dict]:
    # Headless Chromium registers a shown notification as displayed a moment
    # after showNotification() resolves; a read in between finds it missing
    # and forgets it. A phone has no such gap, so give it that moment first.
    page.wait_for_timeout(1500)
    deadline = time.monotonic() + 10
    shown = page.evaluate(NOTIFICATIONS)
    while len(shown) < count and time.monotonic() < deadline:
        page.wait_for_timeout(100)
        shown = page.evaluate(NOTIFICATIONS)
    return shown


def test_a_pushed_alert_is_shown_and_a_tap_opens_the_timer(phone, live_server):
    context = phone.open()
    context.grant_permissions(["notifications"], origin=live_server.url)
    page = context.pages[0] if context.pages else context.new_page()
    page.goto(live_server("/"))
    controlled(page)

    cdp = context.new_cdp_session(page)
    registration = registration_id(cdp, page, live_server("/"))
    cdp.send(
        "ServiceWorker.deliverPushMessage",
        {"origin": live_server.url, "registrationId": registration, "data": json.dumps(ALERT)},
    )
    [shown] = notifications(page, 1)
    assert shown["title"] == "Cold timer has ended"
    assert shown["body"] == "Take the cold pack off now. Rest before another session."
    assert shown["tag"] == "spasm-timer"
    assert shown["vibrate"] == [400, 200, 400, 200, 400]
    # A link to another site in a message is never followed: the timer instead.
    assert shown["url"] == "/timer"

    # Headless Chromium has no notification to tap, so the service worker gets
    # the click event it would get from one, for the notification it showed.
    [worker] = context.service_workers
    worker.evaluate(
        """async () => {
          const [notification] = await self.registration.getNotifications();
          try {
            self.dispatchEvent(new NotificationEvent("notificationclick", { notification }));
          } catch (error) { /* waitUntil refuses an event not sent by the browser */ }
        }"""
    )
    page.wait_for_url(live_server("/timer"))
    assert page.get_by_role("heading", name="Heat or cold timer").is_visible()
    assert notifications(page, 0) == []


def test_a_push_that_is_not_json_still_shows_a_timer_notification(phone, live_server):
    context = phone.open()
    context.grant_permissions(["notifications"], origin=live_server.url)
    page = context.pages[0] if context.pages else context.new_page()
    page.goto(live_server("/timer"))
    controlled(page)
    cdp = context.new_cdp_session(page)
    registration = registration_id(cdp, page, live_server("/"))
    cdp.send(
        "ServiceWorker.deliverPushMessage",
        {"origin": live_server.url, "registrationId": registration, "data": "not json"},
    )
    [shown] = notifications(page, 1)
    assert shown["title"] == "Spasm timer" and shown["url"] == "/timer"


# A push service is out of reach of a test browser: subscribe() answers with a
# subscription as a browser would, to an endpoint on loopback.
FAKE_SUBSCRIBE = """
window.__asks = 0;
const ask = Notification.requestPermission.bind(Notification);
Notification.requestPermission = (...args) => { window.__asks++; return ask(...args); };
// Kept across reloads, as a browser keeps its subscription.
const KEPT = "test.subscribed";
const fake = {
  endpoint: "http://127.0.0.1:9/push/from-the-browser",
  options: {},
  toJSON() {
    return { endpoint: this.endpoint, expirationTime: null, keys: {
      p256dh: "BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM",
      auth: "tBHItJI5svbpez7KI4CCXg" } };
  },
  unsubscribe() { sessionStorage.removeItem(KEPT); return Promise.resolve(true); },
};
PushManager.prototype.subscribe = function (options) {
  window.__subscribedWith = options;
  sessionStorage.setItem(KEPT, "1");
  return Promise.resolve(fake);
};
PushManager.prototype.getSubscription = function () {
  return Promise.resolve(sessionStorage.getItem(KEPT) ? fake : null);
};
"""


def saved_endpoints(live_server) -> list[str]:
    with live_server.app.app_context():
        rows = db.session.scalars(select(PushSubscription.endpoint)).all()
        db.session.remove()
        return list(rows)


@pytest.fixture
def loopback_push(live_server):
    live_server.app.config["PUSH_ALLOW_LOOPBACK"] = True
    yield
    live_server.app.config["PUSH_ALLOW_LOOPBACK"] = False
    with live_server.app.app_context():
        db.session.query(PushSubscription).delete()
        db.session.commit()
        db.session.remove()


def test_alerts_are_turned_on_from_a_tap_and_off_again(phone, live_server, loopback_push):
    context = phone.open()
    context.grant_permissions(["notifications"], origin=live_server.url)
    page = context.pages[0] if context.pages else context.new_page()
    page.add_init_script(FAKE_SUBSCRIBE)
    page.goto(live_server("/timer"))
    page.get_by_role("button", name="Start cold · 15 min").click()
    button = page.get_by_role("button", name="Alert me even if the phone is locked")
    button.wait_for()
    assert page.evaluate("window.__asks") == 0  # never asked before the tap

    button.click()
    page.get_by_text("You will be alerted even if the phone is locked.").wait_for()
    assert page.evaluate("window.__asks") == 1
    assert page.evaluate("window.__subscribedWith.userVisibleOnly") is True
    key = page.locator("[data-push]").get_attribute("data-push-key")
    sent_key = page.evaluate(
        "btoa(String.fromCharCode(...new Uint8Array(window.__subscribedWith.applicationServerKey)))"
    )
    assert sent_key.replace("+", "-").replace("/", "_").rstrip("=") == key
    assert saved_endpoints(live_server) == ["http://127.0.0.1:9/push/from-the-browser"]
    assert button.is_hidden()

    # After a reload the page knows, and does not ask again.
    page.reload()
    page.get_by_text("You will be alerted even if the phone is locked.").wait_for()
    page.get_by_role("button", name="Turn off locked-phone alerts").click()
    page.get_by_text("Locked-phone alerts are off.").wait_for()
    assert saved_endpoints(live_server) == []
    assert page.get_by_role("button", name="Alert me even if the phone is locked").is_visible()


def test_a_refused_subscription_keeps_the_button_and_says_so(phone, live_server):
    # Without the loopback switch, the server refuses the fake endpoint.
    context = phone.open()
    context.grant_permissions(["notifications"], origin=live_server.url)
    page = context.pages[0] if context.pages else context.new_page()
    page.add_init_script(FAKE_SUBSCRIBE)
    page.goto(live_server("/relief/heat-cold"))
    page.get_by_role("button", name="Alert me even if the phone is locked").click()
    page.get_by_text("That did not work. Keep this screen open, or try again.").wait_for()
    assert page.get_by_role("button", name="Alert me even if the phone is locked").is_visible()
    assert saved_endpoints(live_server) == []


NO_PUSH = "delete window.PushManager;"
IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
)


@pytest.mark.parametrize(
    "user_agent, line",
    [
        (None, "This browser cannot alert you when the phone is locked. Keep this screen open."),
        (IPHONE, "To be alerted when the phone is locked, add Spasm to your Home Screen first."),
    ],
    ids=["no push", "iPhone in Safari"],
)
def test_where_push_cannot_work_one_line_says_so(phone, live_server, user_agent, line):
    options = {"user_agent": user_agent} if user_agent else {}
    page = phone.page(**options)
    page.add_init_script(NO_PUSH)
    page.goto(live_server("/relief/heat-cold"))
    page.get_by_text(line).wait_for()
    assert page.locator("[data-push-on]").is_hidden()
    assert page.get_by_role("button", name="Start heat · 20 min").is_visible()
