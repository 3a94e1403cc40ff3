"""The red-flag page: urgency groups in plain words, the number to call, cacheable."""

import re
import secrets

import pytest

from spasm.content.getting_help import WHAT_TO_SAY, WHAT_TO_SAY_TITLE
from spasm.content.red_flags import URGENCIES
from spasm.device import hash_token
from spasm.extensions import db
from spasm.models import Profile
from spasm.red_flags import region_for
from tests.conftest import HTMX, make_app


def page(client, **kwargs) -> str:
    return client.get("/red-flags", **kwargs).get_data(as_text=True)


def test_three_groups_in_order_of_urgency(client):
    html = page(client)
    ids = re.findall(r'<section class="flag-group[^"]*" id="([a-z]+)"', html)
    assert ids == ["emergency", "maternity", "today", "soon"]
    positions = [html.index(u.title) for u in URGENCIES]
    assert positions == sorted(positions)


def test_every_sign_is_shown_in_plain_words(client):
    html = page(client)
    for urgency in URGENCIES:
        for sign in urgency.signs:
            assert sign.text in html
    assert "numbness or tingling around your genitals" in html.lower()
    for jargon in ("saddle", "anaesthesia", "anesthesia", "cauda equina", "incontinence", "paraesthesia"):
        assert jargon not in html.lower()


def test_sources_are_shown_quietly(client):
    html = page(client)
    assert html.count('class="sources"') >= len(URGENCIES)
    assert 'Sources: <a href="/sources#NHS">NHS</a>, <a href="/sources#NHS-CES">NHS: spinal nerves</a>' in html
    assert html.count('<p class="sources">Sources: <a href="/sources#') == html.count('class="sources"')


def test_what_to_say_script_sits_with_the_call_button(client):
    html = page(client)
    emergency = html[html.index('id="emergency"') : html.index('id="today"')]
    assert WHAT_TO_SAY_TITLE in emergency
    for line in WHAT_TO_SAY:
        assert line in emergency
    assert emergency.index('href="tel:') < emergency.index(WHAT_TO_SAY_TITLE)


@pytest.mark.parametrize(
    "region, emergency, non_emergency",
    [
        ("eu", "112", None),
        ("uk", "999", "111"),
        ("ie", "112", None),
        ("us", "911", None),
        ("ca", "911", "811"),
        ("au", "000", "1800633422"),
        ("nz", "111", "0800611116"),
        ("other", "112", None),
        ("nowhere", "112", None),
    ],
)
def test_the_regions_number_is_a_big_tel_link(database_uri, region, emergency, non_emergency):
    client = make_app(database_uri, REGION=region).test_client()
    html = page(client)
    call = re.search(
        r'<a class="btn btn-danger btn-call" href="tel:(\d+)"\s+data-emergency-number[^>]*>([^<]+)</a>', html
    )
    assert call and call.group(1) == emergency and call.group(2) == f"Call {emergency}"
    tel_links = set(re.findall(r'href="tel:(\d+)"', html))
    assert tel_links == ({emergency, non_emergency} - {None})
    if non_emergency:
        today = html[html.index('id="today"') : html.index('id="soon"')]
        assert f'href="tel:{non_emergency}"' in today


def test_an_unknown_region_falls_back_to_112():
    assert region_for("ZZ").emergency == "112"
    assert region_for(None).emergency == "112"
    assert region_for("UK").emergency == "999"


def test_the_page_is_public_and_cacheable(client):
    response = client.get("/red-flags")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "public, max-age=300"
    assert "Set-Cookie" not in response.headers
    assert "HX-Request" in response.headers["Vary"]


def test_the_page_has_no_form_no_token_and_no_inline_code(client):
    html = page(client)
    assert "<form" not in html
    assert "csrf" not in html.lower()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert "<style" not in html and " style=" not in html and "hx-on" not in html


@pytest.fixture
def chosen_number_device(app, client):
    """A device with a session, a profile, a chosen number and its own look."""
    token = secrets.token_urlsafe(32)
    with app.app_context():
        db.session.add(Profile(token_hash=hash_token(token), emergency_number="999", theme="dark", text_size="large"))
        db.session.commit()
    client.set_cookie(app.config["DEVICE_COOKIE_NAME"], token)
    return client


def test_a_device_with_a_profile_still_gets_the_same_bytes(chosen_number_device, other_client):
    mine = chosen_number_device.get("/red-flags")
    theirs = other_client.get("/red-flags")
    assert mine.get_data() == theirs.get_data()
    assert "Set-Cookie" not in mine.headers
    # Elsewhere the same device's pages carry its number for the script to keep.
    home = chosen_number_device.get("/settings").get_data(as_text=True)
    assert '<meta name="spasm-emergency-number" content="999" data-region="">' in home
    assert 'name="spasm-emergency-number"' not in mine.get_data(as_text=True)


def test_the_page_never_touches_the_database(chosen_number_device, sql_statements):
    chosen_number_device.get("/red-flags")
    chosen_number_device.get("/red-flags", headers=HTMX)
    assert sql_statements == []


def test_htmx_gets_the_fragment(client):
    response = client.get("/red-flags", headers=HTMX)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<html" not in html and "<body" not in html
    assert 'id="emergency"' in html and 'href="tel:112"' in html
    assert response.headers["Cache-Control"] == "public, max-age=300"
    assert "Set-Cookie" not in response.headers


def test_a_precache_copy_equals_the_page_everyone_gets(client):
    assert client.get("/red-flags", headers={"X-Spasm-Precache": "1"}).get_data() == client.get("/red-flags").get_data()


def test_the_linked_group_is_highlighted_by_the_stylesheet(client):
    html = client.get("/").get_data(as_text=True)
    css_url = re.search(r'href="(/assets/app\.\w+\.css)"', html).group(1)
    css = client.get(css_url, headers={"Accept-Encoding": "identity"}).get_data(as_text=True)
    assert ".flag-group:target" in css


def test_a_note_about_the_default_number_can_be_changed_by_the_script(database_uri):
    html = page(make_app(database_uri, REGION="other").test_client())
    assert '<p class="muted" data-emergency-note>112 works on most mobile phones.' in html
    # A region with no note keeps an empty, hidden place for the script to fill.
    html = page(make_app(database_uri, REGION="us").test_client())
    assert '<p class="muted" data-emergency-note hidden></p>' in html


def test_a_region_without_an_advice_line_hides_its_place(database_uri):
    html = page(make_app(database_uri, REGION="us").test_client())
    assert '<div class="advice-line" data-advice-line hidden>' in html


def test_the_number_table_is_served_from_the_same_data(client):
    import json

    from spasm.content.regions import REGIONS
    from spasm.content.time_zones import ZONES

    response = client.get("/emergency-numbers.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert response.headers["Cache-Control"] == "public, max-age=300"
    data = json.loads(response.get_data(as_text=True))
    assert {key: r["emergency"] for key, r in data["regions"].items()} == {k: r.emergency for k, r in REGIONS.items()}
    assert data["regions"]["uk"]["advice"] == "111" and data["regions"]["nz"]["adviceLabel"].startswith("Healthline")
    # Zones are packed by area; unpacked they are exactly the table's.
    for key, zones in ZONES.items():
        unpacked = []
        for group in data["zones"][key].split(" "):
            area, _, names = group.rpartition("/")
            unpacked += [f"{area}/{name}" if area else name for name in names.split(",")]
        assert sorted(unpacked) == sorted(zones), key


def test_no_page_suggests_a_scan(client):
    for path in ("/red-flags", "/relief/onset", "/relief/check-in", "/sources"):
        text = client.get(path).get_data(as_text=True).lower()
        assert "scan" not in text and "x-ray" not in text and "imaging" not in text
