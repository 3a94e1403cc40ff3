"""Hostile input: never a 500, never a redirect off the site, and a refused
request changes nothing."""

from __future__ import annotations

import io
import re
import socket
import uuid

import pytest

from spasm.models import IdempotencyKey
from spasm.web.forms import MAX_JSON_BYTES, MAX_JSON_DEPTH, JSONRefused, load_json, nesting_over
from spasm.web.urls import MAX_ID, database_id, local_path

from .browser.servers import AppProcess
from .conftest import CROSS_SITE, HTMX, count

TOO_BIG = str(2**63)


@pytest.fixture
def episode_id(client) -> int:
    """A device with an open episode, a check-in, a note and a stopped timer."""
    client.post("/episodes")
    found = client.get("/history/export.json").get_json()["episodes"][0]["id"]
    client.post(f"/episodes/{found}/check-ins", data={"pain": "6"})
    client.post(f"/history/{found}/notes", data={"kind": "note", "body": "ice at 9"})
    client.post("/timer", data={"kind": "heat", "minutes": "15"})
    timer_id = client.get("/history/export.json").get_json()["timer_runs"][0]["id"]
    client.post(f"/timer/{timer_id}/stop")
    return found


def snapshot(client) -> dict:
    data = client.get("/history/export.json").get_json()
    data.pop("exported_at")
    return data


# --- Ids -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "bad_id", [TOO_BIG, str(MAX_ID + 1), "99999999999999999999999", "0", "00", "\u0661", "-1", "1e3"]
)
@pytest.mark.parametrize(
    "method, template",
    [
        ("get", "/history/{}"),
        ("get", "/history/{}/summary"),
        ("post", "/history/{}/end"),
        ("post", "/history/{}/notes"),
        ("post", "/episodes/{}/check-ins"),
        ("post", "/timer/{}/stop"),
    ],
)
def test_an_id_out_of_range_is_not_found(client, episode_id, method, template, bad_id):
    before = snapshot(client)
    response = getattr(client, method)(template.format(bad_id), data={"pain": "3", "body": "x", "kind": "note"})
    assert response.status_code == 404
    assert snapshot(client) == before


def test_the_largest_id_is_simply_not_found(client, episode_id):
    assert client.get(f"/history/{MAX_ID}").status_code == 404
    assert client.post(f"/timer/{MAX_ID}/stop").status_code == 404


@pytest.mark.parametrize("stopped", [TOO_BIG, str(MAX_ID + 1), "-1", "abc", "\u0661", "1.5", ""])
def test_a_stopped_timer_id_out_of_range_is_ignored(client, episode_id, stopped):
    assert client.get(f"/timer?stopped={stopped}").status_code == 200


def test_a_real_stopped_timer_id_still_shows(client, episode_id):
    timer_id = snapshot(client)["timer_runs"][0]["id"]
    assert client.get(f"/timer?stopped={timer_id}").status_code == 200


@pytest.mark.parametrize(
    "value, expected",
    [
        ("1", 1),
        ("42", 42),
        (str(MAX_ID), MAX_ID),
        (str(MAX_ID + 1), None),
        (TOO_BIG, None),
        ("0", None),
        ("", None),
        (None, None),
        ("\u0661", None),
        (" 1", None),
        ("+1", None),
        ("1_0", None),
        (7, None),
    ],
)
def test_database_id(value, expected):
    assert database_id(value) == expected


# --- Redirect targets ----------------------------------------------------------


@pytest.mark.parametrize(
    "target",
    [
        "/\r\nLocation: https://evil.example",
        "/\n/x",
        "/\t/evil.example",
        "//evil.example",
        "/\\evil.example",
        "\\/evil.example",
        "https://evil.example/",
        "javascript:alert(1)",
        " /history",
        "/caf\u00e9",
        "/" + "a" * 3000,
        "",
    ],
)
def test_a_bad_next_is_ignored_and_the_save_happens_once(client, episode_id, target):
    response = client.post(f"/episodes/{episode_id}/check-ins", data={"pain": "4", "next": target})
    assert response.status_code == 303
    assert response.headers["Location"] == f"/history/{episode_id}"
    assert [c["pain"] for c in snapshot(client)["check_ins"]] == [6, 4]


@pytest.mark.parametrize("target", ["/\r\n/x", "/\t/evil.example", "//evil.example"])
def test_a_bad_next_after_starting_a_timer_stays_on_the_timer(client, target):
    response = client.post("/timer", data={"kind": "cold", "minutes": "10", "next": target})
    assert response.status_code == 303
    assert response.headers["Location"] == "/timer"


@pytest.mark.parametrize("target", ["/relief/check-in?saved=1", "/", "/history/1#notes-1", "/a%2F%2Fb"])
def test_a_path_on_this_site_is_kept(target):
    assert local_path(target) == target


def test_a_good_next_is_followed(client, episode_id):
    response = client.post(f"/episodes/{episode_id}/check-ins", data={"pain": "4", "next": "/relief/check-in?saved=1"})
    assert response.headers["Location"] == "/relief/check-in?saved=1"


# --- Bodies that are not form text ---------------------------------------------


def file_part() -> tuple:
    return (io.BytesIO(b"not a field"), "field.txt")


FILE_PARTS = [
    ("/episodes/{id}/check-ins", {"pain": "3"}, "note"),
    ("/episodes/{id}/check-ins", {"note": "x"}, "pain"),
    ("/history/{id}/notes", {"kind": "note"}, "body"),
    ("/history/{id}/notes", {"body": "x"}, "kind"),
    ("/relief/onset", {"choice": "pick_time"}, "picked"),
    (
        "/settings",
        {
            "region": "eu",
            "heat_minutes": "20",
            "cold_minutes": "15",
            "sound": "on",
            "text_size": "normal",
            "theme": "auto",
        },
        "emergency_number",
    ),
    ("/timer", {"minutes": "15"}, "kind"),
    ("/timer", {"kind": "heat"}, "minutes"),
    ("/relief/safety-check", {}, "yes"),
    ("/episodes", {}, "step"),
    ("/settings/delete", {}, "confirm"),
]


@pytest.mark.parametrize("path, fields, as_file", FILE_PARTS)
def test_a_field_sent_as_a_file_is_refused(client, episode_id, path, fields, as_file):
    before = snapshot(client)
    data = {**fields, as_file: file_part()}
    response = client.post(path.format(id=episode_id), data=data, content_type="multipart/form-data")
    assert response.status_code == 422
    assert "not sent as a form" in response.get_data(as_text=True)
    assert snapshot(client) == before


def test_a_refused_file_part_for_htmx_is_a_message(client, episode_id):
    response = client.post(f"/history/{episode_id}/notes", data={"kind": "note", "body": file_part()}, headers=HTMX)
    assert response.status_code == 422
    assert response.headers["HX-Retarget"] == "#alerts"


@pytest.mark.parametrize(
    "path, body",
    [
        ("/episodes/{id}/check-ins", {"pain": 5}),
        ("/episodes/{id}/check-ins", {"pain": "5", "note": True}),
        ("/history/{id}/notes", {"kind": "note", "body": {"a": 1}}),
        ("/history/{id}/notes", {"kind": ["note", 1], "body": "x"}),
        ("/timer", {"kind": "heat", "minutes": 15}),
        ("/timer", {"kind": None}),
        ("/settings", {"region": "eu", "heat_minutes": 20.5}),
        ("/relief/onset", {"choice": "pick_time", "picked": 1, "tz_offset": 0}),
        ("/timer", [1, 2]),
        ("/timer", "heat"),
        ("/timer", 15),
        ("/episodes", [None]),
        ("/relief/safety-check", {"yes": [1]}),
    ],
)
def test_json_that_is_not_text_is_refused(client, episode_id, path, body):
    before = snapshot(client)
    response = client.post(path.format(id=episode_id), json=body)
    assert response.status_code == 422
    assert snapshot(client) == before


def test_json_that_is_not_json_is_refused(client, episode_id):
    before = snapshot(client)
    response = client.post("/timer", data="{not json", content_type="application/json")
    assert response.status_code == 422
    assert snapshot(client) == before


def test_json_of_text_reads_like_the_form(client):
    response = client.post("/timer", json={"kind": "heat", "minutes": "15"})
    assert response.status_code == 303
    assert snapshot(client)["timer_runs"][0]["kind"] == "heat"


@pytest.mark.parametrize("character", ["\x00", "\x07", "\x1b", "\x7f"])
def test_control_characters_are_refused(client, episode_id, character):
    before = snapshot(client)
    response = client.post(f"/history/{episode_id}/notes", data={"kind": "note", "body": f"a{character}b"})
    assert response.status_code == 422
    assert "Remove the hidden characters." in response.get_data(as_text=True)
    response = client.post(f"/episodes/{episode_id}/check-ins", data={"pain": "2", "note": f"a{character}"})
    assert response.status_code == 422
    assert "Remove the hidden characters." in response.get_data(as_text=True)
    response = client.post(f"/history/{episode_id}/notes", json={"kind": "note", "body": f"a{character}b"})
    assert response.status_code == 422
    assert snapshot(client) == before


def test_line_breaks_and_tabs_in_a_note_are_kept(client, episode_id):
    response = client.post(f"/history/{episode_id}/notes", data={"kind": "note", "body": "one\r\ntwo\tthree"})
    assert response.status_code == 303
    assert snapshot(client)["notes"][-1]["body"] == "one\r\ntwo\tthree"


def test_reading_pages_ignores_bodies(client):
    assert client.get("/timer", data={"kind": file_part()}, content_type="multipart/form-data").status_code == 200


# --- JSON nested too deeply, or too big -----------------------------------------

WRITE_METHODS = ["POST", "PUT", "PATCH", "DELETE"]
SAME_ORIGIN = {"Origin": "http://localhost"}


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


def every_path(app, episode_id: int, timer_id: int) -> dict[str, set[str]]:
    """A path to each rule of the app, with the methods answered there; and
    a path that no rule has."""
    values = {"episode_id": str(episode_id), "timer_id": str(timer_id)}
    found: dict[str, set[str]] = {"/no-such-page": set()}
    for rule in app.url_map.iter_rules():
        path = re.sub(r"<(?:[^:>]+:)?([^>]+)>", lambda m: values.get(m.group(1), "x"), rule.rule)
        found.setdefault(path, set()).update(rule.methods)
    return found


@pytest.mark.parametrize("depth", [1000, 100_000])
@pytest.mark.parametrize("headers", [SAME_ORIGIN, {}, {"Sec-Fetch-Site": "same-origin"}, HTMX], ids=str)
def test_deep_json_is_a_4xx_on_every_path_and_method(app, client, episode_id, depth, headers):
    before = snapshot(client)
    timer_id = before["timer_runs"][0]["id"]
    answers = {}
    for path, allowed in every_path(app, episode_id, timer_id).items():
        for method in WRITE_METHODS:
            response = client.open(
                path, method=method, data=nested(depth), content_type="application/json", headers=headers
            )
            answers[method, path] = response.status_code
            if not allowed:
                assert response.status_code == 404, (method, path)
            elif method not in allowed:
                assert response.status_code == 405, (method, path)
            else:
                assert 400 <= response.status_code < 500, (method, path, response.status_code)
    # Too deep to be a form, or (at 200 KB) too big to be read at all.
    refused = 422 if len(nested(depth)) <= MAX_JSON_BYTES else 413
    assert answers["POST", "/timer"] == refused
    assert answers["PUT", "/timer"] == 405
    assert answers["POST", f"/history/{episode_id}/notes"] == refused
    assert answers["DELETE", "/no-such-page"] == 404
    # The push subscription reads at most 1 KB of its body.
    assert answers["POST", "/push/subscription"] == 413
    assert snapshot(client) == before


@pytest.mark.parametrize("headers", [CROSS_SITE, {"Origin": "https://evil.example"}], ids=str)
def test_deep_json_from_another_site_is_refused_as_such(client, episode_id, headers):
    for path in ("/timer", "/push/subscription", "/no-such-page", "/"):
        response = client.post(path, data=nested(1000), content_type="application/json", headers=headers)
        assert response.status_code == 403
        assert "another website" in response.get_data(as_text=True)


def test_deep_json_under_a_kilobyte_to_the_push_subscription_is_refused(client):
    response = client.post("/push/subscription", data=nested(500), content_type="application/json")
    assert response.status_code == 422
    response = client.delete("/push/subscription", data=nested(500), content_type="application/json")
    assert response.status_code == 400


@pytest.mark.parametrize("encoding", ["utf-16", "utf-32"])
def test_deep_json_in_another_encoding_is_refused(client, episode_id, encoding):
    before = snapshot(client)
    body = nested(1000).encode(encoding)
    response = client.post(f"/history/{episode_id}/notes", data=body, content_type="application/json")
    assert response.status_code == 422
    assert snapshot(client) == before


@pytest.mark.parametrize(
    "content_type", ["application/json", "application/json; charset=utf-8", "application/merge-patch+json"]
)
def test_json_over_the_bound_is_too_much_data(client, episode_id, content_type):
    before = snapshot(client)
    body = '{"kind": "note", "body": "' + "x" * MAX_JSON_BYTES + '"}'
    response = client.post(f"/history/{episode_id}/notes", data=body, content_type=content_type)
    assert response.status_code == 413
    assert "Too much data" in response.get_data(as_text=True)
    response = client.post(f"/history/{episode_id}/notes", data=body, content_type=content_type, headers=HTMX)
    assert response.status_code == 413
    assert response.headers["HX-Retarget"] == "#alerts"
    assert snapshot(client) == before


def test_json_over_the_request_limit_is_too_much_data(client):
    body = "[" + "1," * (1024 * 1024) + "1]"
    assert client.post("/timer", data=body, content_type="application/json").status_code == 413


def test_json_nested_as_deep_as_allowed_still_reads_as_a_form(client):
    # A form's fields hold text: nesting is refused for what it is, never by a crash.
    response = client.post("/timer", json={"kind": "heat", "minutes": "15", "x": [[["y"]]]})
    assert response.status_code == 422
    assert client.post("/timer", json={"kind": "heat", "minutes": "15"}).status_code == 303


@pytest.mark.parametrize(
    ("text", "over"),
    [
        (nested(MAX_JSON_DEPTH), False),
        (nested(MAX_JSON_DEPTH + 1), True),
        ('{"a":' * MAX_JSON_DEPTH + "1" + "}" * MAX_JSON_DEPTH, False),
        ('{"a":' * (MAX_JSON_DEPTH + 1) + "1" + "}" * (MAX_JSON_DEPTH + 1), True),
        ('["' + "[" * 5000 + '"]', False),
        ('["\\\\", ' + nested(MAX_JSON_DEPTH) + "]", True),
        ('["\\"[[[[[[[[[[[[[[[[[[[[", 1]', False),
        ('"' + "\\\\" * 3000 + '"' + "[" * 40, True),
        ('"' + "\\\\" * 3000 + '\\"' + "[" * 40, False),
        ("[" * 40, True),
        ('"' * 3000 + "[" * 40, True),
        ("]" * 50 + "[" * 10, False),
    ],
)
def test_nesting_is_counted_outside_strings(text, over):
    assert nesting_over(text, MAX_JSON_DEPTH) is over


@pytest.mark.parametrize(
    "data",
    [
        nested(MAX_JSON_DEPTH + 1).encode(),
        nested(1000).encode("utf-16"),
        b"[" * 100_000,
        b'{"a": "\\u12"}',
        b"\xff\xfe\x00",
        b"1" * 5000,
        b"",
    ],
)
def test_load_json_refuses_what_it_cannot_parse_safely(data):
    with pytest.raises(JSONRefused):
        load_json(data)


def test_load_json_bounds_the_size_it_is_given():
    with pytest.raises(JSONRefused):
        load_json(b'"' + b"x" * 100 + b'"', max_bytes=50)
    assert load_json(nested(MAX_JSON_DEPTH).encode()) == load_json(nested(MAX_JSON_DEPTH).encode("utf-16"))


# --- Tap times at the ends of the calendar ----------------------------------------

OUTBOX_WRITES = [
    ("/episodes", {}),
    ("/relief/onset", {"choice": "just_now"}),
    ("/relief/safety-check", {"sign": "chest_pain", "answer": "unsure"}),
    ("/relief/safety-check/more", {"sign": "chest_pain", "answer": "no"}),
    ("/check-ins", {"pain": "5"}),
    ("/episodes/{episode}/check-ins", {"pain": "5"}),
    ("/history/{episode}/notes", {"kind": "note", "body": "Ice"}),
    ("/timer", {"kind": "cold", "minutes": "15"}),
    ("/timer/start", {"kind": "heat", "minutes": "15"}),
    ("/timer/{timer}/stop", {}),
    ("/timer/stop", {"kind": "cold"}),
]
FAR_TAPS = [
    ({"X-Spasm-Tapped-At": "0001-01-01T00:00:00+01:00"}, "more than a day"),
    ({"X-Spasm-Tapped-At": "9999-12-31T23:59:59-01:00"}, "in the future"),
    ({"X-Spasm-Tapped-At": "0001-01-01T00:00:00Z", "X-Spasm-Sent-At": "9999-12-31T23:59:59Z"}, "more than a day"),
    ({"X-Spasm-Tapped-At": "9999-12-31T23:59:59Z", "X-Spasm-Sent-At": "0001-01-01T00:00:00Z"}, "in the future"),
    ({"X-Spasm-Tapped-At": "2026-03-01T12:00:00Z", "X-Spasm-Sent-At": "0001-01-01T00:00:00+01:00"}, "in the future"),
]


@pytest.mark.parametrize("keyed", [False, True], ids=["no key", "Idempotency-Key"])
@pytest.mark.parametrize(("taps", "message"), FAR_TAPS, ids=[str(taps) for taps, _ in FAR_TAPS])
def test_a_tap_at_the_ends_of_the_calendar_is_refused_on_every_outbox_route(
    app, client, episode_id, taps, message, keyed
):
    before = snapshot(client)
    timer_id = before["timer_runs"][0]["id"]
    for template, data in OUTBOX_WRITES:
        path = template.format(episode=episode_id, timer=timer_id)
        headers = {**taps, "Idempotency-Key": str(uuid.uuid4())} if keyed else taps
        for extra in ({}, HTMX):
            response = client.post(path, data=data, headers={**headers, **extra})
            assert response.status_code == 422, (path, response.status_code)
            assert message in response.get_data(as_text=True), path
    assert snapshot(client) == before
    assert count(app, IdempotencyKey) == 0


# --- A body over the limit, through a real gunicorn ----------------------------


@pytest.fixture
def gunicorn(tmp_path):
    server = AppProcess(tmp_path)
    server.gunicorn_args = ["--config", "gunicorn.conf.py"]
    server.env["WEB_CONCURRENCY"] = "1"
    server.migrate()
    server.start()
    yield server
    server.stop()


def read_response(sock: socket.socket) -> bytes:
    """Everything the server sends until it closes the connection."""
    sock.settimeout(10)
    received = b""
    while chunk := sock.recv(65536):
        received += chunk
    return received


def test_a_body_over_the_limit_gets_413_and_connection_close(gunicorn):
    limit = 1024 * 1024
    with socket.create_connection(("127.0.0.1", gunicorn.port)) as sock:
        head = (
            "POST /episodes HTTP/1.1\r\n"
            f"Host: 127.0.0.1:{gunicorn.port}\r\n"
            "Content-Type: application/x-www-form-urlencoded\r\n"
            f"Content-Length: {limit + 1}\r\n"
            "Connection: keep-alive\r\n\r\n"
        )
        # Part of the body only: the server must not wait for the rest.
        sock.sendall(head.encode() + b"a=" + b"x" * 16 * 1024)
        answer = read_response(sock)
    status, _, rest = answer.partition(b"\r\n")
    headers = rest.split(b"\r\n\r\n", 1)[0].lower()
    assert status.startswith(b"HTTP/1.1 413")
    assert b"connection: close" in headers.split(b"\r\n")
    assert b"Too much data" in answer


def test_a_body_within_the_limit_keeps_the_connection(gunicorn):
    with socket.create_connection(("127.0.0.1", gunicorn.port)) as sock:
        sock.settimeout(10)
        sock.sendall(f"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:{gunicorn.port}\r\n\r\n".encode())
        answer = sock.recv(65536)
    assert answer.startswith(b"HTTP/1.1 200")
    assert b"connection: keep-alive" in answer.lower()


def test_the_id_bound_fits_every_id_column():
    from sqlalchemy import Integer

    from spasm.extensions import db

    for table in db.metadata.sorted_tables:
        for column in table.columns:
            if column.primary_key or column.foreign_keys:
                # PostgreSQL's INTEGER is 32 bits: a wider column would need a wider bound.
                assert type(column.type) is Integer, column
    assert MAX_ID == 2**31 - 1
