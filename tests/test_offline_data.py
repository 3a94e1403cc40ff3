"""What the pages give the phone to answer taps with no signal: the server's
own rules as data, and forms the outbox keeps."""

import html
import json
import re

import pytest
from sqlalchemy import select

from spasm.content.red_flags import CHECK_QUESTIONS
from spasm.extensions import db
from spasm.models import Profile
from spasm.rules import red_flags, timer_bounds


def attribute(page: str, name: str) -> dict:
    match = re.search(rf"{name}='([^']*)'", page)
    assert match, name
    return json.loads(html.unescape(match.group(1)))


def test_the_safety_check_carries_the_servers_routing_table(client):
    page = client.get("/relief/safety-check").get_data(as_text=True)
    table = attribute(page, "data-routing")
    assert table == red_flags.routing_table()
    assert set(table["answers"]) == {q.key for q in CHECK_QUESTIONS}
    assert 'data-outbox="safety-check"' in page
    assert 'data-then="/relief/safety-check/more"' in page and 'data-red-flags="/red-flags"' in page


@pytest.mark.parametrize(
    "answers",
    [{}, {"bladder_bowel": True}, {q.key: True for q in CHECK_QUESTIONS}, {q.key: False for q in CHECK_QUESTIONS}],
)
def test_the_table_routes_as_the_server_does(answers):
    table = red_flags.routing_table()
    levels = {table["answers"][q].get("yes") for q, yes in answers.items() if yes}
    first = next((level for level in table["order"] if level in levels), None)
    assert first == red_flags.urgency_for(answers)


def start_plans(page: str) -> dict:
    """Each start form's plan, by its kind and the length it sends ("" for
    none, "typed" for a length the person types)."""
    plans = {}
    for form in re.findall(r"<form[^>]*data-timer-plan='[^']*'[^>]*>.*?</form>", page, re.S):
        kind = re.search(r'name="kind" value="(\w+)"', form).group(1)
        length = re.search(r'type="hidden" name="minutes" value="(\d+)"', form)
        key = "typed" if 'type="number"' in form else length.group(1) if length else ""
        plans[kind, key] = attribute(form, "data-timer-plan")
    return plans


@pytest.mark.parametrize("path", ["/relief/heat-cold", "/relief/position", "/timer"])
def test_each_start_carries_the_servers_plan(client, path):
    plans = start_plans(client.get(path).get_data(as_text=True))
    for kind in ("heat", "cold"):
        minutes = timer_bounds.DEFAULT_MINUTES[kind]
        length = "" if path == "/relief/position" else str(minutes)
        assert plans[kind, length] == {"title": f"{kind.capitalize()} timer", "seconds": minutes * 60}
    if path != "/timer":
        return
    contrast = timer_bounds.plan("contrast")
    assert plans["contrast", ""] == {
        "title": "Cold, then heat",
        "seconds": contrast.planned_seconds,
        "cold": contrast.cold_phase_seconds,
        "heat": contrast.heat_phase_seconds,
    }
    assert plans["movement", ""] == {"title": "Movement reminder", "seconds": 30 * 60}
    # A typed length: the seconds of one minute, up to the bound.
    assert plans["cold", "typed"] == {"title": "Cold timer", "seconds": 60, "max": timer_bounds.MAX_MINUTES["cold"]}


def test_a_start_says_when_this_device_turned_the_sound_off(app, client):
    client.post("/timer", data={"kind": "movement"})
    with app.app_context():
        db.session.scalar(select(Profile)).sound_on = False
        db.session.commit()
    plans = start_plans(client.get("/relief/heat-cold").get_data(as_text=True))
    assert plans["heat", "20"]["sound"] is False


def test_timer_plans_follow_the_test_shortening(app, client):
    app.config["TIMER_TEST_SECONDS"] = 3
    plans = start_plans(client.get("/timer").get_data(as_text=True))
    assert plans["cold", "15"]["seconds"] == 3
    assert (plans["contrast", ""]["cold"], plans["contrast", ""]["heat"]) == (3, 3)


@pytest.mark.parametrize(
    ("path", "kinds"),
    [
        # The start, and the first card it carries: heat and cold, and the
        # stop of its blank running panel.
        ("/", ["episode", "timer-start", "timer-start", "timer-stop"]),
        ("/relief/position", ["timer-start", "timer-start", "timer-stop"]),
        # The quick answers, and the picked time (kept only with no signal).
        ("/relief/onset", ["onset", "onset"]),
        ("/relief/safety-check", ["safety-check"]),
        ("/relief/check-in", ["check-in"]),
        # The two starts, and the stops of the blank running panel (and, on
        # the timer page, of the blank movement card).
        ("/relief/heat-cold", ["timer-start", "timer-start", "timer-stop"]),
        ("/timer", ["timer-start"] * 6 + ["timer-stop", "timer-stop"]),
    ],
)
def test_the_writes_of_the_flow_go_through_the_outbox(client, path, kinds):
    page = client.get(path).get_data(as_text=True)
    assert re.findall(r'data-outbox="([^"]+)"', page) == kinds


def test_the_blank_running_panel_is_inert_until_used(client):
    page = client.get("/relief/heat-cold").get_data(as_text=True)
    template = re.search(r'<template data-timer-blank="skin"[^>]*>(.*?)</template>', page, re.S)
    assert template and 'action="/timer/stop"' in template.group(1)
    assert 'id="timer-panel" data-timer-panel data-local' in template.group(1)
    assert "data-timer-id" not in page


def test_a_picked_onset_goes_through_the_outbox_only_with_no_signal(client):
    page = client.get("/relief/onset").get_data(as_text=True)
    (form,) = re.findall(r'<form[^>]*data-outbox-when="offline"[^>]*>', page)
    assert 'data-outbox="onset"' in form and 'data-then="/relief/safety-check"' in form
    assert 'data-outbox-what="The time you picked for when it started"' in form


def test_the_movement_reminder_starts_from_the_rendered_plan(client):
    page = client.get("/timer").get_data(as_text=True)
    start = re.search(r'<form class="timer-start"[^>]*>\s*<input type="hidden" name="kind" value="movement">', page)
    assert start and 'data-outbox="timer-start"' in start.group(0)
    assert attribute(start.group(0), "data-timer-plan")["seconds"] == 30 * 60
    template = re.search(r'<template data-timer-blank="movement">(.*?)</template>', page, re.S)
    assert template and 'name="kind" value="movement"' in template.group(1)


def test_the_note_form_goes_through_the_outbox(app, client):
    client.post("/episodes")
    page = client.get("/history").get_data(as_text=True)
    episode_id = re.search(r'href="/history/(\d+)"', page).group(1)
    page = client.get(f"/history/{episode_id}").get_data(as_text=True)
    assert re.findall(r'data-outbox="([^"]+)"', page).count("note") == 1
