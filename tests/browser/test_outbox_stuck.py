"""A kept write the server keeps putting off (409 with Retry-After) does not
hold the phone's queue for good: after a few tries it is given up, the
person is told, and the writes behind it are sent."""

import itertools
from urllib.parse import parse_qs

from tests.browser.test_offline import device_rows

STUCK = "Stuck note"
# As many tries as static/js/outbox.js gives a write that is put off.
TRIES = 5
_reads = itertools.count()


def wait_until_nothing_is_kept(page):
    """The queue is read with a promise, which wait_for_function does not
    await: each poll starts a fresh read and judges the last one finished."""
    page.wait_for_function(
        """(name) => {
          SpasmOutbox.pending().then((items) => { window[name] = items.length; });
          return window[name] === 0;
        }""",
        arg=f"keptCount{next(_reads)}",
        polling=100,
    )


def test_a_write_put_off_again_and_again_is_given_up_and_the_rest_are_sent(phone, live_server):
    # Without the service worker, so every send of the page reaches the route.
    page = phone.page(service_workers="block")
    page.goto(live_server("/"))
    with page.expect_response(lambda response: response.request.method == "POST"):
        page.get_by_role("button", name="I'm having a spasm").click()
    page.wait_for_url(live_server("/relief/position"))
    wait_until_nothing_is_kept(page)
    (episode,) = device_rows(live_server, page.context)["Episode"]

    put_off = []

    def always_later(route):
        # The one note answered "still being saved, try again later", every time.
        if parse_qs(route.request.post_data or "").get("body") == [STUCK]:
            put_off.append(route.request.headers.get("idempotency-key"))
            route.fulfill(status=409, headers={"Retry-After": "1"}, content_type="text/html", body="<p>Later.</p>")
        else:
            route.continue_()

    page.route("**/history/*/notes", always_later)
    page.goto(live_server(f"/history/{episode.id}"))
    page.get_by_text("Add a note or a medicine").click()
    page.get_by_label("A note").check()
    page.get_by_label("Write it here").fill(STUCK)
    # Put off once, so the next note is kept behind it.
    with page.expect_response(lambda response: response.status == 409):
        page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_label("Write it here").fill("Heat pack helped")
    page.get_by_role("button", name="Save", exact=True).click()

    refused = page.locator("[data-outbox-refused]")
    refused.wait_for()
    assert refused.get_attribute("role") == "alert"
    assert "Your note could not be saved. Please enter it again." in refused.inner_text()
    wait_until_nothing_is_kept(page)
    page.locator(f"#notes-{episode.id}").get_by_text("Saved.").wait_for()
    assert [note.body for note in device_rows(live_server, page.context)["Note"]] == ["Heat pack helped"]
    # The same write every time, and no more often than its tries.
    assert len(put_off) == TRIES
    assert len(set(put_off)) == 1
