"""The /timer pages: starting, stopping, settling and refusing timers."""

import re
from datetime import timedelta

import pytest
from flask import render_template_string
from sqlalchemy import select

from spasm.extensions import db
from spasm.models import Episode, Profile, TimerRun
from tests.conftest import CROSS_SITE, HTMX, T0, count


def runs(app) -> list[TimerRun]:
    with app.app_context():
        rows = db.session.scalars(select(TimerRun).order_by(TimerRun.id)).all()
        db.session.expunge_all()
        return rows


def start(client, headers=None, **data):
    return client.post("/timer", data=data, headers={**(headers or {})})


def shown_html(html: str) -> str:
    """The page without its <template>s, which stay inert until a script uses them."""
    return re.sub(r"<template[^>]*>.*?</template>", "", html, flags=re.S)


def shown(response) -> str:
    return shown_html(response.get_data(as_text=True))


def device_cookie(client) -> dict:
    return {"Cookie": f"spasm_device={client.get_cookie('spasm_device').value}"}


# ---- The page ----


@pytest.mark.parametrize("headers", [{}, HTMX])
def test_idle_page_and_fragment_offer_heat_and_cold(client, headers):
    response = client.get("/timer", headers=headers)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "public, max-age=300"
    assert "HX-Request" in response.headers["Vary"]
    assert ("<html" in html) is (headers == {})
    assert 'id="timer-panel"' in html and "data-server-now=" not in html
    assert "Start heat · 20 min" in html and "Start cold · 15 min" in html
    # The skin rules are shown with the timer, with their sources.
    assert "in a cloth" in html and "Never fall asleep with heat on" in html and "numb" in html
    assert 'class="sources"' in html


def test_the_page_is_personal_and_kept_out_of_htmx_history(client):
    html = client.get("/timer").get_data(as_text=True)
    assert re.search(r"<body[^>]*hx-history=\"false\"", html)


def test_reading_the_page_creates_no_profile(app, client):
    client.get("/timer")
    assert count(app, Profile) == 0


def primary_button(html: str) -> str:
    return re.search(r'class="btn btn-primary" type="submit">([^<]+)<', html).group(1)


def test_heat_is_the_big_button_unless_cold_is_asked_for(client):
    assert primary_button(client.get("/timer").get_data(as_text=True)).startswith("Start heat")
    assert primary_button(client.get("/timer?kind=heat").get_data(as_text=True)).startswith("Start heat")
    assert primary_button(client.get("/timer?kind=cold").get_data(as_text=True)).startswith("Start cold")


def test_other_choices_open_when_asked_for(client):
    assert '<details class="timer-more" open>' in client.get("/timer?kind=contrast").get_data(as_text=True)
    assert '<details class="timer-more">' in client.get("/timer?kind=nonsense").get_data(as_text=True)


def test_defaults_follow_the_settings_within_the_bounds(app, client, clock):
    start(client, kind="movement")  # creates the profile
    with app.app_context():
        profile = db.session.scalar(select(Profile))
        profile.heat_minutes, profile.cold_minutes = 25, 99
        db.session.commit()
    html = client.get("/timer").get_data(as_text=True)
    assert "Start heat · 25 min" in html and "Start cold · 15 min" in html
    start(client, kind="heat")
    assert runs(app)[-1].planned_seconds == 25 * 60


# ---- Starting ----


@pytest.mark.parametrize(
    ("kind", "minutes", "seconds"),
    [("heat", "20", 1200), ("cold", "15", 900), ("cold", "20", 1200), ("heat", "30", 1800)],
)
def test_start_saves_absolute_times_and_redirects_to_the_running_timer(app, client, clock, kind, minutes, seconds):
    response = start(client, kind=kind, minutes=minutes)
    assert response.status_code == 303 and response.headers["Location"] == "/timer"
    [run] = runs(app)
    assert (run.kind, run.status, run.planned_seconds) == (kind, "running", seconds)
    assert run.started_at == T0 and run.ends_at == T0 + timedelta(seconds=seconds)
    assert run.ended_at is None and run.episode_id is None
    html = client.get("/timer").get_data(as_text=True)
    assert (
        f'data-ends-at="{(T0 + timedelta(seconds=seconds)).isoformat(timespec="milliseconds").replace("+00:00", "Z")}"'
        in html
    )
    assert 'data-server-now="2026-03-01T12:00:00.000Z"' in html
    assert "Stop early" in html


def test_start_by_htmx_answers_with_the_running_panel(app, client, clock):
    response = start(client, headers=HTMX, kind="cold", minutes="15")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in html
    assert response.headers["Cache-Control"] == "no-store"
    assert 'id="timer-panel"' in html and 'data-kind="cold"' in html
    assert "15 min" in html and "Wrap ice or a cold pack in a cloth" in html


def test_the_two_starts_come_before_the_evidence_and_the_rules(client):
    html = shown(client.get("/timer"))
    starts = html.index('class="actions timer-starts"')
    assert html.index("<h1>Heat or cold timer</h1>") < starts
    assert starts < html.index("Start heat · 20 min") < html.index("Start cold · 15 min")
    assert html.index("Start cold · 15 min") < html.index('<p class="lead">Heat has the better evidence')
    assert html.index("Start cold · 15 min") < html.index('class="timer-rules"')
    assert html.index("Start cold · 15 min") < html.index("Other lengths and timers")


@pytest.mark.parametrize("headers", [{}, HTMX])
def test_a_timer_just_started_takes_the_focus_and_says_so(client, clock, headers):
    response = start(client, headers=headers, kind="heat", minutes="20")
    # By htmx the answer is the panel; without, the redirect's page.
    html = (response if headers else client.get("/timer")).get_data(as_text=True)
    assert '<h1 id="timer-title" tabindex="-1" autofocus>Heat timer</h1>' in html
    # Without JavaScript the page itself says it; with it (htmx), the phone does.
    line = '<noscript><p class="visually-hidden" role="status">Heat timer started. 20 minutes.</p></noscript>'
    assert (line in html) is (headers == {})
    clock.advance(minutes=1)
    later = client.get("/timer").get_data(as_text=True)
    assert '<h1 id="timer-title" tabindex="-1">Heat timer</h1>' in later
    assert "started. 20 minutes." not in later


def test_a_short_timer_says_minute_not_minutes(client, clock):
    start(client, kind="cold", minutes="1")
    assert "Cold timer started. 1 minute.</p>" in client.get("/timer").get_data(as_text=True)


def carry_on(html: str) -> str:
    found = re.findall(r'<a class="btn btn-block" href="([^"]+)" data-timer-carry-on>Carry on with the steps</a>', html)
    assert len(found) == 1, found
    return found[0]


def test_the_running_timer_leads_on_to_when_it_started_then_past_heat_and_cold(client, clock):
    start(client, kind="heat", minutes="20")
    assert carry_on(shown(client.get("/timer"))) == "/relief/onset"
    client.post("/episodes")
    assert carry_on(shown(client.get("/timer"))) == "/relief/onset"
    client.post("/relief/onset", data={"choice": "just_now"})
    assert carry_on(shown(client.get("/timer"))) == "/relief/breathe"


def test_a_timer_kept_on_the_phone_also_leads_on(client):
    # The page a new device gets (and the copy kept for no signal).
    html = client.get("/timer").get_data(as_text=True)
    assert carry_on(html) == "/relief/onset" and "data-timer-carry-on" not in shown_html(html)
    # On a relief card, the card after it.
    assert carry_on(client.get("/relief/heat-cold").get_data(as_text=True)) == "/relief/breathe"


def test_every_page_has_the_hidden_place_for_the_running_timer(client):
    for path in ("/", "/relief/breathe", "/timer", "/history", "/settings"):
        html = client.get(path).get_data(as_text=True)
        assert '</header>\n  <div class="timer-bar" data-timer-bar hidden></div>' in html, path


def test_start_alias_and_empty_length_use_the_default(app, client, clock):
    client.post("/timer/start", data={"kind": "heat", "minutes": ""})
    assert runs(app)[0].planned_seconds == 20 * 60


def test_without_javascript_the_running_timer_shows_its_end_clock_time(client, clock):
    start(client, kind="cold", minutes="15")
    html = client.get("/timer").get_data(as_text=True)
    assert 'Ends at <time datetime="2026-03-01T12:15:00.000Z" data-local-time>12:15 UTC</time>' in html
    assert "15 min</span>" in html
    assert '<noscript><meta http-equiv="refresh" content="30; url=/timer"></noscript>' in html
    clock.advance(minutes=4, seconds=30)
    assert "11 min</span>" in client.get("/timer").get_data(as_text=True)


def phase_lines(html: str) -> list[str]:
    """The contrast card's lines for each phase that are shown (not hidden)."""
    return re.findall(r'<p class="timer-ends" data-timer-during="(\w+)">', html)


def test_contrast_is_cold_then_a_rest_then_heat(app, client, clock):
    start(client, kind="contrast")
    [run] = runs(app)
    assert (run.cold_phase_seconds, run.heat_phase_seconds, run.planned_seconds) == (900, 600, 2100)
    assert run.ends_at == T0 + timedelta(minutes=35)
    html = client.get("/timer").get_data(as_text=True)
    assert '<p class="timer-phase timer-phase-cold" data-timer-phase>Cold now</p>' in html
    assert phase_lines(html) == ["cold"] and 'data-cold-phase="900"' in html and "15 min</span>" in html
    assert 'Take the cold off at <time datetime="2026-03-01T12:15:00.000Z" data-local-time>12:15 UTC</time>' in html
    assert "Then let your skin warm up." in html

    # The end of the cold: nothing on the skin until the heat may go on.
    clock.advance(minutes=15)
    html = client.get("/timer").get_data(as_text=True)
    assert '<p class="timer-phase timer-phase-rest" data-timer-phase>Rest your skin</p>' in html
    assert "Heat now" not in html and "10 min</span>" in html
    assert phase_lines(html) == ["rest"]
    assert 'Put the heat on at <time datetime="2026-03-01T12:25:00.000Z" data-local-time>12:25 UTC</time>' in html

    clock.advance(minutes=9, seconds=59)
    assert "Rest your skin</p>" in client.get("/timer").get_data(as_text=True)

    clock.advance(seconds=1)
    html = client.get("/timer").get_data(as_text=True)
    assert '<p class="timer-phase timer-phase-heat" data-timer-phase>Heat now</p>' in html
    assert phase_lines(html) == ["heat"] and "Put the heat on now, wrapped in a towel." in html
    assert "10 min</span>" in html

    clock.advance(minutes=10)
    html = shown(client.get("/timer"))
    assert "data-timer-phase" not in html and "Cold, then heat has ended." in html
    assert [s.status for s in runs(app)] == ["completed"]


def test_a_contrast_session_stored_without_a_rest_still_runs(app, client, clock):
    start(client, kind="contrast")
    with app.app_context():
        run = db.session.scalar(select(TimerRun))
        run.planned_seconds, run.ends_at = 1500, T0 + timedelta(minutes=25)
        db.session.commit()
    clock.advance(minutes=15)
    html = client.get("/timer").get_data(as_text=True)
    assert "Heat now</p>" in html and "Rest your skin" not in html and "10 min</span>" in html
    clock.advance(minutes=10)
    assert "has ended." in client.get("/timer").get_data(as_text=True)
    assert [s.status for s in runs(app)] == ["completed"]


def test_movement_reminder_runs_beside_a_skin_timer(app, client, clock):
    start(client, kind="movement")
    start(client, kind="heat")
    kinds = [(s.kind, s.status, s.ends_at) for s in runs(app)]
    assert kinds == [("movement", "running", None), ("heat", "running", T0 + timedelta(minutes=20))]
    clock.advance(minutes=40)
    html = client.get("/timer").get_data(as_text=True)
    assert "Movement reminder" in html and "Next in" in html and "20 min</span>" in html
    assert "Stop reminders" in html
    # The heat timer ran out; the reminder keeps going until stopped.
    assert [s.status for s in runs(app)] == ["running", "completed"]


@pytest.mark.parametrize("kind", ["heat", "cold", "contrast", "movement"])
def test_a_double_tap_starts_only_one(app, client, clock, kind):
    first = start(client, kind=kind)
    clock.advance(seconds=1)
    second = start(client, kind=kind, minutes="10")
    assert first.status_code == second.status_code == 303
    [run] = runs(app)
    assert run.started_at == T0


def test_a_different_skin_timer_must_be_stopped_first(app, client, clock):
    start(client, kind="cold")
    for headers in ({}, HTMX):
        response = start(client, headers=headers, kind="heat")
        html = response.get_data(as_text=True)
        assert response.status_code == 409
        assert "A cold timer is running. Stop it first to start heat." in html
        assert 'data-kind="cold"' in html
    assert [s.kind for s in runs(app)] == ["cold"]


def test_a_new_timer_may_start_after_the_other_ended(app, client, clock):
    start(client, kind="cold", minutes="1")
    clock.advance(minutes=2)
    start(client, kind="heat")
    assert [(s.kind, s.status) for s in runs(app)] == [("cold", "completed"), ("heat", "running")]


def test_a_racing_second_start_removes_itself(app, client, clock):
    """Two requests that both passed the 'already running?' check."""
    from spasm.timers import service as timer_runs

    start(client, kind="heat")
    with app.test_request_context("/timer", method="POST", headers=device_cookie(client)):
        original = timer_runs._running_in_group
        calls = []

        def blind_first_time(kind):
            calls.append(kind)
            return [] if len(calls) == 1 else original(kind)

        timer_runs._running_in_group = blind_first_time
        try:
            winner = timer_runs.start(timer_runs.plan_for("heat", None))
        finally:
            timer_runs._running_in_group = original
        assert winner.started_at == T0
    assert len(runs(app)) == 1


# ---- Refused starts ----


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"kind": "cold", "minutes": "21"}, "Cold is limited to 20 minutes at a time, to protect your skin."),
        ({"kind": "cold", "minutes": "25"}, "Cold is limited to 20 minutes at a time, to protect your skin."),
        ({"kind": "heat", "minutes": "31"}, "Heat is limited to 30 minutes at a time, to protect your skin."),
        ({"kind": "heat", "minutes": "0"}, "The length must be at least 1 minute."),
        ({"kind": "cold", "minutes": "-3"}, "The length must be at least 1 minute."),
        ({"kind": "cold", "minutes": "ten"}, "Enter the length as a whole number of minutes."),
        ({"kind": "heat", "minutes": "9" * 400}, "Heat is limited to 30 minutes"),
        ({"kind": "sauna", "minutes": "10"}, "That kind of timer does not exist."),
        ({"minutes": "10"}, "That kind of timer does not exist."),
        ({"kind": "heat\x00", "minutes": "10"}, "Remove the hidden characters."),
        ({"kind": "cold", "minutes": "5\x00"}, "Enter the length as a whole number of minutes."),
        # A length that reads as a number still holds a hidden character.
        ({"kind": "cold", "minutes": "5\x1f"}, "Remove the hidden characters."),
        # Contrast ignores the length, but not what it holds.
        ({"kind": "contrast", "minutes": "\x00"}, "Remove the hidden characters."),
    ],
)
@pytest.mark.parametrize("headers", [{}, HTMX])
def test_refused_starts_say_why_and_save_nothing(app, client, clock, data, message, headers):
    response = start(client, headers=headers, **data)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in html
    assert ("<html" in html) is (headers == {})
    assert count(app, TimerRun) == 0 and count(app, Profile) == 0


def test_stopping_by_kind_reads_the_form_fields_only(app, client, clock):
    start(client, kind="cold", minutes="10")
    response = client.post("/timer/stop", data={"kind": "lava"})
    assert response.status_code == 422
    assert "That kind of timer does not exist." in response.get_data(as_text=True)
    # The phone sends a plain form: a JSON body names no kind, as before.
    assert client.post("/timer/stop", json={"kind": "cold"}).status_code == 422
    assert [run.status for run in runs(app)] == ["running"]
    assert client.post("/timer/stop", data={"kind": " cold "}).status_code == 303
    assert [run.status for run in runs(app)] == ["stopped"]


def test_a_refused_length_is_shown_beside_its_field(client, clock):
    html = start(client, kind="cold", minutes="25").get_data(as_text=True)
    assert '<details class="timer-more" open>' in html
    assert re.search(r'id="minutes-cold"[^>]*value="25"[^>]*aria-invalid="true"', html)
    assert 'id="minutes-cold-error" role="alert"' in html


def test_a_refused_start_leaves_the_running_timer_alone(app, client, clock):
    start(client, kind="cold", minutes="10")
    assert start(client, kind="cold", minutes="25").status_code == 422
    [run] = runs(app)
    assert (run.planned_seconds, run.status) == (600, "running")


def test_a_cross_site_start_is_refused(app, client, clock):
    response = client.post("/timer", data={"kind": "heat", "minutes": "20"}, headers=CROSS_SITE)
    assert response.status_code == 403
    assert count(app, TimerRun) == 0


# ---- Stopping ----


@pytest.mark.parametrize("headers", [{}, HTMX])
def test_stop_early_is_logged(app, client, clock, headers):
    start(client, kind="heat", minutes="20")
    [run] = runs(app)
    clock.advance(minutes=4)
    response = client.post(f"/timer/{run.id}/stop", headers={**headers})
    [stopped] = runs(app)
    assert (stopped.status, stopped.ended_at) == ("stopped", T0 + timedelta(minutes=4))
    if headers:
        html = response.get_data(as_text=True)
        assert response.status_code == 200 and "<html" not in html
    else:
        assert response.status_code == 303
        assert response.headers["Location"] == f"/timer?stopped={run.id}"
        html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Heat timer stopped after 4 minutes." in html
    assert "Start heat · 20 min" in html


def test_stopping_another_devices_timer_is_not_found(app, client, other_client, clock):
    start(client, kind="cold")
    [run] = runs(app)
    response = other_client.post(f"/timer/{run.id}/stop")
    assert response.status_code == 404
    assert runs(app)[0].status == "running" and runs(app)[0].ended_at is None
    assert "Stop early" not in shown(other_client.get("/timer"))


def test_stopping_a_timer_that_does_not_exist_is_not_found(client):
    assert client.post("/timer/999/stop").status_code == 404


@pytest.mark.parametrize("headers", [{}, HTMX])
def test_stopping_a_stopped_timer_changes_nothing(app, client, clock, headers):
    start(client, kind="heat")
    [run] = runs(app)
    client.post(f"/timer/{run.id}/stop")
    clock.advance(minutes=3)
    response = client.post(f"/timer/{run.id}/stop", headers={**headers})
    assert response.status_code == 409
    assert "This timer has already ended. Nothing was changed." in response.get_data(as_text=True)
    assert runs(app)[0].ended_at == T0


def test_stopping_a_timer_that_ran_out_keeps_it_completed(app, client, clock):
    start(client, kind="cold", minutes="15")
    [run] = runs(app)
    clock.advance(minutes=16)
    response = client.post(f"/timer/{run.id}/stop")
    assert response.status_code == 409
    [after] = runs(app)
    assert (after.status, after.ended_at) == ("completed", T0 + timedelta(minutes=15))


def test_a_cross_site_stop_is_refused(app, client, clock):
    start(client, kind="heat")
    [run] = runs(app)
    assert client.post(f"/timer/{run.id}/stop", headers=CROSS_SITE).status_code == 403
    assert runs(app)[0].status == "running"


def test_movement_reminder_is_stopped_by_the_person(app, client, clock):
    start(client, kind="movement")
    [run] = runs(app)
    clock.advance(hours=5)
    assert runs(app)[0].status == "running"
    client.post(f"/timer/{run.id}/stop")
    assert (runs(app)[0].status, runs(app)[0].ended_at) == ("stopped", T0 + timedelta(hours=5))


# ---- Settling and logging ----


def test_an_expired_session_is_settled_as_completed_at_its_end(app, client, clock):
    start(client, kind="cold", minutes="15")
    clock.advance(hours=2)
    html = client.get("/timer").get_data(as_text=True)
    [run] = runs(app)
    assert (run.status, run.ended_at) == ("completed", T0 + timedelta(minutes=15))
    assert "Stop early" not in shown_html(html) and "Start cold" in html


def test_a_timer_that_just_ran_out_says_take_it_off(client, clock):
    start(client, kind="cold", minutes="15")
    clock.advance(minutes=16)
    html = client.get("/timer").get_data(as_text=True)
    assert re.search(r'class="card timer-finished".*Cold timer has ended\..*Take it off now\.', html, flags=re.S)
    clock.advance(minutes=30)
    # (The read-aloud bar carries its spoken end lines on every page.)
    assert "timer-finished" not in shown(client.get("/timer"))


def test_the_session_is_linked_to_the_open_episode(app, client, clock):
    client.post("/timer", data={"kind": "movement"})
    with app.app_context():
        profile = db.session.scalar(select(Profile))
        episode = Episode(profile_id=profile.id, started_at=T0)
        db.session.add(episode)
        db.session.commit()
        episode_id = episode.id
    start(client, kind="heat")
    movement, heat = runs(app)
    assert movement.episode_id is None and heat.episode_id == episode_id


def test_an_ended_episode_gets_no_new_sessions(app, client, clock):
    client.post("/timer", data={"kind": "movement"})
    with app.app_context():
        profile = db.session.scalar(select(Profile))
        db.session.add(Episode(profile_id=profile.id, started_at=T0, ended_at=T0))
        db.session.commit()
    start(client, kind="heat")
    assert runs(app)[-1].episode_id is None


# ---- Cold rest warning: a warning, never a block ----


def test_cold_soon_after_cold_warns_but_starts(app, client, clock):
    start(client, kind="cold", minutes="10")
    clock.advance(minutes=22)  # ended 12 minutes ago
    html = client.get("/timer").get_data(as_text=True)
    assert (
        "Let your skin rest 2 hours between cold sessions. You can use cold again at "
        '<time datetime="2026-03-01T14:10:00.000Z" data-local-time>14:10 UTC</time>, in 1 hour 48 minutes.'
    ) in html
    response = start(client, kind="cold", minutes="10")
    assert response.status_code == 303
    assert [s.status for s in runs(app)] == ["completed", "running"]
    html = client.get("/timer").get_data(as_text=True)
    assert "This started less than 2 hours after the last cold. Check your skin often." in html


def test_the_cold_rest_warning_lasts_until_2_hours_after_the_cold(client, clock):
    start(client, kind="cold", minutes="10")
    clock.advance(minutes=10 + 119, seconds=59)
    assert "You can use cold again at" in client.get("/timer").get_data(as_text=True)
    assert ", in 1 minute.</p>" in client.get("/timer").get_data(as_text=True)
    clock.advance(seconds=1)
    assert "You can use cold again" not in client.get("/timer").get_data(as_text=True)


def test_no_warning_after_a_long_enough_rest(client, clock):
    start(client, kind="cold", minutes="10")
    clock.advance(minutes=10 + 120)
    assert "before using cold" not in client.get("/timer").get_data(as_text=True)
    assert "You can use cold again" not in client.get("/timer").get_data(as_text=True)
    start(client, kind="cold", minutes="10")
    assert "Check your skin often." not in client.get("/timer").get_data(as_text=True)


def test_the_cold_rest_after_contrast_counts_from_the_end_of_its_cold(client, clock):
    start(client, kind="contrast")  # cold until 12:15, then rest, then heat until 12:35
    clock.advance(minutes=50)  # after the "has ended" notice
    html = client.get("/timer").get_data(as_text=True)
    assert '<time datetime="2026-03-01T14:15:00.000Z" data-local-time>14:15 UTC</time>, in 1 hour 25 minutes.' in html
    clock.advance(minutes=85)
    assert "You can use cold again" not in client.get("/timer").get_data(as_text=True)


def test_heat_after_cold_needs_no_warning(client, clock):
    start(client, kind="cold", minutes="10")
    clock.advance(minutes=11)
    start(client, kind="heat")
    assert "Check your skin often." not in client.get("/timer").get_data(as_text=True)


# ---- Test-only short timers ----


def test_short_test_timers_only_while_testing(app, client, clock):
    app.config["TIMER_TEST_SECONDS"] = 3
    start(client, kind="cold", minutes="15")
    assert runs(app)[0].planned_seconds == 3


def test_production_ignores_the_test_length(app, client):
    app.config["TIMER_TEST_SECONDS"] = 3
    app.testing = False
    start(client, kind="cold", minutes="15")
    [run] = runs(app)
    assert run.planned_seconds == 900
    assert run.ends_at - run.started_at == timedelta(minutes=15)


# ---- One-tap starts for the relief flow ----


def render_quick_start(app, client=None):
    """The quick start as the heat-cold step renders it, for this device."""
    from spasm.relief import STEP_CONTEXT

    with app.test_request_context("/relief/heat-cold", headers=device_cookie(client) if client else None):
        context = STEP_CONTEXT["heat-cold"](None)
        return render_template_string('{% include "timer/_quick_start.html" %}', **context)


def test_quick_start_renders_without_a_profile(app):
    html = render_quick_start(app)
    assert "Start heat · 20 min" in html and "Start cold · 15 min" in html
    assert 'name="next" value="/timer"' in html and 'action="/timer"' in html
    assert 'name="minutes" value="20"' in html and 'name="minutes" value="15"' in html
    assert "hx-post" not in html
    assert count(app, Profile) == 0


def test_quick_start_uses_this_devices_lengths(app, client, clock):
    start(client, kind="movement")
    with app.app_context():
        db.session.scalar(select(Profile)).cold_minutes = 12
        db.session.commit()
    assert "Start cold · 12 min" in render_quick_start(app, client)


def test_quick_start_lands_on_the_running_timer(app, client, clock):
    response = client.post("/timer", data={"kind": "heat", "minutes": "20", "next": "/timer"})
    assert response.status_code == 303 and response.headers["Location"] == "/timer"
    assert 'data-kind="heat"' in client.get("/timer").get_data(as_text=True)


@pytest.mark.parametrize("target", ["//evil.example/x", "https://evil.example/", "/\\evil"])
def test_next_never_leaves_the_site(client, clock, target):
    response = start(client, kind="heat", next=target)
    assert response.headers["Location"] == "/timer"


def test_quick_movement_start_renders(app):
    with app.test_request_context("/relief/move"):
        html = render_template_string('{% include "timer/_quick_movement.html" %}')
    assert 'name="kind" value="movement"' in html and 'name="next" value="/timer"' in html


def test_timer_page_has_no_inline_script_or_style(client, clock):
    start(client, kind="contrast")
    start(client, kind="movement")
    html = client.get("/timer").get_data(as_text=True)
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert "<style" not in html and " style=" not in html and "hx-on" not in html
