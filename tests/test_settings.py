"""Settings on the device profile, and deleting everything."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from spasm.extensions import db
from spasm.models import CheckIn, Episode, Note, Profile, RedFlagAnswer, TimerRun
from tests.conftest import CROSS_SITE, HTMX, make_app
from tests.test_history import NOW, SETTINGS, add_episode, count, make_device

ALL_TABLES = (Profile, Episode, CheckIn, TimerRun, RedFlagAnswer, Note)


def html_of(response) -> str:
    return response.get_data(as_text=True)


def profile_of(app, profile_id: int) -> Profile:
    with app.app_context():
        return db.session.get(Profile, profile_id)


def save(client, **changes):
    return client.post("/settings", data={**SETTINGS, **changes})


# --- The form ----------------------------------------------------------------


def test_settings_page_and_fragment_for_a_new_device(client):
    response = client.get("/settings")
    html = html_of(response)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    assert 'hx-history="false"' in html and " style=" not in html
    # "Where my phone is", the timer defaults and "auto" are preselected.
    assert '<option value="auto" selected>' in html
    assert re.search(r'id="heat_minutes"[^>]*value="20"', html, re.S)
    assert re.search(r'id="cold_minutes"[^>]*value="15"', html, re.S)
    assert re.search(r'name="theme" value="auto" checked', html)
    assert "Now: <strong data-emergency-text>112</strong>" in html
    fragment = client.get("/settings", headers=HTMX)
    assert fragment.status_code == 200 and "<html" not in html_of(fragment) and 'id="settings"' in html_of(fragment)


def test_without_javascript_the_number_shown_is_the_deployments(database_uri):
    client = make_app(database_uri, REGION="uk").test_client()
    html = html_of(client.get("/settings"))
    assert '<option value="auto" selected>' in html and "Now: <strong data-emergency-text>999</strong>" in html


def test_the_place_list_has_every_region_after_where_my_phone_is(client):
    html = html_of(client.get("/settings"))
    values = re.findall(r'<option value="([a-z]+)"', html)
    assert values == ["auto", "eu", "uk", "ie", "us", "ca", "au", "nz", "other"]
    assert "New Zealand (111)" in html and "Ireland (112)" in html


def test_choosing_where_my_phone_is_stores_no_region(app, client):
    save(client, region="uk")
    save(client, region="auto")
    with app.app_context():
        assert db.session.scalar(select(Profile.region)) is None
    html = html_of(client.get("/settings"))
    assert '<meta name="spasm-emergency-number" content="" data-region="">' in html


def test_saving_stores_everything_and_applies_it_on_every_page(app, client):
    response = save(
        client,
        region="au",
        emergency_number=" +61 2-9999 ",
        heat_minutes="30",
        cold_minutes="1",
        sound="off",
        text_size="larger",
        theme="dark",
    )
    assert response.status_code == 303 and response.headers["Location"] == "/settings"
    with app.app_context():
        profile = db.session.scalar(select(Profile))
        assert (profile.region, profile.emergency_number, profile.heat_minutes, profile.cold_minutes) == (
            "au",
            "+6129999",
            30,
            1,
        )
        assert (profile.sound_on, profile.text_size, profile.theme) == (False, "larger", "dark")
    html = html_of(client.get("/settings"))
    assert "Settings saved." in html
    assert '<html lang="en" data-theme="dark" data-text-size="larger">' in html
    assert '<meta name="spasm-emergency-number" content="+6129999" data-region="au">' in html
    assert re.search(r'name="sound" value="off" checked', html)
    assert '<html lang="en" data-theme="dark" data-text-size="larger">' in html_of(client.get("/history"))


def test_a_chosen_region_gives_its_number_to_the_red_flag_page(client):
    save(client, region="uk")
    html = html_of(client.get("/settings"))
    assert '<meta name="spasm-emergency-number" content="999" data-region="uk">' in html
    assert "Now: <strong data-emergency-text>999</strong>" in html


def test_the_lengths_shown_are_the_ones_a_timer_starts_with(app, client):
    save(client, heat_minutes="25")
    with app.app_context():
        # A length stored under an older, wider bound.
        db.session.scalar(select(Profile)).cold_minutes = 99
        db.session.commit()
    html = html_of(client.get("/settings"))
    assert re.search(r'id="heat_minutes"[^>]*value="25"', html, re.S)
    assert re.search(r'id="cold_minutes"[^>]*value="15"', html, re.S)


def test_saving_twice_keeps_one_profile(app, client):
    save(client, theme="light")
    save(client, theme="dark")
    assert count(app, Profile) == 1
    with app.app_context():
        assert db.session.scalar(select(Profile.theme)) == "dark"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"emergency_number": "11two"}, "Letters cannot be dialled."),
        ({"emergency_number": "call 911"}, "Letters cannot be dialled."),
        ({"emergency_number": "1"}, "Enter 2 to 15 digits."),
        ({"emergency_number": "1234567890123456"}, "Enter 2 to 15 digits."),
        ({"emergency_number": "11+2"}, "A + is fine at the start."),
        ({"emergency_number": "112#"}, "Use digits only"),
        ({"heat_minutes": "31"}, "Heat is limited to 30 minutes"),
        ({"cold_minutes": "21"}, "Cold is limited to 20 minutes"),
        ({"heat_minutes": "0"}, "at least 1 minute"),
        ({"cold_minutes": "ten"}, "whole number of minutes"),
        ({"cold_minutes": ""}, "whole number of minutes"),
        ({"theme": "neon"}, "Choose one of the colour options."),
        ({"text_size": "huge"}, "Choose a text size from the list."),
        ({"region": "mars"}, "Choose a place from the list."),
        ({"sound": "loud"}, "Choose on or off."),
    ],
)
def test_bad_settings_get_a_message_and_nothing_is_saved(app, client, changes, message):
    profile_id = make_device(app, client)
    before = profile_of(app, profile_id)
    for headers, marker in (({}, "<html"), (HTMX, 'id="settings"')):
        response = client.post("/settings", data={**SETTINGS, "theme": "dark", **changes}, headers=headers)
        html = html_of(response)
        assert response.status_code == 422
        assert message in html and marker in html and "Nothing was saved." in html
        assert 'class="field-error"' in html
    after = profile_of(app, profile_id)
    assert (after.theme, after.region, after.heat_minutes, after.emergency_number) == (
        before.theme,
        before.region,
        before.heat_minutes,
        before.emergency_number,
    )


def test_a_refused_form_shows_back_what_was_typed(client):
    response = save(client, emergency_number="11 two", heat_minutes=" 31 ", help_contact_name="  Sam ")
    html = html_of(response)
    assert response.status_code == 422
    # As typed, not as the checks left it: the person sees their own input to mend.
    assert re.search(r'id="emergency_number"[^>]*value="11 two"', html, re.S)
    assert re.search(r'id="heat_minutes"[^>]*value=" 31 "', html, re.S)
    assert re.search(r'id="help_contact_name"[^>]*value="  Sam "', html, re.S)


def test_bad_settings_on_a_new_device_create_no_profile(app, client):
    response = save(client, heat_minutes="31")
    assert response.status_code == 422
    assert count(app, Profile) == 0


def test_cross_site_settings_are_refused(app, client):
    response = client.post("/settings", data={**SETTINGS, "theme": "dark"}, headers=CROSS_SITE)
    assert response.status_code == 403 and "another website" in html_of(response)
    assert count(app, Profile) == 0


def test_an_empty_emergency_number_means_the_regions(app, client):
    save(client, emergency_number="999")
    save(client, emergency_number="")
    with app.app_context():
        assert db.session.scalar(select(Profile.emergency_number)) is None


# --- Deleting everything -----------------------------------------------------


def rows_of(app, profile_id: int) -> int:
    with app.app_context():
        return sum(
            db.session.scalar(
                select(func.count())
                .select_from(model)
                .where((model.id if model is Profile else model.profile_id) == profile_id)
            )
            for model in ALL_TABLES
        )


@pytest.fixture
def two_devices(app, client, other_client):
    mine, theirs = make_device(app, client), make_device(app, other_client)
    for profile_id in (mine, theirs):
        onset = NOW - timedelta(days=1)
        add_episode(
            app,
            profile_id,
            onset=onset,
            pains=[(onset, 7)],
            red_flags={"fever": "no"},
            timers=[
                {
                    "kind": "heat",
                    "planned_seconds": 600,
                    "started_at": onset,
                    "ends_at": onset + timedelta(minutes=10),
                    "status": "completed",
                    "ended_at": onset + timedelta(minutes=10),
                }
            ],
            notes=[("note", "x")],
        )
        # A timer outside any episode belongs to the profile too.
        with app.app_context():
            db.session.add(TimerRun(profile_id=profile_id, kind="movement", planned_seconds=1800, started_at=NOW))
            db.session.commit()
    return mine, theirs


def test_delete_asks_first(client, two_devices):
    response = client.get("/settings/delete")
    html = html_of(response)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    assert "Delete everything?" in html and "This cannot be undone." in html
    assert 'action="/settings/delete"' in html and 'method="post"' in html
    assert "<html" not in html_of(client.get("/settings/delete", headers=HTMX))


def test_delete_removes_every_row_of_this_device_and_nothing_else(app, client, two_devices):
    mine, theirs = two_devices
    before_theirs = rows_of(app, theirs)
    assert rows_of(app, mine) == before_theirs == 7
    response = client.post("/settings/delete")
    assert response.status_code == 303 and response.headers["Location"] == "/settings/deleted"
    assert response.headers["Clear-Site-Data"] == '"cache", "storage"'
    assert response.headers["Cache-Control"] == "no-store"
    cookies = response.headers.getlist("Set-Cookie")
    assert any(c.startswith("spasm_device=;") and "Max-Age=0" in c for c in cookies)
    assert any(c.startswith("spasm_session=;") for c in cookies)
    assert rows_of(app, mine) == 0
    assert rows_of(app, theirs) == before_theirs
    page = client.get("/settings/deleted")
    assert page.status_code == 200 and "Everything is deleted" in html_of(page)


def test_after_deleting_the_app_works_as_a_new_device(app, client, two_devices):
    mine, _ = two_devices
    client.post("/settings/delete")
    assert "Nothing saved yet." in html_of(client.get("/history"))
    assert '<option value="auto" selected>' in html_of(client.get("/settings"))
    new_profile = make_device(app, client)
    assert new_profile != mine and count(app, Profile) == 2


def test_another_device_deleting_leaves_this_one_alone(app, other_client, two_devices):
    mine, theirs = two_devices
    before = rows_of(app, mine)
    other_client.post("/settings/delete")
    assert rows_of(app, mine) == before and rows_of(app, theirs) == 0


def test_a_cross_site_delete_deletes_nothing(app, client, two_devices):
    mine, _ = two_devices
    response = client.post("/settings/delete", headers=CROSS_SITE)
    assert response.status_code == 403 and "another website" in html_of(response)
    assert rows_of(app, mine) == 7


def test_delete_on_a_device_with_nothing_saved_is_fine(app, two_devices):
    fresh = app.test_client()
    assert "Nothing is saved for this phone yet." in html_of(fresh.get("/settings/delete"))
    response = fresh.post("/settings/delete")
    assert response.status_code == 303
    assert count(app, Profile) == 2
