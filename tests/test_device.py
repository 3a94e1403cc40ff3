"""The anonymous device profile and the scoping every query goes through."""

import pytest
from flask import make_response, session
from sqlalchemy import select

from spasm.config import is_production
from spasm.device import (
    COOKIE_LOST_HEADER,
    EXPECTS_PROFILE_HEADER,
    ensure_profile,
    get_owned_or_404,
    hash_token,
    owned,
    remember_look,
)
from spasm.extensions import db
from spasm.models import Episode, Profile, utcnow
from tests.conftest import make_app

EXPECTS_PROFILE = {EXPECTS_PROFILE_HEADER: "1"}


@pytest.fixture
def routes(app):
    """Small routes that save and read through the profile helpers."""

    @app.post("/test-episode")
    def start():
        profile = ensure_profile()
        episode = Episode(profile_id=profile.id, ended_at=utcnow())
        db.session.add(episode)
        db.session.commit()
        return str(episode.id)

    @app.get("/test-episode/<int:episode_id>")
    def show(episode_id):
        return str(get_owned_or_404(Episode, episode_id).id)

    @app.get("/test-episodes")
    def listing():
        return ",".join(str(e.id) for e in db.session.scalars(owned(Episode)))


def test_reading_a_page_creates_no_profile(app, client):
    client.get("/")
    with app.app_context():
        assert db.session.scalar(select(db.func.count()).select_from(Profile)) == 0


def device_cookie(response) -> str:
    return next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("spasm_device="))


def test_first_write_creates_profile_with_a_strict_cookie(app, client, routes):
    response = client.post("/test-episode", base_url="https://localhost")
    assert response.status_code == 200
    cookie = device_cookie(response)
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    token = cookie.split(";")[0].split("=", 1)[1]
    assert len(token) >= 40
    with app.app_context():
        profile = db.session.scalar(select(Profile))
        # Only the hash is stored, never the token itself.
        assert profile.token_hash == hash_token(token)
        assert token not in profile.token_hash


def test_the_same_device_keeps_its_profile(app, client, routes):
    client.post("/test-episode")
    second = client.post("/test-episode")
    assert not any(c.startswith("spasm_device=") for c in second.headers.getlist("Set-Cookie"))
    with app.app_context():
        assert db.session.scalar(select(db.func.count()).select_from(Profile)) == 1
    assert client.get("/test-episodes").get_data(as_text=True) == "1,2"


def test_another_device_cannot_see_or_open_the_rows(client, other_client, routes):
    mine = client.post("/test-episode").get_data(as_text=True)
    theirs = other_client.post("/test-episode").get_data(as_text=True)
    assert client.get(f"/test-episode/{mine}").status_code == 200
    assert client.get(f"/test-episode/{theirs}").status_code == 404
    assert other_client.get(f"/test-episode/{mine}").status_code == 404
    assert client.get("/test-episodes").get_data(as_text=True) == mine
    assert other_client.get("/test-episodes").get_data(as_text=True) == theirs


def test_no_cookie_sees_nothing(client, other_client, routes):
    mine = client.post("/test-episode").get_data(as_text=True)
    fresh = other_client
    assert fresh.get("/test-episodes").get_data(as_text=True) == ""
    assert fresh.get(f"/test-episode/{mine}").status_code == 404


@pytest.mark.parametrize("cookie", ["", "nonsense", "x" * 200])
def test_unknown_or_absurd_cookies_are_treated_as_a_new_device(client, routes, cookie):
    client.set_cookie("spasm_device", cookie)
    response = client.get("/test-episodes")
    assert response.status_code == 200
    assert response.get_data(as_text=True) == ""


def test_a_device_without_a_profile_costs_no_query(client, sql_statements):
    for path in ("/", "/timer", "/history", "/relief/check-in"):
        assert client.get(path).status_code == 200
    assert sql_statements == []


# --- Secure where it can be kept ------------------------------------------


def test_plain_http_on_loopback_gets_a_cookie_safari_keeps(app, client, routes):
    # Safari keeps no Secure cookie from http://localhost. A shared database
    # (PostgreSQL) is production, where cookies stay Secure all the same.
    cookie = device_cookie(client.post("/test-episode"))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert ("Secure" in cookie) == is_production(app)


def test_https_to_the_app_itself_gets_secure_cookies(client, routes):
    assert "Secure" in device_cookie(client.post("/test-episode", base_url="https://localhost"))


def test_https_reported_by_the_proxy_gets_secure_cookies(database_uri):
    app = make_app(database_uri, PROXY_COUNT=1)

    @app.post("/test-episode")
    def start():
        ensure_profile()
        db.session.commit()
        return ""

    client = app.test_client()
    proxied = client.post("/test-episode", headers={"X-Forwarded-Proto": "https"})
    assert "Secure" in device_cookie(proxied)


def test_behind_https_every_cookie_is_secure_even_on_a_plain_request(database_uri):
    app = make_app(database_uri, BEHIND_HTTPS=True)

    @app.post("/test-episode")
    def start():
        ensure_profile()
        db.session.commit()
        return ""

    assert "Secure" in device_cookie(app.test_client().post("/test-episode"))


def cookies_of(app, base_url: str = "http://localhost") -> list[str]:
    """The look and session cookies one request sets (no database involved)."""

    @app.get("/test-cookies")
    def set_cookies():
        session["seen"] = True
        response = make_response("")
        remember_look(response, "dark", "large")
        return response

    return app.test_client().get("/test-cookies", base_url=base_url).headers.getlist("Set-Cookie")


@pytest.mark.parametrize(
    ("settings", "base_url", "secure"),
    [
        ({}, "http://localhost", False),
        ({}, "http://127.0.0.1", False),
        ({}, "https://localhost", True),
        ({"SESSION_COOKIE_SECURE": True}, "http://localhost", True),
        ({"SESSION_COOKIE_SECURE": False}, "https://localhost", False),
        ({"BEHIND_HTTPS": True}, "http://localhost", True),
        ({"BEHIND_HTTPS": True, "SESSION_COOKIE_SECURE": False}, "http://localhost", True),
    ],
)
def test_look_and_session_cookies_follow_the_same_rule(tmp_path, settings, base_url, secure):
    app = make_app(f"sqlite:///{tmp_path / 'unused.sqlite3'}", **settings)
    cookies = cookies_of(app, base_url)
    assert {c.split("=", 1)[0] for c in cookies} == {"spasm_look", "spasm_session"}
    assert all(("Secure" in c) == secure for c in cookies), cookies


def test_a_shared_database_keeps_cookies_secure_whatever_the_setting():
    # Never connected to: the cookies need no database.
    app = make_app("postgresql+psycopg://u@localhost/spasm", SESSION_COOKIE_SECURE=False)
    assert all("Secure" in c for c in cookies_of(app))


# --- a cookie the browser did not keep --------------------------------------


def test_a_device_that_kept_its_cookie_hears_nothing(client, routes):
    client.post("/test-episode")
    assert COOKIE_LOST_HEADER not in client.get("/device/cookie", headers=EXPECTS_PROFILE).headers
    assert COOKIE_LOST_HEADER not in client.post("/test-episode", headers=EXPECTS_PROFILE).headers


def test_the_check_after_a_write_tells_a_lost_cookie(client, other_client, routes):
    client.post("/test-episode")
    # The same phone, but its browser threw the cookie away.
    response = other_client.get("/device/cookie", headers=EXPECTS_PROFILE)
    assert response.status_code == 204
    assert response.headers[COOKIE_LOST_HEADER] == "1"
    assert response.headers["Cache-Control"] == "no-store"


def test_a_write_without_its_cookie_is_kept_and_answered_with_the_warning(app, client, routes):
    client.post("/test-episode")
    client.delete_cookie("spasm_device")
    response = client.post("/test-episode", headers=EXPECTS_PROFILE)
    assert response.status_code == 200
    assert response.headers[COOKIE_LOST_HEADER] == "1"
    with app.app_context():
        # Never lost: the write is in a new profile, as any first write is.
        assert db.session.scalar(select(db.func.count()).select_from(Profile)) == 2
        assert db.session.scalar(select(db.func.count()).select_from(Episode)) == 2


def test_a_first_write_that_expects_nothing_is_not_a_lost_cookie(client, routes):
    response = client.post("/test-episode")
    assert COOKIE_LOST_HEADER not in response.headers
    assert COOKIE_LOST_HEADER not in client.get("/device/cookie").headers


def test_the_check_creates_no_profile(app, client):
    client.get("/device/cookie", headers=EXPECTS_PROFILE)
    with app.app_context():
        assert db.session.scalar(select(db.func.count()).select_from(Profile)) == 0
