"""Pages that are the same for everyone: rendered once, served from memory."""

import pytest
import gzip

from flask import request_started, template_rendered

from tests.conftest import HTMX, token_from

SHARED = ["/red-flags", "/sources", "/offline", "/relief/position", "/relief/breathe", "/relief/move",
          "/relief/medicines", "/prevention", "/prevention/plank"]


@pytest.fixture
def renders(app):
    """Names of the templates rendered during the test."""
    names = []

    def record(sender, template, context, **extra):
        names.append(template.name)

    template_rendered.connect(record, app)
    yield names
    template_rendered.disconnect(record, app)


@pytest.mark.parametrize("path", SHARED)
def test_rendered_once_then_served_from_memory(client, other_client, renders, path):
    first = client.get(path, headers={"Accept-Encoding": "br"})
    rendered = len(renders)
    second = other_client.get(path, headers={"Accept-Encoding": "br"})
    assert first.status_code == second.status_code == 200
    assert rendered > 0 and len(renders) == rendered
    assert first.get_data() == second.get_data()
    assert first.headers["Content-Encoding"] == "br"


@pytest.mark.parametrize("path", SHARED)
def test_no_token_no_session_and_security_headers(client, path):
    response = client.get(path)
    assert "Set-Cookie" not in response.headers
    assert '<meta name="csrf-token" content="">' in response.get_data(as_text=True)
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


def test_personal_pages_are_never_kept(client, csrf, renders):
    client.post("/episodes", headers={"X-CSRFToken": csrf(client)})  # now a device with a profile
    client.get("/timer")
    client.get("/timer")
    assert renders.count("timer/page.html") == 2


@pytest.mark.parametrize("path", ["/", "/timer", "/timer?kind=cold"])
def test_first_visit_form_pages_render_once_with_each_visitor_s_own_token(app, renders, path):
    visitors = [app.test_client() for _ in range(3)]
    pages = [visitor.get(path).get_data(as_text=True) for visitor in visitors]
    assert len([name for name in renders if name.endswith("page.html")]) == 1
    tokens = [token_from(html) for html in pages]
    assert len(set(tokens)) == 3 and all(tokens)
    for html in pages:
        assert "SpasmCsrfTokenPlaceholder" not in html
        assert html.count(token_from(html)) >= 2  # meta tag and htmx headers at least


def test_each_visitor_s_token_from_a_kept_page_works(app):
    first, second = app.test_client(), app.test_client()
    first.get("/")
    html = second.get("/").get_data(as_text=True)
    response = second.post("/episodes", data={"csrf_token": token_from(html)})
    assert response.status_code == 303
    # ...and only for that visitor.
    assert first.post("/episodes", data={"csrf_token": token_from(html)}).status_code == 400


def test_the_cache_is_bounded(app, client, monkeypatch):
    monkeypatch.setattr("spasm.shared_pages.MAX_ENTRIES", 3)
    for query in range(6):
        client.get(f"/red-flags?n={query}")
    assert len(app.wsgi_app.kept) == 3


def test_cache_key_separates_what_changes_the_bytes():
    from spasm.shared_pages import SharedPageCache

    base = {"REQUEST_METHOD": "GET", "PATH_INFO": "/red-flags"}
    keys = {
        SharedPageCache.key({**base}),
        SharedPageCache.key({**base, "HTTP_HX_REQUEST": "true"}),
        SharedPageCache.key({**base, "HTTP_ACCEPT_ENCODING": "gzip"}),
        SharedPageCache.key({**base, "HTTP_COOKIE": "spasm_session=x; spasm_look=dark.large"}),
    }
    assert len(keys) == 4
    # Other cookies do not split the cache: the page does not depend on them.
    assert SharedPageCache.key({**base, "HTTP_COOKIE": "spasm_session=abc"}) == SharedPageCache.key(base)
    assert SharedPageCache.key({**base, "REQUEST_METHOD": "POST"}) is None


@pytest.fixture
def flask_requests(app):
    """How many requests reached Flask (rather than being answered from memory)."""
    seen = []

    def record(sender, **extra):
        seen.append(1)

    request_started.connect(record, app)
    yield seen
    request_started.disconnect(record, app)


def cookie_attributes(response) -> str:
    return response.headers["Set-Cookie"].split(";", 1)[1]


@pytest.mark.parametrize("path", ["/", "/timer"])
def test_later_first_visits_never_reach_flask_yet_get_working_tokens(app, flask_requests, path):
    first = app.test_client()
    first.get(path)
    assert len(flask_requests) == 1
    visitors = [app.test_client() for _ in range(3)]
    responses = [visitor.get(path) for visitor in visitors]
    assert len(flask_requests) == 1
    tokens = [token_from(response.get_data(as_text=True)) for response in responses]
    assert len(set(tokens)) == 3
    for visitor, token in zip(visitors, tokens):
        assert visitor.post("/episodes", data={"csrf_token": token}).status_code == 303
    # A token is good only with the session cookie it came with.
    assert first.post("/episodes", data={"csrf_token": tokens[0]}).status_code == 400


@pytest.mark.parametrize("encoding", ["gzip, deflate, br", ""])
def test_a_first_visit_from_memory_matches_one_from_flask(app, encoding):
    headers = {"Accept-Encoding": encoding}
    from_flask = app.test_client().get("/timer", headers=headers)
    from_memory = app.test_client().get("/timer", headers=headers)

    def comparable(response):
        return sorted((k, v) for k, v in response.headers.items() if k not in ("Set-Cookie", "Content-Length"))

    assert comparable(from_memory) == comparable(from_flask)
    # A token with its cookie must never be kept by a shared cache.
    assert from_memory.headers["Cache-Control"] == "no-store"
    assert cookie_attributes(from_memory) == cookie_attributes(from_flask)
    bodies = [r.get_data() for r in (from_flask, from_memory)]
    if encoding:
        assert from_memory.headers["Content-Encoding"] == "gzip"
        bodies = [gzip.decompress(body) for body in bodies]
    assert int(from_memory.headers["Content-Length"]) == len(from_memory.get_data())
    tokens = [token_from(body.decode()) for body in bodies]
    assert bodies[1].replace(tokens[1].encode(), b"") == bodies[0].replace(tokens[0].encode(), b"")


def test_a_returning_device_is_served_by_flask_with_its_own_token(app, client, flask_requests):
    app.test_client().get("/")  # now kept
    first = token_from(client.get("/").get_data(as_text=True))
    calls = len(flask_requests)
    again = client.get("/")
    assert len(flask_requests) == calls + 1
    assert "Set-Cookie" not in again.headers  # the session it has is kept
    assert client.post("/episodes", data={"csrf_token": token_from(again.get_data(as_text=True))}).status_code == 303
    assert client.post("/episodes", data={"csrf_token": first}).status_code == 303


def test_the_offline_cache_s_copy_never_gets_a_token(app):
    app.test_client().get("/")
    app.test_client().get("/")  # kept, and served from memory
    response = app.test_client().get("/", headers={"X-Spasm-Precache": "1"})
    assert "Set-Cookie" not in response.headers
    assert '<meta name="csrf-token" content="">' in response.get_data(as_text=True)


def test_a_device_with_a_profile_sees_its_own_home(app, client, csrf):
    app.test_client().get("/")  # kept for first visits
    client.post("/episodes", headers={"X-CSRFToken": csrf(client)})
    assert "Day 1 of this spasm" in client.get("/").get_data(as_text=True)
