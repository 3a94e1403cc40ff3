"""Installable, and usable in airplane mode, in a real Chromium."""

import dataclasses

import pytest
from playwright.sync_api import expect

from spasm.content.relief import STEP_SLUGS
from tests.browser.a11y import assert_accessible
from tests.test_budgets import MAX_REQUESTS

IPHONE_SAFARI = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
)
FIREFOX_ANDROID = "Mozilla/5.0 (Android 14; Mobile; rv:128.0) Gecko/128.0 Firefox/128.0"
DESKTOP_CHROME = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/128.0.0.0 Safari/537.36"
DESKTOP_FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
DESKTOP = {"width": 1280, "height": 800}


# Chromium may offer a real install prompt at any moment; these tests offer their own.
ONLY_TEST_PROMPTS = """window.addEventListener("beforeinstallprompt", (event) => {
  if (event.isTrusted) event.stopImmediatePropagation();
}, true);"""


def wait_until_controlled(page):
    """The service worker has precached everything and answers this page's requests."""
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")


def cache_names(page) -> list[str]:
    return page.evaluate("caches.keys()")


def test_installable_with_no_errors(phone, live_server):
    page = phone.page()
    page.goto(live_server("/"))
    wait_until_controlled(page)
    session = page.context.new_cdp_session(page)
    result = session.send("Page.getInstallabilityErrors")
    assert result["installabilityErrors"] == []


@pytest.mark.parametrize("path", ["/", "/red-flags"])
def test_a_first_visit_asks_for_nothing_beyond_the_page_and_its_head(phone, live_server, path):
    """Every request of a first visit costs a weak signal a round trip: the
    page's own scripts fetch nothing (the time-zone table comes with the
    head script), so the page is whole once its head is in."""
    page = phone.page(timezone_id="America/New_York")
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(live_server(path))
    wait_until_controlled(page)
    head = page.evaluate(
        """[...document.head.querySelectorAll("link[href], script[src]")]
             .filter((el) => el.rel !== "apple-touch-icon")
             .map((el) => el.href || el.src)"""
    )
    # Chromium fetches the manifest's icons itself, to check it can install.
    manifest = live_server.app.test_client().get("/manifest.webmanifest").get_json()
    icons = {live_server(icon["src"]) for icon in manifest["icons"]}
    assert set(requested) - {live_server(path)} <= set(head) | icons, requested
    # The script modules are all named in the head, so they are asked for at
    # once, side by side on one HTTP/2 connection: no round trip of their own.
    modules = [url for url in requested if "/assets/js/" in url]
    assert modules and len(requested) - len(modules) <= MAX_REQUESTS
    # And the table was there: the number is the one for the phone's zone.
    page.goto(live_server("/red-flags"))
    expect(page.locator("#emergency a[data-emergency-number]")).to_have_text("Call 911")


def test_after_one_visit_the_app_opens_in_airplane_mode(phone, live_server):
    page = phone.page()
    page.goto(live_server("/"))
    wait_until_controlled(page)
    page.goto(live_server("/history"))  # a personal page, seen once online
    page.context.set_offline(True)

    response = page.goto(live_server("/red-flags"))
    assert response.status == 200 and response.from_service_worker
    assert page.locator("#emergency h2").inner_text() == "Call the emergency number now"
    assert page.locator("#today").is_visible() and page.locator("#soon").is_visible()
    call = page.locator("a[data-emergency-number]")
    assert call.get_attribute("href") == "tel:112"
    assert call.bounding_box()["height"] >= 64
    # The cached copy is styled: the bundle came from the cache too.
    assert page.evaluate("getComputedStyle(document.querySelector('.btn-call')).minHeight") == "72px"

    for path in ["/", "/?source=home-screen", "/offline"]:
        assert page.goto(live_server(path)).status == 200, path
        assert page.locator("main h1").count() == 1, path

    for slug in STEP_SLUGS:
        response = page.goto(live_server(f"/relief/{slug}"))
        assert response.status == 200 and page.url.startswith(live_server("")), slug
        assert page.locator("main h1").count() == 1, slug

    page.goto(live_server("/history"))
    assert page.locator("main h1").inner_text() == "You are offline"


def test_a_new_cache_version_replaces_the_old_one(phone, live_server):
    page = phone.page()
    page.goto(live_server("/"))
    wait_until_controlled(page)
    old = live_server.app.extensions["spasm_offline"]
    assert sorted(cache_names(page)) == [f"spasm-{old.version}", f"spasm-fragments-{old.version}"]

    new = dataclasses.replace(old, version=old.version[::-1])
    live_server.app.extensions["spasm_offline"] = new
    try:
        page.evaluate("navigator.serviceWorker.getRegistration().then((r) => r.update())")
        page.wait_for_function(
            "expected => caches.keys().then((names) => names.sort().join() === expected.join())",
            arg=[f"spasm-{new.version}", f"spasm-fragments-{new.version}"],
        )
    finally:
        live_server.app.extensions["spasm_offline"] = old
    # The new cache is complete: the red flags still open offline.
    page.context.set_offline(True)
    page.goto(live_server("/red-flags"))
    assert page.locator("#emergency").is_visible()


def test_taps_with_no_signal_land_on_a_calm_page(phone, live_server):
    page = phone.page()
    page.goto(live_server("/offline"))
    wait_until_controlled(page)
    page.context.set_offline(True)

    # An htmx link that cannot reach the server becomes a normal navigation.
    page.evaluate(
        """() => {
          const link = document.createElement("a");
          link.href = "/red-flags";
          link.textContent = "Red flags by htmx";
          link.setAttribute("hx-get", "/red-flags");
          document.querySelector("main").append(link);
          htmx.process(link);
          link.click();
        }"""
    )
    page.wait_for_url(live_server("/red-flags"))
    assert page.locator("#emergency").is_visible()

    # A form sent without JavaScript's help gets /offline, not the browser's error.
    page.evaluate(
        """() => {
          const form = document.createElement("form");
          form.method = "post";
          form.action = "/episodes";
          document.querySelector("main").append(form);
          form.submit();
        }"""
    )
    page.wait_for_url(live_server("/episodes"))
    assert page.locator("main h1").inner_text() == "You are offline"

    # An htmx form shows a message in place instead (on a cached page that
    # loads htmx: the red-flag page does not need it and goes without).
    page.goto(live_server("/relief/position"))
    page.evaluate(
        """() => {
          const button = document.createElement("button");
          button.textContent = "Save by htmx";
          button.setAttribute("hx-post", "/episodes");
          document.querySelector("main").append(button);
          htmx.process(button);
          button.click();
        }"""
    )
    alert = page.locator("#alerts [role=alert]")
    alert.wait_for()
    assert "You are offline." in alert.inner_text()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_offline_page_has_no_wcag_violations(phone, live_server, scheme):
    page = phone.page(color_scheme=scheme)
    page.goto(live_server("/offline"))
    assert page.locator("[data-timer-mirror]").is_hidden()
    assert_accessible(page)


def test_install_button_uses_the_browsers_prompt_and_then_stays_away(phone, live_server):
    page = phone.page()
    page.add_init_script(ONLY_TEST_PROMPTS)
    page.goto(live_server("/"))
    hint = page.locator("[data-install-hint]")
    offer = """() => {
      const event = new Event("beforeinstallprompt", { cancelable: true });
      event.prompt = () => { window.promptShown = true; return Promise.resolve(); };
      event.userChoice = Promise.resolve({ outcome: "accepted" });
      window.dispatchEvent(event);
      return event.defaultPrevented;
    }"""
    assert page.evaluate(offer) is True
    assert hint.is_visible()
    assert page.locator("[data-install-ios]").is_hidden()
    page.get_by_role("button", name="Install Spasm").click()
    assert page.evaluate("window.promptShown") is True
    page.wait_for_function("() => localStorage.getItem('spasm.installHint') === 'installed'")
    assert hint.is_hidden()

    page.reload()
    assert page.evaluate(offer) is False  # the browser keeps its own banner
    assert hint.is_hidden()


def test_dismissing_the_install_hint_is_remembered(phone, live_server):
    page = phone.page()
    page.add_init_script(ONLY_TEST_PROMPTS)
    page.goto(live_server("/"))
    offer = """() => {
      const event = new Event("beforeinstallprompt", { cancelable: true });
      event.prompt = () => Promise.resolve();
      event.userChoice = Promise.resolve({ outcome: "dismissed" });
      window.dispatchEvent(event);
    }"""
    page.evaluate(offer)
    page.get_by_role("button", name="No thanks").click()
    assert page.locator("[data-install-hint]").is_hidden()
    page.reload()
    page.evaluate(offer)
    assert page.locator("[data-install-hint]").is_hidden()


def test_iphone_safari_gets_add_to_home_screen_instructions(phone, live_server):
    page = phone.page(user_agent=IPHONE_SAFARI)
    page.add_init_script(ONLY_TEST_PROMPTS)  # Safari has no install prompt
    page.goto(live_server("/"))
    hint = page.locator("[data-install-hint]")
    assert hint.is_visible()
    assert page.locator("[data-install-ios] p").first.inner_text() == "Tap Share, then Add to Home Screen."
    # Why it matters more there: Safari's storage and alerts.
    why = page.locator("[data-install-ios-why]")
    assert why.is_visible()
    assert "locked phone" in why.inner_text() and "after 7 days" in why.inner_text()
    assert page.locator("[data-install-firefox]").is_hidden()
    assert page.locator("[data-install-button]").is_hidden()
    assert_accessible(page)
    page.get_by_role("button", name="No thanks").click()
    page.reload()
    assert hint.is_hidden()


def test_firefox_for_android_gets_its_own_instructions(phone, live_server):
    page = phone.page(user_agent=FIREFOX_ANDROID)
    page.add_init_script(ONLY_TEST_PROMPTS)  # Firefox has no install prompt
    page.goto(live_server("/"))
    hint = page.locator("[data-install-hint]")
    expect(hint).to_be_visible()
    assert page.locator("[data-install-firefox]").inner_text() == (
        "Open the menu \u22ee, then tap Install or Add to Home screen."
    )
    assert page.locator("[data-install-ios]").is_hidden()
    assert page.locator("[data-install-ios-why]").is_hidden()
    assert page.locator("[data-install-button]").is_hidden()
    assert_accessible(page)


@pytest.mark.parametrize("user_agent", [DESKTOP_CHROME, DESKTOP_FIREFOX])
def test_a_desktop_browser_without_an_install_prompt_gets_no_hint(phone, live_server, user_agent):
    page = phone.page(user_agent=user_agent, viewport=DESKTOP, screen=DESKTOP, is_mobile=False, has_touch=False)
    page.add_init_script(ONLY_TEST_PROMPTS)
    page.goto(live_server("/"))
    # The hint's script has run (it runs before the page's load event).
    assert page.evaluate("document.readyState") == "complete"
    assert page.locator("[data-install-hint]").is_hidden()


# Counts the requests for persistent storage, as the browser would answer "yes".
COUNT_PERSIST = """window.persistAsked = 0;
navigator.storage.persisted = () => Promise.resolve(false);
navigator.storage.persist = () => { window.persistAsked += 1; return Promise.resolve(true); };"""


def test_persistent_storage_is_asked_for_once_something_is_saved(phone, live_server):
    page = phone.page()
    page.add_init_script(COUNT_PERSIST)
    page.goto(live_server("/relief/check-in"))
    assert page.evaluate("window.persistAsked") == 0  # not on a visit alone
    page.locator("label.pain-option", has_text="5").first.click()
    page.get_by_role("button", name="Save pain score").click()
    page.wait_for_function("() => window.persistAsked === 1")
    expect(page.locator(".checkin-saved")).to_contain_text("5 out of 10.")


def test_no_install_hint_when_already_on_the_home_screen(phone, live_server):
    page = phone.page(user_agent=IPHONE_SAFARI)
    page.add_init_script("Object.defineProperty(navigator, 'standalone', { value: true })")
    page.goto(live_server("/"))
    assert page.locator("[data-install-hint]").is_hidden()


def test_without_javascript_no_install_hint_shows(phone, live_server):
    page = phone.page(javascript=False, user_agent=IPHONE_SAFARI)
    page.goto(live_server("/"))
    assert page.locator("[data-install-hint]").is_hidden()
