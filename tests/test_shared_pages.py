"""Pages that are the same for everyone: rendered once, served from memory."""

import pytest
from flask import request_started, template_rendered

from tests.conftest import HTMX

SHARED = [
    "/red-flags",
    "/sources",
    "/offline",
    "/relief/position",
    "/relief/breathe",
    "/relief/move",
    "/relief/medicines",
    "/prevention",
    "/prevention/plank",
]
# Shared until the device has something of its own to see there.
SHARED_WHILE_ANONYMOUS = [
    "/",
    "/timer",
    "/timer?kind=cold",
    "/relief/onset",
    "/relief/safety-check",
    "/relief/check-in",
]


@pytest.fixture
def renders(app):
    """Names of the templates rendered during the test."""
    names = []

    def record(sender, template, context, **extra):
        names.append(template.name)

    template_rendered.connect(record, app)
    yield names
    template_rendered.disconnect(record, app)


@pytest.mark.parametrize("path", SHARED + SHARED_WHILE_ANONYMOUS)
def test_rendered_once_then_served_from_memory(client, other_client, renders, path):
    first = client.get(path, headers={"Accept-Encoding": "br"})
    rendered = len(renders)
    second = other_client.get(path, headers={"Accept-Encoding": "br"})
    assert first.status_code == second.status_code == 200
    assert rendered > 0 and len(renders) == rendered
    assert first.get_data() == second.get_data()
    assert first.headers["Content-Encoding"] == "br"


@pytest.mark.parametrize("path", SHARED + SHARED_WHILE_ANONYMOUS)
def test_no_token_no_cookie_a_cache_header_and_security_headers(client, path):
    for _ in range(2):  # rendered, then from memory
        response = client.get(path)
        html = response.get_data(as_text=True)
        assert "Set-Cookie" not in response.headers
        assert "csrf" not in html.lower()
        assert "data-server-now" not in html  # no time frozen into a kept page
        assert response.headers["Cache-Control"] == "public, max-age=300"
        assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]


def test_each_encoding_is_kept_and_chosen_by_the_request(client):
    plain = client.get("/red-flags", headers={"Accept-Encoding": ""})
    gz = client.get("/red-flags", headers={"Accept-Encoding": "gzip"})
    br = client.get("/red-flags", headers={"Accept-Encoding": "br, gzip"})
    assert "Content-Encoding" not in plain.headers
    assert gz.headers["Content-Encoding"] == "gzip"
    assert br.headers["Content-Encoding"] == "br"
    assert len(br.get_data()) < len(gz.get_data()) < len(plain.get_data())
    assert "Accept-Encoding" in br.headers["Vary"]


def test_fragment_and_page_are_kept_apart(client):
    page = client.get("/relief/position").get_data(as_text=True)
    fragment = client.get("/relief/position", headers=HTMX).get_data(as_text=True)
    assert "<html" in page and "<html" not in fragment


def test_the_chosen_look_gets_its_own_copy(client, other_client):
    other_client.set_cookie("spasm_look", "dark.larger")
    default = client.get("/red-flags").get_data(as_text=True)
    dark = other_client.get("/red-flags").get_data(as_text=True)
    assert 'data-theme="auto" data-text-size="normal"' in default
    assert 'data-theme="dark" data-text-size="larger"' in dark


@pytest.mark.parametrize("value", ["", "purple.huge", "dark", "<script>.x", "dark.large.extra"])
def test_a_broken_look_cookie_gives_the_default_look(client, value):
    client.set_cookie("spasm_look", value)
    assert 'data-theme="auto" data-text-size="normal"' in client.get("/red-flags").get_data(as_text=True)


def test_each_encoding_has_its_own_etag(client):
    etags = {
        client.get("/red-flags", headers={"Accept-Encoding": encoding}).headers["ETag"]
        for encoding in ("", "gzip", "br")
    }
    assert len(etags) == 3


def test_a_repeat_visit_gets_304(client):
    first = client.get("/red-flags")
    again = client.get("/red-flags", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304


def test_errors_are_not_kept(client, renders):
    assert client.get("/prevention/no-such-exercise").status_code == 404
    assert client.get("/prevention/no-such-exercise").status_code == 404
    assert renders.count("errors/page.html") == 2


def test_debug_renders_every_time(app, client, renders):
    app.debug = True
    client.get("/red-flags")
    client.get("/red-flags")
    assert renders.count("red_flags/page.html") == 2


def test_the_internal_marker_never_reaches_the_browser(client):
    for _ in range(2):
        response = client.get("/red-flags")
        assert "X-Spasm-Shared" not in response.headers


def test_a_kept_page_answers_304_to_a_matching_etag(client):
    first = client.get("/relief/position")
    client.get("/relief/position")  # now kept
    again = client.get("/relief/position", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.get_data() == b""


def test_personal_pages_are_never_kept(client, renders):
    client.post("/episodes")  # now a device with a profile
    client.get("/timer")
    client.get("/timer")
    assert renders.count("timer/page.html") == 2
    assert client.get("/").headers["Cache-Control"] == "no-store"


@pytest.fixture
def flask_requests(app):
    """How many requests reached Flask (rather than being answered from memory)."""
    seen = []

    def record(sender, **extra):
        seen.append(1)

    request_started.connect(record, app)
    yield seen
    request_started.disconnect(record, app)


@pytest.mark.parametrize("path", ["/", "/timer"])
def test_later_first_visits_never_reach_flask_and_their_forms_work(app, flask_requests, path):
    app.test_client().get(path)
    assert len(flask_requests) == 1
    visitors = [app.test_client() for _ in range(3)]
    responses = [visitor.get(path) for visitor in visitors]
    assert len(flask_requests) == 1
    assert len({response.get_data() for response in responses}) == 1
    for visitor in visitors:
        assert visitor.post("/episodes").status_code == 303


@pytest.mark.parametrize("path", ["/", "/timer", "/relief/check-in"])
def test_a_device_with_a_profile_is_never_answered_from_memory(app, client, flask_requests, path):
    app.test_client().get(path)
    app.test_client().get(path)  # kept for devices with no profile
    client.post("/episodes")
    calls = len(flask_requests)
    client.get(path)
    assert len(flask_requests) == calls + 1


def test_pages_for_everyone_are_answered_from_memory_whatever_the_device(app, client, flask_requests):
    app.test_client().get("/red-flags")
    client.post("/episodes")
    calls = len(flask_requests)
    client.get("/red-flags")
    assert len(flask_requests) == calls


def test_the_offline_cache_s_copy_is_anonymous(app, client):
    client.post("/episodes")
    response = client.get("/", headers={"X-Spasm-Precache": "1"})
    assert "Set-Cookie" not in response.headers
    assert "Day 1 of this spasm" not in response.get_data(as_text=True)


def test_a_device_with_a_profile_sees_its_own_home(app, client):
    app.test_client().get("/")
    app.test_client().get("/")  # kept for first visits
    client.post("/episodes")
    assert "Day 1 of this spasm" in client.get("/").get_data(as_text=True)
