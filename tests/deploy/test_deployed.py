"""Spasm as deployed: Chromium at phone size through nginx and TLS, gunicorn
started by the README's steps, PostgreSQL behind it. Every tap that saves
something goes through the proxy as a browser sends it (Sec-Fetch-Site,
Origin, Secure cookies), which no in-process test does."""

from __future__ import annotations

import csv
import http.cookiejar
import io
import json
import re
import ssl
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlparse

import psycopg
import pytest
from playwright.sync_api import Cookie, Page, expect

from tests.browser.servers import auto_submitting_form
from tests.fake_push import FakePushService

pytestmark = pytest.mark.deploy

SPASM = "I'm having a spasm"


def walk_to_the_check_in(page: Page) -> None:
    """Tap on through the relief flow, taking the calm answer where a step
    asks something, until the pain check-in is on screen."""
    card = page.locator("#relief-card")
    save = page.get_by_role("button", name="Save pain score")
    for _ in range(15):
        if save.count():
            return
        for choice in (
            card.get_by_role("button", name="Just now"),
            card.get_by_role("button", name="None of these"),
            card.get_by_role("link", name="Next"),
        ):
            if choice.count():
                # Each tap leads to a new address (the safety check's two
                # screens share a title).
                here = page.url
                choice.first.click()
                expect(page).not_to_have_url(here)
                break
        else:
            raise AssertionError(f"no way on from {page.url}")
    raise AssertionError("the check-in never came")


def save_pain(page: Page, score: int) -> None:
    page.locator("#relief-card").get_by_role("radio", name=str(score), exact=True).check()
    page.get_by_role("button", name="Save pain score").click()
    expect(page.get_by_text(f"Saved: {score} out of 10.")).to_be_visible()


def sent(page: Page) -> None:
    """Wait until the phone has sent every write it kept (a page without the
    outbox script, or without JavaScript, sent its form itself)."""
    page.wait_for_function("() => !window.SpasmOutbox || SpasmOutbox.pending().then((items) => items.length === 0)")


def device_cookie(page: Page, seconds: float = 15) -> Cookie:
    """The device cookie: the server sets it in its answer to the phone's
    first write, so it is looked for once the phone's writes are sent (and
    again, should the first write not yet have been kept when asked)."""
    deadline = time.monotonic() + seconds
    while True:
        sent(page)
        found = [c for c in page.context.cookies() if c["name"] == "spasm_device"]
        if found:
            return found[0]
        if time.monotonic() > deadline:
            raise AssertionError("the server never set the device cookie")
        page.wait_for_timeout(100)


def exported_until(page: Page, app_url, done, seconds: float = 15) -> dict:
    """The device's export once `done(export)` holds: a write kept on the
    phone reaches the server a moment after the screen shows it. Each try
    waits for the phone's writes to be sent (see export_json)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        data = export_json(page, app_url)
        if done(data):
            return data
    raise AssertionError("the server never got what the phone showed")


def export_json(page: Page, app_url) -> dict:
    sent(page)
    page.goto(app_url("/history"))
    with page.expect_download() as download:
        page.get_by_role("link", name="Download JSON").click()
    return json.loads(Path(download.value.path()).read_text(encoding="utf-8"))


def test_the_app_is_served_as_the_readme_says(phone, app_url):
    page = phone.page()
    response = page.goto(app_url("/red-flags"))
    assert response.status == 200
    headers = response.all_headers()
    assert headers["server"].startswith("nginx")
    assert headers["strict-transport-security"].startswith("max-age=")  # SPASM_BEHIND_HTTPS
    assert page.evaluate("performance.getEntriesByType('navigation')[0].nextHopProtocol") == "h2"
    # SPASM_REGION=uk reached the app.
    expect(page.locator("a[data-emergency-number]").first).to_have_attribute("href", "tel:999")
    assert page.evaluate("window.isSecureContext")


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_one_tap_starts_an_episode_and_the_flow_reaches_a_saved_check_in(phone, app_url, javascript):
    page = phone.page(javascript=javascript)
    page.goto(app_url("/"))
    page.get_by_role("button", name=SPASM).click()
    expect(page).to_have_url(app_url("/relief/position"))
    # The card comes from the phone at once; the write, and so the cookie, follows.
    cookie = device_cookie(page)
    assert cookie["secure"] and cookie["httpOnly"] and cookie["sameSite"] == "Lax"

    walk_to_the_check_in(page)
    save_pain(page, 6)
    page.reload()  # what was saved is on the server, not only on the screen
    data = export_json(page, app_url)
    assert [c["pain"] for c in data["check_ins"]] == [6]
    assert len(data["episodes"]) == 1 and data["episodes"][0]["onset_choice"] == "just_now"


def test_a_timer_starts_counts_down_and_stops(phone, app_url):
    page = phone.page()
    page.goto(app_url("/timer"))
    page.get_by_role("button", name=re.compile(r"^Start heat")).first.click()
    remaining = page.locator("[data-timer-live] [data-timer-remaining]")
    expect(remaining).to_have_text(re.compile(r"^\d+:\d\d$"))
    page.reload()
    expect(remaining).to_have_text(re.compile(r"^\d+:\d\d$"))

    page.get_by_role("button", name="Stop early").click()
    expect(page.get_by_role("button", name=re.compile(r"^Start heat")).first).to_be_visible()
    data = exported_until(page, app_url, lambda d: [t["status"] for t in d["timer_runs"]] == ["stopped"])
    [timer] = data["timer_runs"]
    assert timer["kind"] == "heat" and timer["status"] == "stopped"


def test_a_timer_starts_and_stops_without_javascript(phone, app_url):
    page = phone.page(javascript=False)
    page.goto(app_url("/timer"))
    page.get_by_role("button", name=re.compile(r"^Start cold")).first.click()
    expect(page.get_by_role("button", name="Stop early")).to_be_visible()
    page.get_by_role("button", name="Stop early").click()
    expect(page.get_by_text(re.compile(r"Cold timer stopped after \d+ minutes?\."))).to_be_visible()


def test_settings_are_saved_and_applied(phone, app_url):
    page = phone.page()
    page.goto(app_url("/settings"))
    page.get_by_label("Your emergency number (optional)").fill("0118")
    page.get_by_label("Heat, minutes").fill("25")
    page.get_by_label("Dark").check()
    page.get_by_label("Larger").check()
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_text("Settings saved.")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("data-theme", "dark")
    expect(page.locator("html")).to_have_attribute("data-text-size", "larger")

    page.goto(app_url("/red-flags"))
    expect(page.locator("a[data-emergency-number]").first).to_have_attribute("href", "tel:0118")
    page.goto(app_url("/timer"))
    expect(page.get_by_text("Start heat · 25 min").first).to_be_attached()
    expect(page.locator("html")).to_have_attribute("data-theme", "dark")


def test_export_then_delete_everything(phone, app_url, rows):
    page = phone.page()
    page.goto(app_url("/"))
    page.get_by_role("button", name=SPASM).click()
    expect(page).to_have_url(app_url("/relief/position"))
    walk_to_the_check_in(page)
    save_pain(page, 7)

    data = export_json(page, app_url)
    assert [c["pain"] for c in data["check_ins"]] == [7]
    response = page.request.get(app_url("/history/export.csv"))
    assert response.headers["content-disposition"].startswith("attachment;")
    records = [r["record"] for r in csv.DictReader(io.StringIO(response.body().decode("utf-8-sig")))]
    assert records[0] == "profile" and "episode" in records and "check_in" in records
    before = rows()

    page.goto(app_url("/settings"))
    page.get_by_role("link", name="Delete everything").click()
    expect(page.get_by_role("heading", name="Delete everything?")).to_be_visible()
    page.get_by_role("button", name="Delete everything").click()
    expect(page.get_by_role("heading", name="Everything is deleted")).to_be_visible()
    assert not any(c["name"] == "spasm_device" for c in page.context.cookies())
    after = rows()
    assert after["profiles"] == before["profiles"] - 1
    assert after["check_ins"] == before["check_ins"] - 1

    page.goto(app_url("/history"))
    expect(page.get_by_text("Nothing saved yet.")).to_be_visible()


def test_after_one_visit_the_red_flags_open_offline(phone, app_url):
    page = phone.page()
    page.goto(app_url("/"))
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    page.context.set_offline(True)

    response = page.goto(app_url("/red-flags"))
    assert response.status == 200 and response.from_service_worker
    expect(page.locator("#emergency h2")).to_have_text("Call the emergency number now")
    expect(page.locator("a[data-emergency-number]").first).to_have_attribute("href", "tel:999")


def test_a_form_on_another_site_cannot_start_a_timer(phone, app_url, other_site, rows):
    victim = phone.page()
    victim.goto(app_url("/"))
    victim.get_by_role("button", name=SPASM).click()
    expect(victim).to_have_url(app_url("/relief/position"))
    device_cookie(victim)  # the victim's own start has reached the server
    exported = exported_until(victim, app_url, lambda d: len(d["episodes"]) == 1)
    before = rows()

    other_site.pages["/prize"] = auto_submitting_form(app_url("/timer"), kind="heat", minutes="30")
    phone.other_origins.add(urlparse(other_site.url("/")).netloc)
    attacked = victim.context.new_page()
    with attacked.expect_response(lambda r: r.url == app_url("/timer") and r.request.method == "POST") as answer:
        attacked.goto(other_site.url("/prize"))
    assert answer.value.status == 403
    attacked.close()

    assert rows() == before
    victim.goto(app_url("/timer"))
    expect(victim.get_by_role("button", name=re.compile(r"^Start heat")).first).to_be_visible()
    expect(victim.get_by_role("button", name="Stop early")).to_have_count(0)
    assert export_json(victim, app_url)["timer_runs"] == exported["timer_runs"] == []


def post_through_the_proxy(stack, path: str, headers: dict[str, str]) -> int:
    """A POST as a client without Fetch Metadata sends it (an older browser,
    or a script), straight to nginx; its status."""
    request = urllib.request.Request(
        stack.url(path),
        data=urllib.parse.urlencode({"kind": "cold", "minutes": "10"}).encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded", **headers},
        method="POST",
    )
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    opener = urllib.request.build_opener(urllib.request.HTTPSHandler(context=context), NoRedirect)
    try:
        with opener.open(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def test_an_origin_of_this_site_is_recognised_through_the_proxy(stack, rows):
    """Without Sec-Fetch-Site the Origin decides, compared with the host and
    scheme the browser used, as nginx passes them on (port included)."""
    before = rows()
    assert post_through_the_proxy(stack, "/timer", {"Origin": stack.url("").rstrip("/")}) == 303
    assert rows()["timer_runs"] == before["timer_runs"] + 1


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "http://127.0.0.1:9"},
        {"Origin": "https://evil.example", "X-Forwarded-Host": "evil.example"},
    ],
    ids=["other-origin", "forwarded-host-from-the-client"],
)
def test_another_origin_is_refused_through_the_proxy(stack, rows, headers):
    """The app trusts X-Forwarded-Host from one proxy, so nginx must set it
    itself: one sent by the client must not decide the host the app sees."""
    before = rows()
    assert post_through_the_proxy(stack, "/timer", headers) == 403
    assert rows() == before


COLD_END = "Take the cold pack off now. Rest before another session."


class Client:
    """A client with no Fetch Metadata (a script) that keeps the device
    cookie, talking to nginx over HTTPS."""

    def __init__(self, stack):
        self.stack = stack
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPSHandler(context=context),
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()),
            NoRedirect,
        )

    def send(self, method: str, path: str, body: bytes | None = None, kind: str | None = None) -> tuple[int, str]:
        headers = {"Content-Type": kind} if kind else {}
        request = urllib.request.Request(self.stack.url(path), data=body, headers=headers, method=method)
        try:
            with self.opener.open(request, timeout=10) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()


def wait_for(condition, what: str, seconds: float = 30.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(0.2)
    raise AssertionError(f"{what}: not within {seconds:.0f} s")


def test_the_alert_worker_sends_a_due_alert_by_push(stack):
    """A subscription and a timer made through nginx; the README's worker,
    with gunicorn's environment, sends the timer's end alert once, signed
    with the key the pages give out, to a push service on loopback."""
    client = Client(stack)
    service = FakePushService().start()
    try:
        device = service.device()
        subscription = json.dumps(device.subscription()).encode()
        saved = client.send("POST", "/push/subscription", subscription, "application/json")
        assert saved == (201, '{"saved":true}\n'), saved
        form = urllib.parse.urlencode({"kind": "cold", "minutes": "10"}).encode()
        assert client.send("POST", "/timer", form, "application/x-www-form-urlencoded")[0] == 303
        status, page = client.send("GET", "/timer")
        assert status == 200 and "Stop early" in page
        # Pushes must be signed with the key gunicorn gives out to browsers.
        service.server_key = re.search(r'data-push-key="([^"]+)"', page).group(1)

        with psycopg.connect(stack.postgresql.url, autocommit=True) as database:
            [(profile_id,)] = database.execute(
                "SELECT profile_id FROM push_subscriptions WHERE endpoint = %s", [device.endpoint]
            ).fetchall()

            def alerts() -> list[tuple[int, str]]:
                return database.execute("SELECT id, kind FROM alerts WHERE profile_id = %s", [profile_id]).fetchall()

            [(alert_id, kind)] = alerts()
            assert kind == "end"
            assert service.delivered_to(device) == []  # due in ten minutes
            now = datetime.now(UTC).replace(tzinfo=None)  # stored as UTC without a zone
            database.execute("UPDATE alerts SET due_at = %s, send_at = %s WHERE id = %s", [now, now, alert_id])

            wait_for(lambda: service.delivered_to(device), "the push")
            # The worker removes an alert once it has sent it: nothing more can follow.
            wait_for(lambda: alerts() == [], "the sent alert's removal")

        [message] = service.delivered_to(device)
        assert message["notification"]["title"] == "Cold timer has ended"
        assert message["notification"]["body"] == COLD_END
        assert message["notification"]["navigate"] == stack.url("/timer")
        assert service.errors == []
    finally:
        service.stop()
    assert stack.worker.alive()
