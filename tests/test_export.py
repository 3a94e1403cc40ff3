"""Export: everything of this device, nothing of any other, in JSON and CSV."""

import csv
import io
import json
import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from spasm.history import export
from tests.test_history import NOW, add_episode, fixed_clock, make_device  # noqa: F401  (fixture)

ISO_UTC = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$"


def full_episode(app, profile_id: int) -> int:
    onset = NOW - timedelta(days=2)
    return add_episode(
        app,
        profile_id,
        onset=onset,
        pains=[(onset + timedelta(hours=1), 8), (NOW, 5)],
        red_flags={"fever": "yes", "chest_pain": "unsure"},
        timers=[
            {
                "kind": "cold",
                "planned_seconds": 900,
                "started_at": onset + timedelta(hours=2),
                "ends_at": onset + timedelta(hours=2, minutes=15),
                "ended_at": onset + timedelta(hours=2, minutes=15),
                "status": "completed",
            }
        ],
        notes=[("medicine", '=HYPERLINK("x")'), ("note", "Walked, 10 min.\nFelt OK.")],
    )


@pytest.fixture
def two_devices(app, client, other_client):
    mine = make_device(app, client)
    theirs = make_device(app, other_client)
    return {"mine": full_episode(app, mine), "theirs": full_episode(app, theirs), "profile": mine}


def parse_csv(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(response.get_data().decode("utf-8-sig"))))


# --- Format ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (datetime(2026, 3, 10, 12, 0, tzinfo=UTC), "2026-03-10T12:00:00Z"),
        (datetime(2026, 3, 10, 13, 30, tzinfo=UTC).astimezone(ZoneInfo("Europe/Paris")), "2026-03-10T13:30:00Z"),
        (None, None),
    ],
)
def test_times_are_iso_8601_utc_with_z(value, expected):
    assert export.iso(value) == expected


def test_csv_has_one_record_column_first_and_no_duplicate_columns():
    columns = export.csv_columns()
    assert columns[0] == "record"
    assert len(columns) == len(set(columns))
    for fields in [export.PROFILE_FIELDS, *(f for _, f in export.RECORDS.values())]:
        assert set(fields) <= set(columns)
    assert "token_hash" not in columns


@pytest.mark.parametrize(
    ("field", "value", "cell"),
    [
        ("body", "=1+1", "'=1+1"),
        ("note", "+44 call", "'+44 call"),
        ("body", "@SUM(A1)", "'@SUM(A1)"),
        ("body", "plain", "plain"),
        ("emergency_number", "+4412", "+4412"),
        ("answer", True, "true"),
        ("pain", 0, "0"),
        ("ended_at", None, ""),
    ],
)
def test_csv_cells(field, value, cell):
    assert export._cell(field, value) == cell


def test_an_empty_export_is_a_header_only_csv():
    data = {"profile": None, **{name: [] for name in export.RECORDS}}
    text = export.to_csv(data)
    assert text.startswith("\ufeffrecord,")
    assert text.count("\r\n") == 1


# --- Downloads ---------------------------------------------------------------


def test_json_export_holds_exactly_this_devices_data(client, two_devices):
    response = client.get("/history/export.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.headers["Content-Disposition"] == 'attachment; filename="spasm-export-2026-03-10.json"'
    assert response.headers["Cache-Control"] == "no-store"
    data = json.loads(response.get_data(as_text=True))
    assert data["format"] == "spasm-export" and data["version"] == 1
    assert data["exported_at"] == "2026-03-10T12:00:00Z"
    assert data["profile"]["id"] == two_devices["profile"]
    assert data["profile"]["region"] == "eu" and data["profile"]["heat_minutes"] == 20
    assert "token_hash" not in data["profile"]
    assert [e["id"] for e in data["episodes"]] == [two_devices["mine"]]
    for name in ("check_ins", "timer_runs", "red_flag_answers", "notes"):
        assert data[name] and {row["episode_id"] for row in data[name]} == {two_devices["mine"]}
    assert [c["pain"] for c in data["check_ins"]] == [8, 5]
    fever = next(a for a in data["red_flag_answers"] if a["question"] == "fever")
    assert fever["answer"] == "yes" and fever["urgency"] == "today" and fever["question_text"]
    chest = next(a for a in data["red_flag_answers"] if a["question"] == "chest_pain")
    assert chest["answer"] == "unsure"
    # Text exactly as typed, markup and all.
    assert data["notes"][0]["body"] == '=HYPERLINK("x")'
    assert data["notes"][1]["body"] == "Walked, 10 min.\nFelt OK."
    assert data["episodes"][0]["onset_at"] == "2026-03-08T12:00:00Z"
    assert data["check_ins"][1]["recorded_at"] == "2026-03-10T12:00:00Z"


def test_json_times_are_all_utc(client, two_devices):
    data = json.loads(client.get("/history/export.json").get_data(as_text=True))
    stamps = [data["exported_at"], data["profile"]["created_at"]]
    for name in export.RECORDS:
        for row in data[name]:
            stamps.extend(v for k, v in row.items() if k.endswith("_at") and v is not None)
    assert len(stamps) > 10
    assert all(re.match(ISO_UTC, stamp) for stamp in stamps)


def test_csv_export_holds_exactly_this_devices_data(client, two_devices):
    response = client.get("/history/export.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == 'attachment; filename="spasm-export-2026-03-10.csv"'
    assert response.headers["Cache-Control"] == "no-store"
    rows = parse_csv(response)
    assert [r["record"] for r in rows] == [
        "profile",
        "episode",
        "check_in",
        "check_in",
        "timer_run",
        "red_flag_answer",
        "red_flag_answer",
        "note",
        "note",
    ]
    assert rows[0]["id"] == str(two_devices["profile"]) and rows[0]["theme"] == "auto"
    assert {r["episode_id"] for r in rows[2:]} == {str(two_devices["mine"])}
    assert rows[1]["id"] == str(two_devices["mine"])
    assert rows[7]["body"] == '\'=HYPERLINK("x")'
    assert rows[8]["body"] == "Walked, 10 min.\nFelt OK."
    assert rows[4]["kind"] == "cold" and rows[4]["status"] == "completed"


def test_the_other_device_exports_only_its_own(other_client, two_devices):
    data = json.loads(other_client.get("/history/export.json").get_data(as_text=True))
    assert data["profile"]["id"] != two_devices["profile"]
    assert [e["id"] for e in data["episodes"]] == [two_devices["theirs"]]
    assert all(row["episode_id"] == two_devices["theirs"] for row in data["check_ins"])
    rows = parse_csv(other_client.get("/history/export.csv"))
    assert {r["episode_id"] for r in rows if r["episode_id"]} == {str(two_devices["theirs"])}


def test_a_device_without_a_cookie_gets_an_empty_export(app, two_devices):
    fresh = app.test_client()
    data = json.loads(fresh.get("/history/export.json").get_data(as_text=True))
    assert data["profile"] is None
    assert all(data[name] == [] for name in export.RECORDS)
    response = fresh.get("/history/export.csv")
    assert response.status_code == 200 and parse_csv(response) == []
    # Reading an export never creates a profile or a cookie.
    assert not any(c.startswith("spasm_device=") for c in response.headers.getlist("Set-Cookie"))


def test_the_export_holds_the_answers_given_in_the_check_and_no_others(app, client):
    client.post("/episodes")
    client.post("/relief/safety-check", data={"answer": "none"})
    client.post("/relief/safety-check/more", data={"sign": ["fever"], "answer": "yes"})
    client.post("/relief/safety-check/more", data={"sign": ["cancer"], "answer": "unsure"})
    data = json.loads(client.get("/history/export.json").get_data(as_text=True))
    answers = {row["question"]: row for row in data["red_flag_answers"]}
    assert set(answers) == {"fever", "cancer"}
    fever, cancer = answers["fever"], answers["cancer"]
    assert set(fever) == {"id", "episode_id", "question", "answer", "answered_at", "question_text", "urgency"}
    assert (fever["answer"], fever["urgency"]) == ("yes", "today")
    assert fever["question_text"] == "You have a high temperature, or feel hot and shivery."
    assert (cancer["answer"], cancer["urgency"]) == ("unsure", "today")
    assert re.match(ISO_UTC, fever["answered_at"])
    rows = [r for r in parse_csv(client.get("/history/export.csv")) if r["record"] == "red_flag_answer"]
    assert sorted((r["question"], r["answer"]) for r in rows) == [("cancer", "unsure"), ("fever", "yes")]
