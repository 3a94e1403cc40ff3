"""The base page in a real browser: accessible in both themes, self-contained."""

import pytest

from tests.browser.a11y import assert_accessible


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_home_has_no_wcag_violations(phone, live_server, scheme):
    page = phone.page(color_scheme=scheme)
    page.goto(live_server("/"))
    assert_accessible(page)


def test_dark_scheme_changes_the_colours(phone, live_server):
    light = phone.page(color_scheme="light")
    dark = phone.page(color_scheme="dark")
    light.goto(live_server("/"))
    dark.goto(live_server("/"))
    background = "getComputedStyle(document.body).backgroundColor"
    assert light.evaluate(background) != dark.evaluate(background)


def test_base_text_and_targets_are_large_enough(page, live_server):
    page.goto(live_server("/"))
    assert page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)") >= 18
    for selector in ["a.red-flags-link", ".tabbar a", ".btn-primary"]:
        for box in [el.bounding_box() for el in page.locator(selector).all()]:
            assert box["height"] >= 44 and box["width"] >= 44, selector
    primary = page.locator(".btn-primary").first.bounding_box()
    assert primary["height"] >= 56
    # The next action sits in the lower half, where a thumb reaches.
    assert primary["y"] > 844 / 2
    assert primary["y"] + primary["height"] <= 844


def test_htmx_loads_from_this_origin_and_no_script_errors(page, live_server):
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.goto(live_server("/"))
    assert page.evaluate("typeof htmx") == "object"
    assert page.evaluate("htmx.version").startswith("2.0.")
    assert errors == []
