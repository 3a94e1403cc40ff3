"""The anonymous device profile and the scoping every query goes through."""

import pytest
from sqlalchemy import select

from spasm.device import ensure_profile, get_owned_or_404, hash_token, owned
from spasm.extensions import db
from spasm.models import Episode, Profile, utcnow


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


def test_first_write_creates_profile_with_a_strict_cookie(app, client, routes):
    response = client.post("/test-episode")
    assert response.status_code == 200
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("spasm_device="))
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
