"""Property-based sweep over every form: whatever is sent, in whatever shape
(form fields, multipart with files, JSON of any type), the answer is never a
5xx, a redirect never leaves the site, and a refused request (4xx) changed
nothing this device has stored. The same holds for JSON nested deeply or
too big sent to every route of the app, and for tap times from anywhere in
the calendar sent to the routes the phone's outbox replays.

One app and one device serve all the examples of a test: each example
starts by making sure the device has an open episode, then compares the
device's export before and after a refused request. So the function-scoped
fixtures are shared on purpose, and Hypothesis' health check about them is
turned off knowingly.
"""

from __future__ import annotations

import io
import json
import re
import uuid
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from spasm.content import red_flags, relief
from spasm.content.regions import REGIONS
from spasm.device import TEXT_SIZES, THEMES
from spasm.rules import tap_time
from spasm.web.forms import MAX_JSON_BYTES, MAX_JSON_DEPTH

from .conftest import HTMX, T0, make_app
from .test_hostile import OUTBOX_WRITES

SWEEP = settings(
    max_examples=40,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

MINUTES = ["", "1", "10", "15", "20", "30", "31", "0", "-5", "1e3", "nan", "9" * 30]
# Each form: its path ("{episode}" and "{timer}" are filled in per example)
# and, for each field, answers the page itself could send.
FORMS = {
    "start episode": ("/episodes", {"step": list(relief.STEP_SLUGS)}),
    "onset": (
        "/relief/onset",
        {
            "choice": [choice.key for choice in relief.ONSET_CHOICES],
            "picked": ["2026-11-21T08:30", "2026-11-22T05:00", ""],
            "tz_offset": ["0", "-120", "300", "841"],
        },
    ),
    "safety check": ("/relief/safety-check", {"yes": [q.key for q in red_flags.CHECK_QUESTIONS]}),
    "check-in": (
        "/episodes/{episode}/check-ins",
        {"pain": [str(n) for n in range(-1, 12)], "note": ["", "stiff", "a" * 281], "next": ["/", "/history"]},
    ),
    "check-in, no episode id": (
        "/check-ins",
        {"pain": [str(n) for n in range(-1, 12)], "note": ["", "stiff"], "next": ["/", "/history"]},
    ),
    "note": ("/history/{episode}/notes", {"kind": ["note", "medicine", "x"], "body": ["ibuprofen", " ", "b" * 2001]}),
    "end episode": ("/history/{episode}/end", {}),
    "start timer": (
        "/timer",
        {"kind": ["heat", "cold", "contrast", "movement", "fire"], "minutes": MINUTES, "next": ["/timer", "/"]},
    ),
    "stop timer": ("/timer/{timer}/stop", {}),
    "settings": (
        "/settings",
        {
            "region": list(REGIONS),
            "emergency_number": ["112", "+44 20", "abc", ""],
            "heat_minutes": MINUTES,
            "cold_minutes": MINUTES,
            "sound": ["on", "off", "loud"],
            "text_size": list(TEXT_SIZES),
            "theme": list(THEMES),
        },
    ),
    "delete everything": ("/settings/delete", {}),
}

any_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)
hostile_paths = st.sampled_from(["//evil.example", "/\t/evil.example", "/\r\nX: y", "\\\\evil", "https://e.example"])
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | any_text,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(any_text, inner, max_size=3),
    max_leaves=6,
)
ids = st.one_of(st.integers(min_value=0, max_value=2**70), st.sampled_from(["-1", "1e3", "\u0661", "x"]))


@st.composite
def submissions(draw, fields: dict[str, list[str]]):
    """(shape, body, with htmx, a stranger's id or None)."""
    names = [*fields, *draw(st.lists(any_text, max_size=2))]
    shape = draw(st.sampled_from(["form", "form", "multipart", "json"]))
    body: dict = {}
    for name in names:
        if not draw(st.integers(0, 4)):
            continue  # left out
        valid = fields.get(name, [])
        if shape == "json":
            value = draw(st.sampled_from(valid) | json_values if valid else json_values)
        else:
            value = draw(st.sampled_from(valid) | any_text | hostile_paths if valid else any_text)
            if shape == "multipart" and draw(st.booleans()):
                value = (io.BytesIO(str(value).encode()), "part.txt")
        body[name] = value
    return shape, body, draw(st.booleans()), draw(st.none() | ids)


def snapshot(client) -> dict:
    response = client.get("/history/export.json")
    assert response.status_code == 200
    data = response.get_json()
    data.pop("exported_at")
    return data


def send(client, path: str, shape: str, body: dict, htmx: bool):
    headers = HTMX if htmx else {}
    if shape == "json":
        return client.post(path, json=body, headers=headers)
    content_type = "multipart/form-data" if shape == "multipart" else "application/x-www-form-urlencoded"
    return client.post(path, data=body, content_type=content_type, headers=headers)


@pytest.mark.parametrize("form", list(FORMS))
def test_no_form_answers_5xx_and_a_refusal_changes_nothing(client, form):
    path_template, fields = FORMS[form]

    @SWEEP
    @given(submission=submissions(fields))
    def sweep(submission):
        shape, body, htmx, stranger_id = submission
        client.post("/episodes")  # an open episode to write to (resumed if there is one)
        before = snapshot(client)
        episode = next(e["id"] for e in before["episodes"] if e["ended_at"] is None)
        timers = [t["id"] for t in before["timer_runs"]]
        path = path_template.format(
            episode=stranger_id if stranger_id is not None else episode,
            timer=stranger_id if stranger_id is not None or not timers else timers[-1],
        )
        response = send(client, path, shape, body, htmx)
        assert response.status_code < 500, (path, shape, body)
        if 300 <= response.status_code < 400:
            location = response.headers["Location"]
            assert location.startswith("/") and not location.startswith(("//", "/\\")), location
            assert location.isascii() and location.isprintable(), location
        if response.status_code >= 400:
            assert snapshot(client) == before, (path, shape, body, response.status_code)

    sweep()


# --- JSON nested too deeply, or too big, to every route -------------------------


def _every_rule() -> list[str]:
    """Each route of the app, as its rule, and a path that no rule has."""
    app = make_app("sqlite://")
    return [*sorted({rule.rule for rule in app.url_map.iter_rules()}), "/no-such-page"]


RULES = _every_rule()
WRITE_METHODS = ["POST", "PUT", "PATCH", "DELETE"]
JSON_SWEEP = settings(SWEEP, max_examples=6)
# What nests, as opening and closing text.
LEVELS = [("[", "]"), ('{"a":', "}"), ('{"k":[', "]}"), ('[{"x":', "}]")]
LEAVES = ["", "0", '"x"', "null", '"]]}"', '"[{"', '"\\\\"', '"\\"["']
# Who sends it: the headers, and whether that is another site.
SENDERS = [
    ({}, False),
    ({"Origin": "http://localhost"}, False),
    ({"Sec-Fetch-Site": "same-origin"}, False),
    ({"Sec-Fetch-Site": "none", "Origin": "https://evil.example"}, False),
    ({"Origin": "https://evil.example"}, True),
    ({"Origin": "null"}, True),
    ({"Sec-Fetch-Site": "cross-site", "Origin": "http://localhost"}, True),
]
JSON_TYPES = ["application/json", "application/json; charset=utf-8", "application/vnd.api+json"]


@st.composite
def nested_json(draw) -> bytes:
    """Arrays and objects inside each other, up to 100,000 deep; whole, cut
    short or closed once too often; in UTF-8, -16 or -32."""
    depth = draw(st.integers(0, 3000) | st.sampled_from([MAX_JSON_DEPTH, MAX_JSON_DEPTH + 1, 1000, 100_000]))
    pattern = draw(st.lists(st.sampled_from(LEVELS), min_size=1, max_size=3))
    levels = [pattern[n % len(pattern)] for n in range(depth)]
    text = "".join(o for o, _ in levels) + draw(st.sampled_from(LEAVES)) + "".join(c for _, c in reversed(levels))
    ending = draw(st.sampled_from(["whole", "cut short", "closed too often"]))
    if ending == "cut short":
        text = text[: draw(st.integers(0, len(text)))]
    elif ending == "closed too often":
        text += "]}"
    return text.encode(draw(st.sampled_from(["utf-8", "utf-8", "utf-16", "utf-32"])))


@st.composite
def huge_json(draw) -> bytes:
    """A flat document of any size up to past the request limit."""
    size = draw(st.integers(1000, 300_000) | st.sampled_from([MAX_JSON_BYTES - 40, MAX_JSON_BYTES + 1, 1024 * 1024]))
    shape = draw(st.sampled_from(["long text", "many fields", "long list", "long number"]))
    if shape == "long text":
        return json.dumps({"note": "x" * size}).encode()
    if shape == "many fields":
        return json.dumps({f"f{n}": "v" for n in range(size // 10)}).encode()
    if shape == "long list":
        return ("[" + ",".join(["1"] * (size // 2)) + "]").encode()
    return ("1" * size).encode()


def fill(rule: str, episode: int, timer: int) -> str:
    """A path the rule matches, with this device's rows for its ids."""
    values = {"episode_id": str(episode), "timer_id": str(timer)}
    return re.sub(r"<(?:[^:>]+:)?([^>]+)>", lambda m: values.get(m.group(1), "x"), rule)


@pytest.mark.parametrize("rule", RULES)
def test_nested_or_huge_json_to_any_route_is_a_4xx_at_worst(app, client, rule):
    allowed = {method for r in app.url_map.iter_rules() if r.rule == rule for method in r.methods}

    @JSON_SWEEP
    @given(
        method=st.sampled_from(WRITE_METHODS),
        body=nested_json() | huge_json(),
        sender=st.sampled_from(SENDERS),
        content_type=st.sampled_from(JSON_TYPES),
        htmx=st.booleans(),
    )
    def sweep(method, body, sender, content_type, htmx):
        client.post("/episodes")  # an open episode (resumed if there is one)
        before = snapshot(client)
        episode = next(e["id"] for e in before["episodes"] if e["ended_at"] is None)
        timers = [t["id"] for t in before["timer_runs"]]
        path = fill(rule, episode, timers[-1] if timers else episode)
        headers, from_elsewhere = sender
        response = client.open(
            path, method=method, data=body, content_type=content_type, headers={**headers, **(HTMX if htmx else {})}
        )
        assert response.status_code < 500, (method, path, len(body))
        if from_elsewhere:
            assert response.status_code == 403
        elif not allowed:
            assert response.status_code == 404
        elif method not in allowed:
            assert response.status_code == 405
        if response.status_code >= 400:
            assert snapshot(client) == before, (method, path, response.status_code)

    sweep()


# --- Tap times from anywhere in the calendar, on the outbox routes --------------

# Offsets in whole minutes, as ISO 8601 writes them.
zones = st.integers(-(24 * 60 - 1), 24 * 60 - 1).map(lambda minutes: timezone(timedelta(minutes=minutes)))
any_moment = st.datetimes(min_value=datetime.min, max_value=datetime.max, timezones=zones)
near_now = st.builds(
    lambda offset, zone: (T0 + offset).astimezone(zone),
    st.timedeltas(min_value=-timedelta(days=2), max_value=timedelta(days=1)),
    zones,
)
moments = any_moment | near_now
TAP_SWEEP = settings(SWEEP, max_examples=30)


def iso(moment: datetime) -> str:
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def read(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


@pytest.mark.parametrize("keyed", [False, True], ids=["no key", "Idempotency-Key"])
def test_any_tap_time_on_an_outbox_route_is_taken_or_refused_never_a_5xx(app, client, clock, keyed):
    @TAP_SWEEP
    @given(write=st.sampled_from(OUTBOX_WRITES), tapped=moments, sent=st.none() | moments)
    def sweep(write, tapped, sent):
        client.post("/episodes")
        before = snapshot(client)
        episode = next(e["id"] for e in before["episodes"] if e["ended_at"] is None)
        timers = [t["id"] for t in before["timer_runs"]]
        template, data = write
        path = template.format(episode=episode, timer=timers[-1] if timers else episode)
        headers = {"X-Spasm-Tapped-At": iso(tapped)}
        if sent is not None:
            headers["X-Spasm-Sent-At"] = iso(sent)
        if keyed:
            headers["Idempotency-Key"] = str(uuid.uuid4())
        response = client.post(path, data=data, headers=headers)
        assert response.status_code < 500, (path, headers)
        # Read back as written (to the millisecond), the wait is a timedelta whatever the dates.
        wait = (read(headers["X-Spasm-Sent-At"]) if sent is not None else T0) - read(headers["X-Spasm-Tapped-At"])
        if not -tap_time.MAX_AHEAD <= wait <= tap_time.MAX_AGE:
            assert response.status_code == 422, (path, headers)
            assert snapshot(client) == before

    sweep()
