"""The cross-origin rule, one test per branch, then through the app and a proxy."""

import pytest

from spasm.web.cross_origin import is_allowed, origin_of
from tests.conftest import make_app

OWN = "https://spasm.example.org/"


@pytest.mark.parametrize("method", ["GET", "HEAD", "OPTIONS"])
def test_safe_methods_pass_whatever_their_headers(method):
    assert is_allowed(method, "cross-site", "https://evil.example", OWN)


@pytest.mark.parametrize("site", ["same-origin", "none", "Same-Origin", " none "])
def test_same_origin_or_a_typed_address_passes(site):
    assert is_allowed("POST", site, None, OWN)


@pytest.mark.parametrize("site", ["cross-site", "same-site", "", "bogus"])
def test_any_other_fetch_site_is_refused(site):
    assert not is_allowed("POST", site, None, OWN)


def test_fetch_site_wins_over_a_matching_origin():
    assert not is_allowed("POST", "cross-site", "https://spasm.example.org", OWN)


def test_no_headers_at_all_is_not_a_browser_and_passes():
    assert is_allowed("POST", None, None, OWN)


@pytest.mark.parametrize(
    "origin",
    ["https://spasm.example.org", "https://SPASM.example.org", "https://spasm.example.org:443"],
)
def test_without_fetch_site_our_own_origin_passes(origin):
    assert is_allowed("POST", None, origin, OWN)


@pytest.mark.parametrize(
    "origin",
    [
        "https://evil.example",
        "http://spasm.example.org",  # another scheme is another origin
        "https://spasm.example.org:8443",  # and so is another port
        "https://spasm.example.org.evil.example",
        "null",
        "",
        "https://[::1",
        "javascript:alert(1)",
    ],
)
def test_without_fetch_site_any_other_origin_is_refused(origin):
    assert not is_allowed("POST", None, origin, OWN)


def test_origins_compare_scheme_host_and_port():
    assert origin_of("https://a.example") == ("https", "a.example", 443)
    assert origin_of("http://a.example:8080/x") == ("http", "a.example", 8080)
    assert origin_of("null") is None


def test_behind_a_proxy_the_origin_is_the_one_the_browser_saw(database_uri):
    app = make_app(database_uri, PROXY_COUNT=1)
    client = app.test_client()
    proxied = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "spasm.example.org"}
    ok = client.post("/episodes", headers={**proxied, "Origin": "https://spasm.example.org"})
    assert ok.status_code == 303
    refused = client.post("/episodes", headers={**proxied, "Origin": "http://spasm.example.org"})
    assert refused.status_code == 403


def test_a_refused_request_changes_nothing(client):
    response = client.post("/episodes", headers={"Origin": "https://evil.example"})
    assert response.status_code == 403
    assert "Set-Cookie" not in response.headers
    assert client.get("/history/export.json").get_json()["episodes"] == []


def test_the_referrer_policy_still_sends_origin_on_our_own_posts(client):
    assert client.get("/red-flags").headers["Referrer-Policy"] == "same-origin"
