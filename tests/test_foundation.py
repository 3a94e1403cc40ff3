"""The base every feature stands on: headers, errors, CSRF, limits, health."""

import re

import pytest
from flask import request
from sqlalchemy import text

from spasm.extensions import db
from tests.conftest import CROSS_SITE, HTMX


def test_home_page_renders_with_red_flags_link_and_navigation(client):
    response = client.get("/")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'href="/red-flags"' in html
    for path in ("/timer", "/history", "/settings"):
        assert f'href="{path}"' in html
    assert "Vary" in response.headers and "HX-Request" in response.headers["Vary"]


def test_home_fragment_for_htmx_has_no_layout(client):
    response = client.get("/", headers=HTMX)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<html" not in html and 'id="start"' in html
    assert "HX-Request" in response.headers["Vary"]


@pytest.mark.parametrize(
    "headers",
    [
        {**HTMX, "HX-Boosted": "true"},
        {**HTMX, "HX-History-Restore-Request": "true"},
    ],
)
def test_boosted_and_history_restore_requests_get_the_whole_page(client, headers):
    assert "<html" in client.get("/", headers=headers).get_data(as_text=True)


SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


@pytest.mark.parametrize("path", ["/", "/healthz", "/no-such-page", "/manifest.webmanifest"])
def test_security_headers_on_every_response(client, path):
    response = client.get(path)
    csp = response.headers["Content-Security-Policy"]
    for directive in ("default-src 'self'", "frame-ancestors 'none'", "object-src 'none'", "base-uri 'none'"):
        assert directive in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "Permissions-Policy" in response.headers
    for name, value in SECURITY_HEADERS.items():
        assert response.headers[name] == value
    assert "Strict-Transport-Security" not in response.headers


def test_hsts_when_behind_https(database_uri):
    from tests.conftest import make_app

    app = make_app(database_uri, BEHIND_HTTPS=True)
    response = app.test_client().get("/")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


def test_pages_have_no_inline_script_or_style_and_no_foreign_hosts(client):
    html = client.get("/").get_data(as_text=True)
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert "<style" not in html and " style=" not in html and "hx-on" not in html
    assert not re.search(r'(src|href|action)="(https?:)?//', html)


def test_html_is_compressed(client):
    response = client.get("/", headers={"Accept-Encoding": "br, gzip"})
    assert response.headers["Content-Encoding"] in ("br", "gzip")


def test_bundles_are_precompressed_and_cached_for_a_year(client):
    html = client.get("/").get_data(as_text=True)
    css = re.search(r'href="(/assets/app\.[0-9a-f]{12}\.css)"', html).group(1)
    js = re.search(r'src="(/assets/app\.[0-9a-f]{12}\.js)"', html).group(1)
    for url in (css, js):
        response = client.get(url, headers={"Accept-Encoding": "br"})
        assert response.status_code == 200
        assert response.headers["Content-Encoding"] == "br"
        assert "immutable" in response.headers["Cache-Control"]
    assert client.get("/assets/app.000000000000.css").status_code == 404


def test_static_urls_carry_a_content_hash(client):
    html = client.get("/").get_data(as_text=True)
    match = re.search(r'href="(/static/icons/favicon\.svg\?v=[0-9a-f]{12})"', html)
    assert match
    response = client.get(match.group(1))
    assert response.status_code == 200
    assert "immutable" in response.headers["Cache-Control"]


def test_healthz_checks_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}


def test_healthz_reports_a_broken_database(app, client, monkeypatch):
    from sqlalchemy.exc import OperationalError

    def broken(*args, **kwargs):
        raise OperationalError("SELECT 1", {}, Exception("down"))

    monkeypatch.setattr(db.session, "execute", broken)
    response = client.get("/healthz")
    assert response.status_code == 503


def test_404_is_a_friendly_page(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert "Not found" in html and 'href="/red-flags"' in html


def test_404_for_htmx_is_a_fragment_aimed_at_the_alert_area(client):
    response = client.get("/no-such-page", headers=HTMX)
    assert response.status_code == 404
    assert "<html" not in response.get_data(as_text=True)
    assert response.headers["HX-Retarget"] == "#alerts"


def test_405_is_a_friendly_page_with_allow(client):
    response = client.post("/healthz")
    assert response.status_code == 405
    response = client.delete("/healthz")
    assert response.status_code == 405
    assert "GET" in response.headers["Allow"]
    assert "Not allowed" in response.get_data(as_text=True)


@pytest.fixture
def write_route(app):
    """A POST route that saves nothing, to exercise the checks every write gets."""

    @app.post("/test-write")
    def test_write():
        assert request.form is not None  # a write view reads what was sent
        return "written"

    return "/test-write"


def test_a_cross_site_post_gets_a_clear_403(client, write_route):
    response = client.post(write_route, headers=CROSS_SITE)
    assert response.status_code == 403
    assert "came from another website" in response.get_data(as_text=True)
    assert response.headers["Cache-Control"] == "no-store"


def test_a_cross_site_htmx_post_gets_a_403_fragment(client, write_route):
    response = client.post(write_route, headers={**HTMX, **CROSS_SITE})
    assert response.status_code == 403
    html = response.get_data(as_text=True)
    assert "came from another website" in html and "<html" not in html
    assert response.headers["HX-Retarget"] == "#alerts"


def test_a_same_origin_post_passes_with_no_token(client, write_route):
    assert client.post(write_route, headers={"Sec-Fetch-Site": "same-origin"}).status_code == 200
    assert client.post(write_route, headers={"Origin": "http://localhost"}).status_code == 200


def test_every_unsafe_method_is_checked(client, app):
    @app.route("/test-any", methods=["PUT", "PATCH", "DELETE"])
    def test_any():
        return "changed"

    for method in ("put", "patch", "delete"):
        assert getattr(client, method)("/test-any", headers=CROSS_SITE).status_code == 403
        assert getattr(client, method)("/test-any", headers={"Origin": "https://evil.example"}).status_code == 403
        assert getattr(client, method)("/test-any").status_code == 200


def test_huge_body_gets_413(client, write_route):
    response = client.post(write_route, data=b"x" * (20 * 1024 * 1024), content_type="application/octet-stream")
    assert response.status_code == 413
    assert "Too much data" in response.get_data(as_text=True)


def test_huge_form_gets_413(client, write_route):
    response = client.post(write_route, data={"note": "x" * (2 * 1024 * 1024)})
    assert response.status_code == 413


def test_500_is_a_friendly_page(app, client):
    @app.get("/boom")
    def boom():
        raise RuntimeError("boom")

    app.testing = False
    app.config["PROPAGATE_EXCEPTIONS"] = False
    response = client.get("/boom")
    assert response.status_code == 500
    assert "Something went wrong" in response.get_data(as_text=True)


def test_there_is_no_token_endpoint(client):
    assert client.get("/csrf-token").status_code == 404


def test_precache_copy_holds_no_token_and_sets_no_cookie(client):
    response = client.get("/", headers={"X-Spasm-Precache": "1"})
    html = response.get_data(as_text=True)
    assert "csrf" not in html.lower()
    assert "Set-Cookie" not in response.headers


def test_database_connections_are_tuned(app):
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            assert db.engine.dialect.driver == "psycopg"
            return
        assert db.session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert db.session.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert db.session.execute(text("PRAGMA busy_timeout")).scalar() == 5000


def test_migrations_match_the_models(runner):
    result = runner.invoke(args=["db", "check"])
    assert result.exit_code == 0, result.output
