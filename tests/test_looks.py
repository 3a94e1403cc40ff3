"""The look cookie follows the settings, so shared pages follow them too."""

from spasm.device import parse_look as parse
from tests.test_settings import SETTINGS


def test_parse_accepts_only_known_values():
    assert parse("dark.large") == ("dark", "large")
    assert parse("light.normal") == ("light", "normal")
    for broken in (None, "", "dark", "dark.", ".large", "dark.huge", "neon.large"):
        assert parse(broken) == ("auto", "normal")


def look_cookie(response):
    return next((c for c in response.headers.getlist("Set-Cookie") if c.startswith("spasm_look=")), None)


def test_saving_settings_sets_the_look_cookie(client):
    response = client.post(
        "/settings",
        data={**SETTINGS, "theme": "dark", "text_size": "large"},
    )
    assert response.status_code == 303
    cookie = look_cookie(response)
    assert cookie and cookie.startswith("spasm_look=dark.large") and "HttpOnly" in cookie
    shared = client.get("/relief/position").get_data(as_text=True)
    assert 'data-theme="dark" data-text-size="large"' in shared


def test_going_back_to_the_default_look_clears_the_cookie(client):
    form = {**SETTINGS}
    client.post("/settings", data={**form, "theme": "light", "text_size": "normal"})
    response = client.post("/settings", data={**form, "theme": "auto", "text_size": "normal"})
    cookie = look_cookie(response)
    assert cookie and "Expires=Thu, 01 Jan 1970" in cookie


def test_deleting_everything_clears_the_look_cookie(client):
    client.post("/settings", data={**SETTINGS, "theme": "dark"})
    response = client.post("/settings/delete")
    cookie = look_cookie(response)
    assert cookie and "Expires=Thu, 01 Jan 1970" in cookie
