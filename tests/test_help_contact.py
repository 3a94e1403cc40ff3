"""The person to text for help: chosen in settings, checked before saving,
kept off the shared pages, exported and deleted with everything else."""

import csv
import io
import json
import re
from urllib.parse import quote

import pytest
from sqlalchemy import func, select

from spasm.content.help import MESSAGE
from spasm.extensions import db
from spasm.models import Profile
from spasm.web.assets import compact
from tests.test_history import SETTINGS, make_device


def html_of(response) -> str:
    return response.get_data(as_text=True)


def save(client, **changes):
    return client.post("/settings", data={**SETTINGS, **changes})


def contact_of(app) -> tuple[str | None, str | None]:
    with app.app_context():
        profile = db.session.scalars(select(Profile)).one()
        return profile.help_contact_name, profile.help_contact_phone


# --- Choosing someone in settings -----------------------------------------------------


def test_the_settings_form_asks_for_a_name_and_a_mobile_number(client):
    html = html_of(client.get("/settings"))
    assert 'id="help-contact"' in html and "Someone to ask for help" in html
    assert re.search(r'<input type="text" id="help_contact_name" name="help_contact_name"', html)
    assert re.search(r'<input type="tel" id="help_contact_phone" name="help_contact_phone"', html)


@pytest.mark.parametrize(
    ("name", "phone", "stored"),
    [
        ("Sam", "07700 900123", ("Sam", "07700900123")),
        ("  Mum   and Dad ", "+44 (0)7700-900.123", ("Mum and Dad", "+447700900123")),
        ("Alex", "(020) 7946 0958", ("Alex", "02079460958")),
        ("Zoë", "+61 412 345 678", ("Zoë", "+61412345678")),
        ("", "", (None, None)),
        ("   ", " ", (None, None)),
    ],
)
def test_a_contact_is_saved_tidied(app, client, name, phone, stored):
    response = save(client, help_contact_name=name, help_contact_phone=phone)
    assert response.status_code == 303
    assert contact_of(app) == stored


def test_clearing_both_fields_forgets_the_contact(app, client):
    save(client, help_contact_name="Sam", help_contact_phone="07700900123")
    save(client, help_contact_name="", help_contact_phone="")
    assert contact_of(app) == (None, None)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"help_contact_name": "Sam", "help_contact_phone": "call me"},
            "help_contact_phone",
            "Letters cannot get a text.",
        ),
        (
            {"help_contact_name": "Sam", "help_contact_phone": "0770#0900"},
            "help_contact_phone",
            "A + is fine at the start.",
        ),
        (
            {"help_contact_name": "Sam", "help_contact_phone": "44+7700900"},
            "help_contact_phone",
            "A + is fine at the start.",
        ),
        (
            {"help_contact_name": "Sam", "help_contact_phone": "12345"},
            "help_contact_phone",
            "Enter a mobile number of 6 to 15 digits.",
        ),
        (
            {"help_contact_name": "Sam", "help_contact_phone": "1" * 16},
            "help_contact_phone",
            "Enter a mobile number of 6 to 15 digits.",
        ),
        (
            {"help_contact_name": "S" * 41, "help_contact_phone": "07700900123"},
            "help_contact_name",
            "Use at most 40 characters.",
        ),
        (
            {"help_contact_name": "Sam\x00", "help_contact_phone": "07700900123"},
            "help_contact_name",
            "Remove the hidden characters from the name.",
        ),
        (
            {"help_contact_name": "Sam", "help_contact_phone": ""},
            "help_contact_phone",
            "Add a mobile number for Sam, or clear the name.",
        ),
        (
            {"help_contact_name": "", "help_contact_phone": "07700900123"},
            "help_contact_name",
            "Add their name, so you know who gets the message.",
        ),
    ],
)
def test_a_wrong_contact_gets_a_message_and_nothing_is_saved(app, client, changes, field, message):
    save(client, help_contact_name="Kim", help_contact_phone="0612345678", theme="light")
    response = save(client, **changes, theme="dark")
    html = html_of(response)
    assert response.status_code == 422
    assert re.search(rf'<p class="field-error" id="{field}-error">[^<]*{re.escape(message)}</p>', html)
    assert re.search(rf'id="{field}"[^>]*aria-describedby="[^"]*{field}-error"[^>]*aria-invalid="true"', html, re.S)
    assert contact_of(app) == ("Kim", "0612345678")
    with app.app_context():
        assert db.session.scalar(select(Profile.theme)) == "light"


def test_a_wrong_contact_on_a_new_device_creates_no_profile(app, client):
    response = save(client, help_contact_name="Sam", help_contact_phone="nope")
    assert response.status_code == 422
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Profile)) == 0


# --- Reaching the shared pages through the device ---------------------------------------


def test_personal_pages_give_the_device_its_contact(client):
    save(client, help_contact_name="Sam <3", help_contact_phone="07700900123")
    html = html_of(client.get("/settings"))
    assert '<meta name="spasm-help-name" content="Sam &lt;3">' in html
    assert '<meta name="spasm-help-phone" content="07700900123">' in html


def test_a_device_with_no_contact_is_told_to_forget_one(client):
    save(client)
    html = html_of(client.get("/settings"))
    assert '<meta name="spasm-help-name" content="">' in html
    assert '<meta name="spasm-help-phone" content="">' in html


def test_a_device_with_no_profile_gets_no_contact_tags(client):
    assert 'name="spasm-help-phone"' not in html_of(client.get("/settings"))


@pytest.mark.parametrize("path", ["/red-flags", "/relief/position"])
def test_shared_pages_carry_the_message_but_never_the_contact(client, path):
    save(client, help_contact_name="Sam", help_contact_phone="07700900123")
    html = html_of(client.get(path))
    assert f'href="sms:?&amp;body={quote(MESSAGE, safe="/")}"' in html
    assert "I&#39;m stuck, please help" in html or "I'm stuck, please help" in html
    assert "07700900123" not in html and "Sam" not in html


def test_only_the_first_card_offers_the_help_text(client):
    assert "data-help-link" in html_of(client.get("/relief/position"))
    assert "data-help-link" not in html_of(client.get("/relief/onset"))


def test_every_card_and_the_timer_offer_read_aloud_hidden_until_a_script_shows_it(client):
    for path in ("/relief/position", "/relief/breathe", "/relief/check-in", "/timer"):
        html = html_of(client.get(path))
        assert '<div class="speech-bar" data-speech' in html and "hidden>" in html, path
    assert "data-pacer-voice" in html_of(client.get("/relief/breathe"))


# --- Export and deletion ------------------------------------------------------------------


def test_the_export_holds_the_contact(app, client):
    make_device(app, client)
    save(client, help_contact_name="=Sam", help_contact_phone="+447700900123")
    data = json.loads(html_of(client.get("/history/export.json")))
    assert data["profile"]["help_contact_name"] == "=Sam"  # exactly as typed
    assert data["profile"]["help_contact_phone"] == "+447700900123"
    rows = list(csv.DictReader(io.StringIO(client.get("/history/export.csv").get_data().decode("utf-8-sig"))))
    profile = next(row for row in rows if row["record"] == "profile")
    # A spreadsheet must not run the name as a formula.
    assert profile["help_contact_name"] == "'=Sam"
    assert profile["help_contact_phone"] == "+447700900123"


def test_deleting_everything_deletes_the_contact_and_tells_the_device(app, client):
    save(client, help_contact_name="Sam", help_contact_phone="07700900123")
    client.post("/settings/delete")
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Profile)) == 0
    page = html_of(client.get("/settings/deleted"))
    assert "data-device-forgotten" in page and "spasm-help-phone" not in page


# --- The red-flag page's small bundle ----------------------------------------------------


def test_lite_bundles_drop_comments_and_indentation_only():
    script = b"// about\n(function () {\n  // why\n  var url = 'https://x/';\n  return url; // kept\n})();\n"
    assert compact(script, "js") == b"(function () {\nvar url = 'https://x/';\nreturn url; // kept\n})();\n"
    style = b"/* about */\n.a {\n  color: red; /* why */\n}\n"
    assert compact(style, "css") == b".a {\ncolor: red; }\n"


def test_the_lite_script_holds_the_help_link_code(client):
    html = html_of(client.get("/red-flags"))
    src = re.search(r'<link rel="modulepreload" href="(/assets/js/[^"]+/help\.js)"', html).group(1)
    script = client.get(src, headers={"Accept-Encoding": "identity"}).get_data(as_text=True)
    assert "spasm.helpContact" in script
    assert "\n//" not in script
