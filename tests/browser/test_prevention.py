"""Prevention in a real browser: hold timer, htmx navigation, accessibility."""

from tests.browser.a11y import assert_accessible


def test_hold_timer_counts_down(page, live_server):
    page.goto(live_server("/prevention/childs-pose"))
    button = page.get_by_role("button", name="Start 20-second hold")
    button.click()
    display = page.locator("[data-hold-display]")
    page.wait_for_function("() => document.querySelector('[data-hold-display]').textContent.includes('seconds left')")
    first = int(display.text_content().split()[0])
    # The count goes down on its own, whatever the machine's speed.
    page.wait_for_function(
        "(first) => parseInt(document.querySelector('[data-hold-display]').textContent, 10) < first", arg=first
    )
    assert int(display.text_content().split()[0]) < first


def test_repetition_counter(page, live_server):
    page.goto(live_server("/prevention/bird-dog"))
    button = page.get_by_role("button", name="Count a repetition")
    button.click()
    button.click()
    assert page.locator("[data-rep-display]").text_content() == "2 of 12 (first side)"


def test_list_to_exercise_is_an_htmx_swap_with_a_real_url(page, live_server):
    page.goto(live_server("/prevention"))
    page.evaluate("window.__sameDocument = true")
    page.get_by_role("link", name="Plank").click()
    page.wait_for_url("**/prevention/plank")
    assert page.evaluate("window.__sameDocument") is True
    assert page.get_by_role("heading", level=1).text_content() == "Plank"


def test_prevention_pages_are_accessible(phone, live_server):
    for scheme in ("light", "dark"):
        page = phone.page(color_scheme=scheme)
        page.goto(live_server("/prevention"))
        assert_accessible(page)
        page.goto(live_server("/prevention/plank"))
        assert_accessible(page)
