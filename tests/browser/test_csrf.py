"""Pages shared by everyone carry no CSRF token: one is fetched when needed."""

from playwright.sync_api import expect
from sqlalchemy import func, select

from spasm.extensions import db
from spasm.models import Episode


def episode_count(live_server) -> int:
    with live_server.app.app_context():
        return db.session.scalar(select(func.count()).select_from(Episode))


def token_requests(page) -> list[str]:
    return [r for r in page.evaluate("performance.getEntriesByType('resource').map(e => e.name)") if "/csrf-token" in r]


def test_a_shared_page_fetches_no_token_until_something_is_sent(page, live_server):
    page.goto(live_server("/relief/position"))
    assert page.locator('meta[name="csrf-token"]').get_attribute("content") == ""
    page.wait_for_load_state("networkidle")
    assert token_requests(page) == []


def test_an_htmx_write_from_a_shared_page_gets_a_token_first(page, live_server):
    before = episode_count(live_server)
    page.goto(live_server("/relief/position"))
    is_start = lambda response: response.url.endswith("/episodes") and response.request.method == "POST"  # noqa: E731
    with page.expect_response(is_start) as started:
        page.evaluate(
            """() => {
          const button = document.createElement("button");
          button.textContent = "Start by htmx";
          button.setAttribute("hx-post", "/episodes");
          button.setAttribute("hx-target", "main");
          document.querySelector("main").prepend(button);
          htmx.process(button);
          button.click();
        }"""
        )
    assert started.value.status == 200
    expect(page.locator('meta[name="csrf-token"]')).not_to_have_attribute("content", "")
    expect(page.locator("#alerts [role=alert]")).to_have_count(0)
    assert episode_count(live_server) == before + 1
    assert len(token_requests(page)) == 1


def test_a_plain_form_on_a_token_less_page_waits_for_its_token(page, live_server):
    before = episode_count(live_server)
    page.goto(live_server("/relief/breathe"))
    page.evaluate(
        """() => {
          const form = document.createElement("form");
          form.method = "post";
          form.action = "/episodes";
          form.innerHTML = '<input type="hidden" name="csrf_token" value=""><button>Go</button>';
          document.querySelector("main").prepend(form);
          form.querySelector("button").click();
        }"""
    )
    page.wait_for_url(live_server("/relief/position"))
    assert episode_count(live_server) == before + 1


def test_first_visits_made_from_memory_work_in_a_real_browser(phone, live_server):
    """Every fresh phone after the first is answered from memory, its token
    dropped into gzip made ahead of time: Chromium must decode it and its
    form must start an episode, with JavaScript off so the token in the
    HTML is the one used."""
    before = episode_count(live_server)
    for _ in range(3):
        page = phone.page(javascript=False)
        response = page.goto(live_server("/"))
        assert response.headers.get("content-encoding") == "gzip"
        page.get_by_role("button", name="I'm having a spasm").click()
        expect(page).to_have_url(live_server("/relief/position"))
    assert episode_count(live_server) == before + 3
