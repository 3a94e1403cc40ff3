"""The installed app with no signal: every tap answered by the phone, kept,
and recorded once on the server when the signal returns."""

import re
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from spasm.device import hash_token
from spasm.extensions import db
from spasm.models import CheckIn, Episode, Note, Profile, RedFlagAnswer, TimerRun
from tests.browser.test_pwa import wait_until_controlled

REMAINING = "[data-timer-remaining]"


def wait_for_offline_copies(page):
    """The service worker holds the relief cards htmx swaps in."""
    page.wait_for_function(
        """() => caches.keys().then((names) => {
          const name = names.find((n) => n.startsWith("spasm-fragments-"));
          return name && caches.open(name).then((cache) => cache.match("/relief/check-in")).then(Boolean);
        })"""
    )


def outbox_empty(page):
    page.wait_for_function("() => SpasmOutbox.pending().then((items) => items.length === 0)")


def kept(page) -> list:
    """What the phone keeps to send, read straight from IndexedDB (the
    red-flag page does not load the outbox script)."""
    return page.evaluate(
        """() => new Promise((resolve, reject) => {
          const open = indexedDB.open("spasm");
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const read = open.result.transaction("outbox").objectStore("outbox").getAll();
            read.onsuccess = () => resolve(read.result.sort((a, b) => a.seq - b.seq));
            read.onerror = () => reject(read.error);
          };
        })"""
    )


def device_rows(live_server, context) -> dict:
    token = next(c["value"] for c in context.cookies() if c["name"] == live_server.app.config["DEVICE_COOKIE_NAME"])
    with live_server.app.app_context():
        profile = db.session.scalar(select(Profile).where(Profile.token_hash == hash_token(token)))
        found = {
            model.__name__: list(db.session.scalars(select(model).where(model.profile_id == profile.id)))
            for model in (Episode, TimerRun, CheckIn, RedFlagAnswer, Note)
        }
        db.session.expunge_all()
    return found


def shown_seconds(page) -> int:
    """The countdown on the page (or in one card of it), in seconds."""
    text = page.locator(REMAINING).inner_text()
    match = re.fullmatch(r"(\d+):(\d\d)", text)
    assert match, text
    return int(match.group(1)) * 60 + int(match.group(2))


def test_the_relief_flow_timer_and_check_in_work_offline_and_sync_once(phone, live_server):
    page = phone.page()
    page.goto(live_server("/"))
    wait_until_controlled(page)
    wait_for_offline_copies(page)
    page.context.set_offline(True)

    # The first tap shows the 90/90 position from the phone.
    page.get_by_role("button", name="I'm having a spasm").click()
    page.locator("#relief-card.relief-position figure svg").first.wait_for()
    assert "90 degrees" in page.locator("#relief-card figure").first.inner_html()
    assert page.url == live_server("/relief/position")
    page.locator("[data-outbox-state]", has_text="kept on this phone").wait_for()

    # Next through the flow, answering on the way.
    page.get_by_role("link", name="Next").click()
    page.get_by_role("button", name="Just now").click()
    page.wait_for_url(live_server("/relief/safety-check"))
    page.get_by_role("button", name="None of these").click()
    page.wait_for_url(live_server("/relief/safety-check/more"))
    page.get_by_role("button", name="None of these").click()
    page.wait_for_url(live_server("/relief/heat-cold"))

    # A cold timer starts at once and counts down from its full length.
    tapped = datetime.now(UTC)
    page.get_by_role("button", name=re.compile(r"^Start cold")).click()
    page.wait_for_url(live_server("/timer"))
    first = shown_seconds(page)
    assert 14 * 60 <= first <= 15 * 60
    assert page.locator("[data-timer-kept]").is_visible()

    # A reload, still with no signal, shows the same countdown.
    page.reload()
    page.locator(REMAINING).wait_for()
    again = shown_seconds(page)
    assert 14 * 60 <= again <= first

    # A pain score is kept on the public check-in card.
    page.goto(live_server("/relief/check-in"))
    page.locator("label.pain-option", has_text="6").first.click()
    page.get_by_role("button", name="Save pain score").click()
    page.locator("[data-checkin-kept]", has_text="Kept: 6 out of 10.").wait_for()
    queued = kept(page)
    assert [item["kind"] for item in queued] == [
        "episode",
        "onset",
        "safety-check",
        "safety-check",
        "timer-start",
        "check-in",
    ]

    # Back online: everything reaches the server once.
    page.context.set_offline(False)
    page.evaluate("SpasmOutbox.flush()")
    outbox_empty(page)
    rows = device_rows(live_server, page.context)
    assert len(rows["Episode"]) == 1
    (session,) = rows["TimerRun"]
    assert session.kind == "cold"
    assert abs(session.started_at - tapped) < timedelta(seconds=5)
    assert session.ends_at == session.started_at + timedelta(minutes=15)
    assert [c.pain for c in rows["CheckIn"]] == [6]
    assert rows["Episode"][0].onset_choice == "just_now"
    # "None of these" on both screens: no answer is stored for the person.
    assert rows["RedFlagAnswer"] == []

    # Off and on again, and the whole queue sent a second time: nothing more.
    page.context.set_offline(True)
    page.context.set_offline(False)
    replay(page, queued)
    page.evaluate("SpasmOutbox.flush()")
    rows = device_rows(live_server, page.context)
    assert (len(rows["Episode"]), len(rows["TimerRun"]), len(rows["CheckIn"])) == (1, 1, 1)

    # The timer page now shows the server's timer, and only that one.
    page.goto(live_server("/timer"))
    assert page.locator("[data-timer]").count() == 1
    assert page.locator("[data-timer][data-local]").count() == 0
    assert page.locator("[data-timer]").get_attribute("data-timer-id") == str(session.id)


def test_a_yes_in_the_safety_check_opens_the_red_flags_offline(phone, live_server):
    page = phone.page()
    page.goto(live_server("/relief/safety-check"))
    wait_until_controlled(page)
    wait_for_offline_copies(page)
    page.context.set_offline(True)
    page.reload()
    form = page.locator("form[data-safety-check]")
    form.locator("label.check-sign").first.click()
    form.get_by_role("button", name="Yes", exact=True).click()
    page.wait_for_url(re.compile(r"/red-flags#\w+$"))
    level = page.url.rsplit("#", 1)[1]
    assert page.locator(f"#{level}").is_visible()
    assert [item["kind"] for item in kept(page)] == ["safety-check"]


def replay(page, items):
    """Send kept writes again, as a phone whose first answers were lost would."""
    page.evaluate(
        """(items) => Promise.all(items.map((item) => fetch(item.url, {
          method: "POST", body: item.body, credentials: "same-origin", redirect: "manual",
          headers: {"Content-Type": "application/x-www-form-urlencoded",
                    "Idempotency-Key": item.id, "X-Spasm-Tapped-At": item.tappedAt},
        })))""",
        items,
    )


def tapped_at(item) -> datetime:
    return datetime.fromisoformat(item["tappedAt"].replace("Z", "+00:00"))


def start_an_episode(page, live_server) -> int:
    page.goto(live_server("/"))
    wait_until_controlled(page)
    with page.expect_response(lambda response: response.request.method == "POST"):
        page.get_by_role("button", name="I'm having a spasm").click()
    page.wait_for_url(live_server("/relief/position"))
    outbox_empty(page)
    (episode,) = device_rows(live_server, page.context)["Episode"]
    return episode.id


def test_a_note_is_kept_offline_and_added_once(phone, live_server):
    page = phone.page()
    episode_id = start_an_episode(page, live_server)
    page.goto(live_server(f"/history/{episode_id}"))
    page.context.set_offline(True)
    page.get_by_text("Add a note or a medicine").click()
    page.get_by_label("A medicine I took").check()
    page.get_by_label("Write it here").fill("Ibuprofen 400 mg")
    page.get_by_role("button", name="Save", exact=True).click()
    notes = page.locator(f"#notes-{episode_id}")
    notes.get_by_text("Kept on this phone").wait_for()
    assert notes.locator(".note-body").all_inner_texts() == ["Ibuprofen 400 mg"]
    # A second one, still with no signal.
    page.get_by_label("A note").check()
    page.get_by_label("Write it here").fill("Heat pack helped")
    page.get_by_role("button", name="Save", exact=True).click()
    notes.locator(".note-body", has_text="Heat pack helped").wait_for()
    page.wait_for_function("() => SpasmOutbox.pending().then((items) => items.length === 2)")
    items = kept(page)
    assert [item["kind"] for item in items] == ["note", "note"]
    assert device_rows(live_server, page.context)["Note"] == []

    page.context.set_offline(False)
    page.evaluate("SpasmOutbox.flush()")
    outbox_empty(page)
    notes.get_by_text("Saved.").wait_for()
    first, second = sorted(device_rows(live_server, page.context)["Note"], key=lambda note: note.id)
    assert (first.episode_id, first.kind, first.body) == (episode_id, "medicine", "Ibuprofen 400 mg")
    assert (second.kind, second.body) == ("note", "Heat pack helped")
    assert abs(first.created_at - tapped_at(items[0])) < timedelta(seconds=2)
    assert abs(second.created_at - tapped_at(items[1])) < timedelta(seconds=2)
    assert notes.locator(".note-body").all_inner_texts() == ["Ibuprofen 400 mg", "Heat pack helped"]
    assert notes.locator("[data-note-kept]").count() == 0

    replay(page, items)
    page.evaluate("SpasmOutbox.flush()")
    assert len(device_rows(live_server, page.context)["Note"]) == 2


def picked_time(page, hours_ago: float) -> tuple[str, datetime]:
    """A datetime-local value on the phone's clock, and the moment it means."""
    local, utc = page.evaluate(
        """(hours) => {
          const when = new Date(Date.now() - hours * 3600 * 1000);
          when.setSeconds(0, 0);
          const pad = (n) => String(n).padStart(2, "0");
          const local = `${when.getFullYear()}-${pad(when.getMonth() + 1)}-${pad(when.getDate())}` +
            `T${pad(when.getHours())}:${pad(when.getMinutes())}`;
          return [local, when.toISOString()];
        }""",
        hours_ago,
    )
    return local, datetime.fromisoformat(utc.replace("Z", "+00:00"))


def pick_onset_offline(page, live_server, value):
    page.goto(live_server("/"))
    wait_until_controlled(page)
    wait_for_offline_copies(page)
    page.context.set_offline(True)
    page.get_by_role("button", name="I'm having a spasm").click()
    page.wait_for_url(live_server("/relief/position"))
    page.get_by_role("link", name="Next").click()
    page.get_by_text("Pick a date and time").click()
    page.get_by_label("When it started").fill(value)
    page.get_by_role("button", name="Save this time").click()
    page.wait_for_url(live_server("/relief/safety-check"))
    assert [item["kind"] for item in kept(page)] == ["episode", "onset"]
    page.context.set_offline(False)
    page.evaluate("SpasmOutbox.flush()")
    outbox_empty(page)


def test_a_picked_onset_is_kept_offline_and_saved(phone, live_server):
    page = phone.page()
    value, meant = picked_time(page, 3)
    pick_onset_offline(page, live_server, value)
    (episode,) = device_rows(live_server, page.context)["Episode"]
    assert episode.onset_at == meant
    assert episode.onset_choice == "time"
    assert page.locator("[data-outbox-refused]").count() == 0


def test_a_picked_onset_the_server_refuses_is_said_out_loud(phone, live_server):
    page = phone.page()
    value, _ = picked_time(page, -48)  # in the future
    pick_onset_offline(page, live_server, value)
    refused = page.locator("[data-outbox-refused]")
    refused.wait_for()
    assert refused.get_attribute("role") == "alert"
    assert "The time you picked for when it started could not be saved." in refused.inner_text()
    (episode,) = device_rows(live_server, page.context)["Episode"]
    assert episode.onset_at is None


def test_the_movement_reminder_starts_offline_and_is_recorded_once(phone, live_server):
    page = phone.page()
    page.goto(live_server("/timer"))
    wait_until_controlled(page)
    wait_for_offline_copies(page)
    page.context.set_offline(True)
    page.reload()
    page.get_by_text("Other lengths and timers").click()
    page.get_by_role("button", name="Remind me to move").click()
    card = page.locator("[data-timer][data-kind='movement']")
    card.locator("[data-timer-kept]").wait_for()
    # The card made on the phone counts the interval the button's plan gave.
    interval = int(card.get_attribute("data-interval"))
    assert interval == 30 * 60
    assert interval - 60 <= shown_seconds(card) <= interval
    assert page.get_by_role("button", name="Remind me to move").count() == 0

    # A reload with no signal still shows it, counting from the tap.
    page.reload()
    card.locator(REMAINING).wait_for()
    assert card.locator("[data-timer-kept]").is_visible()
    assert interval - 60 <= shown_seconds(card) <= interval
    (item,) = kept(page)
    assert item["kind"] == "timer-start"

    page.context.set_offline(False)
    page.evaluate("SpasmOutbox.flush()")
    outbox_empty(page)
    (run,) = device_rows(live_server, page.context)["TimerRun"]
    assert run.kind == "movement"
    assert abs(run.started_at - tapped_at(item)) < timedelta(seconds=2)

    replay(page, [item])
    page.evaluate("SpasmOutbox.flush()")
    assert len(device_rows(live_server, page.context)["TimerRun"]) == 1
    page.goto(live_server("/timer"))
    assert page.locator("[data-timer][data-kind='movement']").count() == 1
    assert page.locator("[data-timer][data-local]").count() == 0
