"""Hands-free on the floor, in a real phone-sized Chromium: cards and timer
ends read aloud, and a one-tap text asking someone to come.

Headless Chromium has no voices, so speech and the share sheet are replaced
by recorders before any page script runs."""

import re
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from spasm.content.help import MESSAGE
from spasm.content.relief import STEP_BY_SLUG
from tests.browser.a11y import assert_accessible
from tests.browser.conftest import timers_lasting

# Every call to the speech engine, in order; the voices the phone offers
# (none unless a test sets window.__voices); every share-sheet request.
RECORDERS = """
window.__speech = [];
window.__voices = [];
window.__shared = [];
speechSynthesis.speak = (u) => { __speech.push({ op: "speak", text: u.text, lang: u.lang,
  voice: u.voice ? u.voice.name : null }); };
speechSynthesis.cancel = () => { __speech.push({ op: "cancel" }); };
speechSynthesis.getVoices = () => window.__voices;
window.SpeechSynthesisUtterance = class {
  constructor(text) { this.text = text; this.lang = ""; this.voice = null; this.rate = 1; }
};
Object.defineProperty(navigator, "share", { configurable: true, value: (data) => {
  __shared.push(data); return Promise.resolve(); } });
"""
VOICES = """
window.__voices = [
  { name: "Amélie", lang: "fr-FR", localService: true },
  { name: "Samantha", lang: "en-US", localService: true },
  { name: "Daniel", lang: "en-GB", localService: false },
];
"""
IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
)
WAITING = "Tap the screen once so the phone can speak."
# Longer than a phone's voices take to turn up, if they come at all.
LATE_VOICES_MS = 10_000
NO_VOICE = "This phone has no voice to read aloud. Follow the steps on screen."
# The first card in full: what to do, for a person who cannot look at it.
POSITION_SAID = (
    "Step 1 of 8. Stop and get down safely. "
    "Stop what you are doing. Find the position that hurts least. "
    "Trouble peeing, or numb between your legs? Call now. After a bad fall, do not move. "
    "Lie on your back, calves resting on a chair seat or sofa. "
    "Your hips and knees bend at a right angle. "
    "Or lie on your side with a pillow between your knees. Bend your hips a little."
)
AFTER = "Take it off now. Let your skin rest. Then move gently, or carry on with the steps."
COLD_ENDED = "Cold has ended. " + AFTER
HEAT_ENDED = "Heat has ended. " + AFTER


def spoken(page) -> list[str]:
    """What was said, in order (the empty utterance that readies speech aside)."""
    return [entry["text"] for entry in page.evaluate("__speech") if entry["op"] == "speak" and entry["text"]]


def wait_for_speech(page, count: int, timeout: int = 10000) -> list[str]:
    page.wait_for_function(
        f"() => __speech.filter((e) => e.op === 'speak' && e.text).length >= {count}", timeout=timeout
    )
    return spoken(page)


def card_line(slug: str, number: int) -> str:
    """What a card says: its step, its title and what to do, each a sentence."""
    return f"Step {number} of 8. {STEP_BY_SLUG[slug].speech()}"


def speech_page(phone, **options):
    page = phone.page(**options)
    page.add_init_script(RECORDERS)
    return page


def read_aloud(page):
    return page.get_by_role("button", name="Read aloud")


def stop_reading(page):
    return page.get_by_role("button", name="Stop reading")


# --- Read aloud ----------------------------------------------------------------


def test_read_aloud_speaks_each_card_and_stop_silences_at_once(phone, live_server):
    page = speech_page(phone)
    page.goto(live_server("/relief/position"))
    expect(read_aloud(page)).to_be_visible()
    assert page.evaluate("__speech") == []  # off until asked for

    read_aloud(page).click()
    assert wait_for_speech(page, 1) == [POSITION_SAID]
    expect(stop_reading(page)).to_be_focused()
    expect(read_aloud(page)).to_be_hidden()

    page.locator("#relief-card").get_by_role("link", name="Next").click()
    expect(page.locator("#relief-title")).to_have_text(STEP_BY_SLUG["onset"].title)
    assert wait_for_speech(page, 2)[-1] == card_line("onset", 2)
    # Never two at once: every utterance is preceded by a cancel.
    log = page.evaluate("__speech")
    for index, entry in enumerate(log):
        if entry["op"] == "speak":
            assert index > 0 and log[index - 1]["op"] == "cancel", log

    calls = len(log)
    stop_reading(page).click()
    assert page.evaluate("__speech")[calls:] == [{"op": "cancel"}]
    expect(read_aloud(page)).to_be_focused()
    assert page.evaluate("localStorage.getItem('spasm.readAloud')") is None

    # Off stays off: the next card is silent.
    page.locator("#relief-card").get_by_role("link", name="Back").click()
    expect(page.locator("#relief-title")).to_have_text(STEP_BY_SLUG["position"].title)
    assert len(spoken(page)) == 2


def test_the_choice_survives_a_reload_and_nothing_is_said_before_a_tap(phone, live_server):
    page = speech_page(phone)
    page.goto(live_server("/relief/position"))
    read_aloud(page).click()
    wait_for_speech(page, 1)

    page.reload()
    expect(stop_reading(page)).to_be_visible()  # still on; the script has run
    assert page.evaluate("__speech") == []
    status = page.locator("#relief-card [data-speech-status]")
    expect(status).to_have_text(WAITING)

    page.locator("#relief-title").click()  # any tap
    assert wait_for_speech(page, 1) == [POSITION_SAID]
    expect(status).not_to_have_text(WAITING)


def test_a_voice_for_the_page_language_in_the_phones_accent(phone, live_server):
    page = speech_page(phone)
    page.add_init_script(VOICES)
    page.goto(live_server("/relief/breathe"))
    read_aloud(page).click()
    wait_for_speech(page, 1)
    said = [entry for entry in page.evaluate("__speech") if entry["op"] == "speak"][-1]
    assert (said["voice"], said["lang"]) == ("Daniel", "en-GB")  # the phone is set to en-GB


def test_with_no_voice_it_says_so_once_and_carries_on(phone, live_server):
    page = speech_page(phone)
    # The page's timers run at the real pace, and the test moves them on past
    # the wait for late voices: whatever that wait brings has come by the
    # time the status is read.
    page.clock.install()
    page.goto(live_server("/relief/position"))
    read_aloud(page).click()
    page.clock.run_for(LATE_VOICES_MS)
    status = page.locator("#relief-card [data-speech-status]")
    expect(status).to_have_text(NO_VOICE, timeout=10000)
    page.locator("#relief-card").get_by_role("link", name="Next").click()
    assert wait_for_speech(page, 2)[-1].startswith("Step 2 of 8.")  # still tried

    page.reload()
    page.locator("#relief-title").click()
    wait_for_speech(page, 1)
    page.clock.run_for(LATE_VOICES_MS)
    expect(page.locator("#relief-card [data-speech-status]")).to_have_text("")


def test_leaving_the_page_silences_it(phone, live_server):
    page = speech_page(phone)
    page.goto(live_server("/relief/position"))
    read_aloud(page).click()
    wait_for_speech(page, 1)
    page.evaluate("window.addEventListener('pagehide', () => sessionStorage.setItem('log', JSON.stringify(__speech)))")
    page.get_by_role("link", name="Settings").click()
    page.wait_for_url(live_server("/settings"))
    log = page.evaluate("JSON.parse(sessionStorage.getItem('log'))")
    assert log[-1] == {"op": "cancel"}


@pytest.mark.parametrize("reduced_motion", ["no-preference", "reduce"])
def test_the_breathing_pacer_speaks_its_cues_on_request(phone, live_server, reduced_motion):
    page = speech_page(phone, reduced_motion=reduced_motion)
    page.goto(live_server("/relief/breathe"))
    pacer = page.get_by_role("button", name="Say the breaths aloud")
    expect(pacer).to_have_attribute("aria-pressed", "false")
    assert page.evaluate("__speech") == []

    pacer.click()
    expect(pacer).to_have_attribute("aria-pressed", "true")
    assert wait_for_speech(page, 1) == ["Breathe in"]
    assert wait_for_speech(page, 2) == ["Breathe in", "Breathe out"]
    pacer.click()
    expect(pacer).to_have_attribute("aria-pressed", "false")
    assert page.evaluate("__speech")[-1] == {"op": "cancel"}


# --- The timer's end, spoken -----------------------------------------------------


@pytest.fixture
def short_timers(live_server):
    """Every timer started during the test lasts 3 seconds (each contrast phase too)."""
    with timers_lasting(live_server, 3):
        yield


def test_a_timer_end_is_spoken_with_read_aloud_on(phone, live_server, short_timers):
    page = speech_page(phone)
    page.goto(live_server("/timer"))
    read_aloud(page).click()
    assert wait_for_speech(page, 1) == ["Read aloud is on. You will hear when to take it off."]
    page.get_by_role("button", name="Start cold · 15 min").click()
    assert wait_for_speech(page, 2)[-1] == COLD_ENDED
    expect(page.get_by_text("Take it off now. Let your skin rest before another session.")).to_be_visible()
    page.get_by_role("link", name="Done").click()


# Each change of what the contrast card shows: its phase, and the one line for
# that phase on screen, recorded as it happens (a phase lasts 3 seconds here).
PHASE_RECORDER = """
window.__phases = [];
new MutationObserver(() => {
  const phase = document.querySelector("[data-timer-phase]");
  const line = Array.from(document.querySelectorAll("[data-timer-during]")).find((el) => !el.hidden);
  const seen = [phase ? phase.textContent : "", line ? line.textContent.trim() : ""];
  const last = __phases[__phases.length - 1];
  if (seen[0] && (!last || last[0] !== seen[0] || last[1] !== seen[1])) __phases.push(seen);
}).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
"""


def test_contrast_phases_are_spoken_and_shown_with_a_rest_before_heat(phone, live_server, short_timers):
    page = speech_page(phone)
    page.add_init_script(PHASE_RECORDER)
    page.goto(live_server("/timer"))
    read_aloud(page).click()
    page.get_by_text("Other lengths and timers").click()
    page.get_by_role("button", name="Start cold, then heat").click()
    said = wait_for_speech(page, 4, timeout=30000)
    assert said[1:] == [
        "Take the cold pack off now. Let your skin warm up before the heat goes on.",
        "Put the heat on now, wrapped in a towel.",
        HEAT_ENDED,
    ]
    # The phone's own card, then the server's: the same phases, in order.
    phases = [name for name, _ in page.evaluate("__phases")]
    assert [name for index, name in enumerate(phases) if index == 0 or phases[index - 1] != name] == [
        "Cold now",
        "Rest your skin",
        "Heat now",
    ]
    for name, line in page.evaluate("__phases"):
        assert {
            "Cold now": re.compile(r"Take the cold off at .+\. Then let your skin warm up\."),
            "Rest your skin": re.compile(r"Put the heat on at .+, not before\."),
            "Heat now": re.compile(r"Put the heat on now, wrapped in a towel\."),
        }[name].fullmatch(line), (name, line)
    page.get_by_role("link", name="Done").click()


@pytest.fixture
def slower_timers(live_server):
    """Timers long enough to leave the timer page, and tap the next, before
    they end, even on a busy machine."""
    with timers_lasting(live_server, 20):
        yield


def test_a_page_with_no_timer_card_says_the_words_the_timer_page_gave(phone, live_server, slower_timers):
    page = speech_page(phone)
    page.goto(live_server("/timer"))
    read_aloud(page).click()
    wait_for_speech(page, 1)
    page.get_by_role("button", name="Start heat · 20 min").click()
    # The phone's own copy shows first; the server's card, with the short end, replaces it.
    page.locator("article[data-timer][data-kind='heat']:not([data-local])").wait_for()

    # The offline page counts the timer down from the device's copy.
    page.goto(live_server("/offline"))
    assert page.locator("[data-speech-timer]").count() == 0  # the words are the device's copy
    page.locator("[data-timer-mirror]").wait_for(state="visible")
    page.locator("#offline-title").click()  # the tap that lets this page speak
    assert wait_for_speech(page, 1, timeout=30000) == [HEAT_ENDED]


def test_without_read_aloud_a_timer_end_is_not_spoken(phone, live_server, short_timers):
    page = speech_page(phone)
    page.add_init_script("document.addEventListener('spasm:timer-done', () => window.__ended = true)")
    page.goto(live_server("/timer"))
    page.get_by_role("button", name="Start heat · 20 min").click()
    page.wait_for_function("() => window.__ended === true", timeout=10000)
    assert spoken(page) == []
    page.get_by_role("link", name="Done").click()


# --- "I'm stuck, please help" -------------------------------------------------------


def choose_contact(page, live_server, name: str, number: str) -> None:
    page.goto(live_server("/settings"))
    page.get_by_label("Their name").fill(name)
    page.get_by_label("Their mobile number").fill(number)
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_text("Settings saved.")).to_be_visible()


def help_link(page):
    return page.get_by_role("link", name="I'm stuck, please help")


@pytest.mark.parametrize("path", ["/red-flags", "/relief/position"])
def test_the_help_link_texts_the_chosen_contact(phone, live_server, path):
    page = speech_page(phone)
    choose_contact(page, live_server, "Sam", "07700 900123")
    page.goto(live_server(path))
    # The script encodes as encodeURIComponent does: the apostrophes stay.
    expect(help_link(page)).to_have_attribute("href", "sms:07700900123?body=" + quote(MESSAGE, safe="'"))
    expect(page.get_by_text("Opens a text to Sam, ready to send.")).to_be_visible()
    help_link(page).click()
    assert page.evaluate("__shared") == []  # a contact is set: the text app, not the share sheet


def test_the_help_link_has_the_contact_with_no_signal(phone, live_server):
    page = speech_page(phone)
    choose_contact(page, live_server, "Sam", "07700900123")
    page.wait_for_function("() => navigator.serviceWorker && navigator.serviceWorker.controller", timeout=15000)
    page.context.set_offline(True)
    for path in ("/red-flags", "/relief/position"):
        response = page.goto(live_server(path))
        assert response.from_service_worker
        expect(help_link(page)).to_have_attribute("href", re.compile(r"^sms:07700900123\?body=I've%20hurt"))
    page.context.set_offline(False)


def test_a_stored_contact_is_cleaned_before_it_is_used(phone, live_server):
    page = speech_page(phone)
    page.goto(live_server("/red-flags"))
    page.evaluate("""localStorage.setItem('spasm.helpContact',
      JSON.stringify({ name: '<b>Sam</b>', phone: '0770 090 javascript:0123' }))""")
    page.reload()
    expect(help_link(page)).to_have_attribute("href", re.compile(r"^sms:07700900123\?body="))
    expect(page.get_by_text("Opens a text to <b>Sam</b>, ready to send.")).to_be_visible()
    page.evaluate("localStorage.setItem('spasm.helpContact', '{broken')")
    page.reload()
    expect(help_link(page)).to_have_attribute("href", re.compile(r"^sms:\?&body="))


def test_on_an_iphone_the_body_follows_question_mark_ampersand(phone, live_server):
    page = speech_page(phone, user_agent=IPHONE)
    choose_contact(page, live_server, "Sam", "+44 7700 900123")
    page.goto(live_server("/red-flags"))
    expect(help_link(page)).to_have_attribute("href", "sms:+447700900123?&body=" + quote(MESSAGE, safe="'"))


def test_with_no_contact_the_share_sheet_gets_the_message(phone, live_server):
    page = speech_page(phone)
    page.goto(live_server("/relief/position"))
    help_link(page).click()
    page.wait_for_function("() => __shared.length === 1")
    assert page.evaluate("__shared") == [{"text": MESSAGE}]
    assert page.url == live_server("/relief/position")


def test_a_cleared_or_deleted_contact_is_forgotten_by_the_device(phone, live_server):
    page = speech_page(phone)
    choose_contact(page, live_server, "Sam", "07700900123")
    assert page.evaluate("JSON.parse(localStorage.getItem('spasm.helpContact'))") == {
        "name": "Sam",
        "phone": "07700900123",
    }
    choose_contact(page, live_server, "", "")
    assert page.evaluate("localStorage.getItem('spasm.helpContact')") is None

    choose_contact(page, live_server, "Sam", "07700900123")
    page.goto(live_server("/settings/delete"))
    page.get_by_role("button", name="Delete everything").click()
    expect(page.get_by_role("heading", name="Everything is deleted")).to_be_visible()
    assert page.evaluate("localStorage.getItem('spasm.helpContact')") is None


def test_without_javascript_the_help_link_opens_a_text_with_the_message(phone, live_server):
    page = phone.page(javascript=False)
    for path in ("/red-flags", "/relief/position"):
        page.goto(live_server(path))
        expect(help_link(page)).to_have_attribute("href", "sms:?&body=" + quote(MESSAGE, safe=""))
        expect(read_aloud(page)).to_be_hidden()  # it needs a script; so it is not offered


# --- Accessibility --------------------------------------------------------------------


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_new_controls_have_no_wcag_violations(phone, live_server, scheme):
    page = speech_page(phone, color_scheme=scheme)
    page.goto(live_server("/relief/position"))
    assert_accessible(page)
    read_aloud(page).click()
    expect(stop_reading(page)).to_be_visible()
    assert_accessible(page)
    page.goto(live_server("/relief/breathe"))
    page.get_by_role("button", name="Say the breaths aloud").click()
    assert_accessible(page)
    page.goto(live_server("/red-flags"))
    assert_accessible(page)
    page.goto(live_server("/settings"))
    page.get_by_label("Their name").fill("Sam")
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_text("Add a mobile number for Sam, or clear the name.")).to_be_visible()
    assert_accessible(page)
