"""Locked-phone alerts in a real Chromium: the service worker shows a pushed
alert and a tap on it opens the timer; the page subscribes only from a tap;
where push cannot work, one line says so."""

from __future__ import annotations

import contextlib
import json
import time

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
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
SHOWING = """async (count) => {
  const registration = await navigator.serviceWorker.ready;
  return (await registration.getNotifications()).length === count;
}"""


def controlled(page):
    page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=20000)


class DevTools:
    """What Chromium's DevTools say of one phone: its service worker
    registrations, and each notification the phone puts on display."""

    def __init__(self, context, page):
        self.page = page
        self.cdp = context.new_cdp_session(page)
        self.registrations: dict[str, str] = {}
        self.displayed = 0
        self.cdp.on("ServiceWorker.workerRegistrationUpdated", self._registrations)
        self.cdp.on("BackgroundService.backgroundServiceEventReceived", self._background_event)
        self.cdp.send("BackgroundService.startObserving", {"service": "notifications"})
        self.cdp.send("BackgroundService.setRecording", {"shouldRecord": True, "service": "notifications"})
        self.cdp.send("ServiceWorker.enable")

    def _registrations(self, event: dict) -> None:
        self.registrations.update({r["scopeURL"]: r["registrationId"] for r in event["registrations"]})

    def _background_event(self, event: dict) -> None:
        if event["backgroundServiceEvent"]["eventName"] == "Notification displayed":
            self.displayed += 1

    def until(self, condition, what: str, seconds: float = 10) -> None:
        """DevTools events reach the test only while it waits on the browser:
        wait in short steps until one makes `condition` hold."""
        deadline = time.monotonic() + seconds
        while not condition():
            if time.monotonic() > deadline:
                raise AssertionError(f"{what}: not within {seconds:.0f} s")
            self.page.wait_for_timeout(20)

    def registration_id(self, scope: str) -> str:
        self.until(lambda: scope in self.registrations, f"the service worker registration for {scope}")
        return self.registrations[scope]

    def deliver_push(self, origin: str, data: str) -> None:
        registration = self.registration_id(origin + "/")
        self.cdp.send(
            "ServiceWorker.deliverPushMessage", {"origin": origin, "registrationId": registration, "data": data}
        )

    def notifications(self, count: int) -> list[dict]:
        """The notifications on display once there are `count`. Headless
        Chromium forgets a notification if getNotifications() runs after
        showNotification() has stored it but before it is on display (a phone
        has no such gap), so nothing is read before DevTools report that many
        displayed."""
        self.until(lambda: self.displayed >= count, f"{count} notifications displayed")
        with contextlib.suppress(PlaywrightTimeout):
            self.page.wait_for_function(SHOWING, arg=count, polling=100, timeout=10000)
        return self.page.evaluate(NOTIFICATIONS)


def test_a_pushed_alert_is_shown_and_a_tap_opens_the_timer(phone, live_server):
    context = phone.open()
    context.grant_permissions(["notifications"], origin=live_server.url)
    page = context.pages[0] if context.pages else context.new_page()
    page.goto(live_server("/"))
    controlled(page)

    devtools = DevTools(context, page)
    devtools.deliver_push(live_server.url, json.dumps(ALERT))
    [shown] = devtools.notifications(1)
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
    assert devtools.notifications(0) == []


def test_a_push_that_is_not_json_still_shows_a_timer_notification(phone, live_server):
    context = phone.open()
    context.grant_permissions(["notifications"], origin=live_server.url)
    page = context.pages[0] if context.pages else context.new_page()
    page.goto(live_server("/timer"))
    controlled(page)
    devtools = DevTools(context, page)
    devtools.deliver_push(live_server.url, "not json")
    [shown] = devtools.notifications(1)
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
