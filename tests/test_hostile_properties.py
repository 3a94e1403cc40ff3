"""Property-based sweep over every form: whatever is sent, in whatever shape
(form fields, multipart with files, JSON of any type), the answer is never a
5xx, a redirect never leaves the site, and a refused request (4xx) changed
nothing this device has stored.

One app and one device serve all the examples of a test: each example
starts by making sure the device has an open episode, then compares the
device's export before and after a refused request. So the function-scoped
fixtures are shared on purpose, and Hypothesis' health check about them is
turned off knowingly.
"""

from __future__ import annotations

import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from spasm.content import red_flags, relief
from spasm.content.regions import REGIONS
from spasm.device import TEXT_SIZES, THEMES
from spasm.rules.onset import ONSET_CHOICES

from .conftest import HTMX

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
            "choice": list(ONSET_CHOICES),
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
