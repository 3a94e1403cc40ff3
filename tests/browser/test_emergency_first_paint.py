"""The number to call is the right one from the very first paint: on a first
visit over a weak signal, every frame the browser paints shows the phone's
own number (or the one chosen in settings), never the deployment's on the
way to it."""

import secrets
from datetime import UTC, datetime

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from spasm.device import hash_token
from spasm.extensions import db
from spasm.models import Episode, Profile, RedFlagAnswer

# Before any page script: on every animation frame (which runs just before
# each paint) the href of every tel: link, noted each time they change. The
# observer adds a frame of its own for each change the parser makes, so no
# painted state can slip between two frames of the loop.
RECORDER = """(() => {
  const frames = [];
  window.__telFrames = frames;
  const read = () => {
    const hrefs = [...document.querySelectorAll('a[href^="tel:"]')].map((a) => a.getAttribute("href"));
    const last = frames[frames.length - 1];
    if (hrefs.length && (!last || last.join() !== hrefs.join())) frames.push(hrefs);
  };
  const loop = () => { read(); requestAnimationFrame(loop); };
  requestAnimationFrame(loop);
  new MutationObserver(() => requestAnimationFrame(read))
    .observe(document, { childList: true, subtree: true, attributes: true, characterData: true });
})();"""

# A warning sign of the safety check, ticked by the device that chose a number.
SIGN = "saddle_numbness"

WEAK_SIGNAL = {
    "offline": False,
    "latency": 400,
    "downloadThroughput": 400_000 / 8,
    "uploadThroughput": 400_000 / 8,
}

# The numbers a page may show in each zone: the emergency number, and the
# place's advice line where it has one. A link of the hidden advice line with
# no number ("tel:") is no number.
ZONES = [
    ("America/New_York", "911", set()),
    ("Europe/London", "999", {"111"}),
    ("Australia/Sydney", "000", {"1800633422"}),
]


def first_visit(phone, zone: str, **options):
    """A new phone in `zone` on a weak signal, recording what it paints."""
    context = phone.open(timezone_id=zone, **options)
    context.add_init_script(RECORDER)
    page = context.pages[0] if context.pages else context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", WEAK_SIGNAL)
    return page


def painted(page) -> list[set[str]]:
    """The numbers of each recorded frame, in order."""
    frames = page.evaluate("() => window.__telFrames")
    return [{href.removeprefix("tel:") for href in hrefs} - {""} for hrefs in frames]


def assert_only(frames: list[set[str]], emergency: str, advice: set[str] = frozenset()):
    assert frames, "no tel: link was ever painted"
    # The first frame with a number already shows the right one, and so does every later frame.
    assert frames[0] >= {emergency}, frames
    for numbers in frames:
        assert numbers <= {emergency, *advice}, frames


@pytest.mark.parametrize(("zone", "emergency", "advice"), ZONES)
def test_the_red_flags_paint_the_zones_number_first(phone, live_server, zone, emergency, advice):
    page = first_visit(phone, zone)
    page.goto(live_server("/red-flags"))
    call = page.locator("#emergency a[data-emergency-number]")
    expect(call).to_have_attribute("href", f"tel:{emergency}")
    expect(call).to_have_text(f"Call {emergency}")
    if advice:
        expect(page.locator("#today [data-advice-line]")).to_be_visible()
    else:
        expect(page.locator("#today [data-advice-line]")).to_be_hidden()
    frames = painted(page)
    assert_only(frames, emergency, advice)
    # The advice line was there from the first frame too.
    assert frames[0] == {emergency, *advice}


@pytest.mark.parametrize(("zone", "emergency", "advice"), ZONES)
def test_the_first_relief_card_paints_the_zones_number_first(phone, live_server, zone, emergency, advice):
    page = first_visit(phone, zone)
    page.goto(live_server("/relief/position"))
    call = page.locator(".do-not-move a[data-emergency-number]")
    expect(call).to_have_attribute("href", f"tel:{emergency}")
    expect(call).to_have_text(f"Call {emergency}")
    assert_only(painted(page), emergency)


def test_a_card_htmx_swaps_in_shows_the_zones_number_at_once(phone, live_server):
    page = first_visit(phone, "America/New_York")
    page.goto(live_server("/"))
    page.wait_for_load_state("load")  # htmx is ready
    page.get_by_role("button", name="I'm having a spasm").click()
    call = page.locator(".do-not-move a[data-emergency-number]")
    expect(call).to_have_attribute("href", "tel:911")
    expect(call).to_have_text("Call 911")
    assert_only(painted(page), "911")


def test_a_time_zone_that_names_no_place_keeps_the_deployments_number(phone, live_server):
    page = first_visit(phone, "Etc/UTC")
    page.goto(live_server("/red-flags"))
    page.wait_for_load_state("load")
    call = page.locator("#emergency a[data-emergency-number]")
    expect(call).to_have_attribute("href", "tel:112")
    expect(call).to_have_text("Call 112")
    assert_only(painted(page), "112")


@pytest.fixture
def chosen_number(live_server):
    """A device that chose 0118 in settings and ticked a warning sign in the
    check of its open episode: the cookie that names it."""
    token = secrets.token_urlsafe(32)
    with live_server.app.app_context():
        profile = Profile(token_hash=hash_token(token), emergency_number="0118")
        db.session.add(profile)
        db.session.flush()
        now = datetime.now(UTC)
        episode = Episode(profile_id=profile.id, started_at=now, onset_at=now, onset_choice="just_now")
        db.session.add(episode)
        db.session.flush()
        db.session.add(RedFlagAnswer(profile_id=profile.id, episode_id=episode.id, question=SIGN, answer="yes"))
        db.session.commit()
    yield {"name": live_server.app.config["DEVICE_COOKIE_NAME"], "value": token, "url": live_server("")}
    with live_server.app.app_context():
        # Its episode and answers go with it.
        db.session.delete(db.session.scalar(select(Profile).where(Profile.token_hash == hash_token(token))))
        db.session.commit()


def test_the_number_chosen_in_settings_wins_from_the_first_paint(phone, live_server, chosen_number):
    page = first_visit(phone, "Europe/London")
    page.context.add_cookies([chosen_number])
    page.goto(live_server("/settings"))
    page.wait_for_load_state("load")
    # An older choice kept on the device: a personal page's own word wins.
    page.evaluate("localStorage.setItem('spasm.emergencyNumber', '000')")

    page.goto(live_server("/red-flags/check"))
    assert page.locator('meta[name="spasm-emergency-number"]').get_attribute("content") == "0118"
    call = page.locator("a[data-emergency-number]").first
    expect(call).to_have_attribute("href", "tel:0118")
    expect(call).to_have_text("Call 0118")
    # The place's advice line stays; its note, made for 999, goes.
    assert_only(painted(page), "0118", {"111"})

    # The shared pages cannot say it: the copy the last page kept on the device does.
    page.wait_for_load_state("load")
    for path, advice in (("/red-flags", {"111"}), ("/relief/position", set())):
        page.goto(live_server(path))
        expect(page.locator("a[data-emergency-number]").first).to_have_attribute("href", "tel:0118")
        assert_only(painted(page), "0118", advice)
