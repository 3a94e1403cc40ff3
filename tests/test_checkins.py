"""The pain check-in as the relief flow's last step uses it."""

import re

import pytest
from sqlalchemy import func, select

from spasm.extensions import db
from spasm.models import CheckIn
from tests.conftest import CROSS_SITE, HTMX

STEP = "/relief/check-in"


def saved(app) -> list[int]:
    with app.app_context():
        return list(db.session.scalars(select(CheckIn.pain).order_by(CheckIn.id)))


@pytest.fixture
def action(client):
    """The check-in form's action on the relief step, for a started episode."""
    client.post("/episodes")
    html = client.get(STEP).get_data(as_text=True)
    return re.search(r'action="(/episodes/\d+/check-ins)"', html).group(1)


def post(client, action, pain, **headers):
    data = {"pain": pain, "next": f"{STEP}?saved=1"}
    return client.post(action, data=data, headers=headers)


def test_step_without_an_episode_offers_the_form_that_starts_one(client):
    response = client.get(STEP)
    html = response.get_data(as_text=True)
    assert re.search(r'<form class="checkin" id="checkin-new" method="post" action="/check-ins"', html)
    assert 'data-outbox="check-in"' in html
    assert "/episodes/" not in html
    assert response.headers.get("Cache-Control") != "no-store"


def test_step_with_an_episode_shows_the_shared_form_and_day_advice(client, action):
    response = client.get(STEP)
    html = response.get_data(as_text=True)
    assert response.headers["Cache-Control"] == "no-store"
    assert 'hx-history="false"' in html
    assert f'name="next" value="{STEP}?saved=1"' in html
    assert "Day 1: Keep going." in html


@pytest.mark.parametrize("pain", range(0, 11))
def test_every_score_from_0_to_10_is_saved(app, client, action, pain):
    response = post(client, action, str(pain))
    assert response.status_code == 303
    assert response.headers["Location"] == f"{STEP}?saved=1"
    assert saved(app) == [pain]


def test_after_saving_the_step_shows_the_score_and_the_change(client, action):
    post(client, action, "7")
    post(client, action, "4")
    html = client.get(f"{STEP}?saved=1").get_data(as_text=True)
    assert "Saved: 4 out of 10." in html and "Better than last time." in html


def test_saving_with_htmx_swaps_in_the_saved_message(app, client, action):
    response = post(client, action, "5", **HTMX)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "Saved: 5 out of 10." in html and "<html" not in html
    assert saved(app) == [5]


@pytest.mark.parametrize("pain", ["-1", "11", "abc", "", "5.5", "1e1"])
def test_bad_scores_are_refused_and_nothing_is_saved(app, client, action, pain):
    response = post(client, action, pain)
    assert response.status_code == 422
    assert "0 to 10" in response.get_data(as_text=True)
    assert saved(app) == []


def test_missing_score_is_refused(app, client, action):
    response = client.post(action)
    assert response.status_code == 422
    assert saved(app) == []


def test_another_devices_episode_is_not_found(app, other_client, action):
    response = post(other_client, action, "3")
    assert response.status_code == 404
    assert saved(app) == []


def test_a_cross_site_check_in_is_refused(app, client, action):
    response = client.post(action, data={"pain": "3", "next": STEP}, headers=CROSS_SITE)
    assert response.status_code == 403
    assert saved(app) == []


def test_start_from_the_step_comes_back_to_the_step(app, client):
    response = client.post("/episodes", data={"step": "check-in"})
    assert response.headers["Location"] == STEP
    assert "check-ins" in client.get(STEP).get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(CheckIn)) == 0
