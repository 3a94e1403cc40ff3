"""What the pages give the phone to answer taps with no signal: the server's
own rules as data, and forms the outbox keeps."""

import html
import json
import re

import pytest

from spasm.content.red_flags import CHECK_QUESTIONS
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


@pytest.mark.parametrize("path", ["/relief/heat-cold", "/timer"])
def test_timer_plans_are_the_servers_plans(client, path):
    data = attribute(client.get(path).get_data(as_text=True), "data-timer-plans")
    plans = data["plans"]
    for kind, limit in timer_bounds.MAX_MINUTES.items():
        assert set(plans[kind]) == {"", *map(str, range(timer_bounds.MIN_MINUTES, limit + 1))}
        assert plans[kind][str(limit)] == {"seconds": limit * 60}
        assert plans[kind][""] == {"seconds": timer_bounds.DEFAULT_MINUTES[kind] * 60}
    contrast = timer_bounds.plan("contrast")
    assert plans["contrast"][""] == {
        "seconds": contrast.planned_seconds,
        "cold": contrast.cold_phase_seconds,
        "heat": contrast.heat_phase_seconds,
    }
    assert data["titles"]["cold"] == "Cold timer"


def test_timer_plans_follow_the_test_shortening(app, client):
    app.config["TIMER_TEST_SECONDS"] = 3
    data = attribute(client.get("/timer").get_data(as_text=True), "data-timer-plans")
    assert data["plans"]["cold"]["15"] == {"seconds": 3}


@pytest.mark.parametrize(
    ("path", "kinds"),
    [
        # The start, and the first card it carries: heat and cold, and the
        # stops of its inert timer cards.
        ("/", ["episode", "timer-start", "timer-start", "timer-stop", "timer-stop"]),
        ("/relief/position", ["timer-start", "timer-start", "timer-stop", "timer-stop"]),
        # The quick answers, and the picked time (kept only with no signal).
        ("/relief/onset", ["onset", "onset"]),
        ("/relief/safety-check", ["safety-check"]),
        ("/relief/check-in", ["check-in"]),
        # The two starts, and the stops of the phone's inert timer cards.
        ("/relief/heat-cold", ["timer-start", "timer-start", "timer-stop", "timer-stop"]),
        ("/timer", ["timer-start"] * 6 + ["timer-stop", "timer-stop"]),
    ],
)
def test_the_writes_of_the_flow_go_through_the_outbox(client, path, kinds):
    page = client.get(path).get_data(as_text=True)
    assert re.findall(r'data-outbox="([^"]+)"', page) == kinds


def test_the_local_timer_card_is_inert_until_used(client):
    page = client.get("/relief/heat-cold").get_data(as_text=True)
    template = re.search(r"<template data-timer-local-card[^>]*>(.*?)</template>", page, re.S)
    assert template and 'action="/timer/stop"' in template.group(1)
    assert "data-timer-id" not in page


def test_a_picked_onset_goes_through_the_outbox_only_with_no_signal(client):
    page = client.get("/relief/onset").get_data(as_text=True)
    (form,) = re.findall(r'<form[^>]*data-outbox-when="offline"[^>]*>', page)
    assert 'data-outbox="onset"' in form and 'data-then="/relief/safety-check"' in form
    assert 'data-outbox-what="The time you picked for when it started"' in form


def test_the_movement_reminder_starts_from_the_rendered_plan(client):
    page = client.get("/timer").get_data(as_text=True)
    assert attribute(page, "data-timer-plans")["plans"]["movement"] == {"": {"seconds": 30 * 60}}
    start = re.search(r'<form class="timer-start"[^>]*>\s*<input type="hidden" name="kind" value="movement">', page)
    assert start and 'data-outbox="timer-start"' in start.group(0)
    template = re.search(r"<template data-timer-local-movement>(.*?)</template>", page, re.S)
    assert template and 'name="kind" value="movement"' in template.group(1)


def test_the_note_form_goes_through_the_outbox(app, client):
    client.post("/episodes")
    page = client.get("/history").get_data(as_text=True)
    episode_id = re.search(r'href="/history/(\d+)"', page).group(1)
    page = client.get(f"/history/{episode_id}").get_data(as_text=True)
    assert re.findall(r'data-outbox="([^"]+)"', page).count("note") == 1
