"""Home: one dominant action, and with an open episode its quick check-in."""

import re

from tests.conftest import HTMX

CARRIED = re.compile(r'<template data-first-card="/relief/position">(.*)</template>\s*</section>', re.S)


def start(client):
    return client.post("/episodes")


def shown(html: str) -> str:
    """The page without the first card it carries, unseen until the tap."""
    return CARRIED.sub("", html)


def test_home_has_one_dominant_action_a_real_form(client):
    html = shown(client.get("/").get_data(as_text=True))
    forms = re.findall(r'<form[^>]*action="/episodes"[^>]*>', html)
    assert len(forms) == 1
    assert 'method="post"' in forms[0] and 'hx-post="/episodes"' in forms[0]
    assert html.count("btn-primary") == 1
    assert "I&#39;m having a spasm" in html or "I'm having a spasm" in html
    assert "csrf" not in html.lower()


def test_home_carries_the_first_card_as_the_step_page_shows_it(client):
    carried = CARRIED.search(client.get("/").get_data(as_text=True))
    assert carried is not None
    card = client.get("/relief/position", headers=HTMX).get_data(as_text=True)
    assert carried.group(1).strip() in card
    assert 'id="relief-card"' in carried.group(1) and "position-figure" in carried.group(1)


def test_home_without_an_episode_is_public(client):
    response = client.get("/")
    html = response.get_data(as_text=True)
    assert response.headers.get("Cache-Control") != "no-store"
    assert "checkin-" not in html and "Continue the steps" not in html
    assert 'hx-history="false"' not in shown(html)


def test_home_with_an_open_episode_offers_continue_and_the_check_in(client):
    start(client)
    response = client.get("/")
    html = response.get_data(as_text=True)
    assert response.headers["Cache-Control"] == "no-store"
    assert 'hx-history="false"' in html
    assert "Continue the steps" in html and 'href="/relief/position"' in html
    assert re.search(r'action="/episodes/\d+/check-ins"', html)
    assert 'name="next" value="/"' in html
    assert "Day 1 of this spasm" in html


def test_home_check_in_saves_and_comes_back_home(client):
    start(client)
    html = client.get("/").get_data(as_text=True)
    action = re.search(r'action="(/episodes/\d+/check-ins)"', html).group(1)
    response = client.post(action, data={"pain": "6", "next": "/"})
    assert response.status_code == 303 and response.headers["Location"] == "/"
    assert "Last pain score: 6 out of 10." in client.get("/").get_data(as_text=True)


def test_home_shows_nothing_of_another_device(client, other_client):
    start(client)
    html = other_client.get("/").get_data(as_text=True)
    assert "checkin-" not in html and "Day 1" not in html


def test_home_fragment_keeps_the_start_section(client):
    start(client)
    response = client.get("/", headers=HTMX)
    html = response.get_data(as_text=True)
    assert "<html" not in html and 'id="start"' in html and "checkin-" in html
    assert response.headers["Cache-Control"] == "no-store"


def test_precache_copy_of_home_holds_nothing_personal(client):
    start(client)
    response = client.get("/", headers={"X-Spasm-Precache": "1"})
    html = response.get_data(as_text=True)
    assert "checkin-" not in html and "csrf" not in html.lower()
    assert response.headers.get("Cache-Control") != "no-store"
