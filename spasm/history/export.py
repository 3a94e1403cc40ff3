"""Everything this device has stored, as JSON or CSV.

Both formats hold the same records: the profile's settings, then episodes,
check-ins, timer runs, red-flag answers, notes and push subscriptions
(where the browser accepts timer alerts), each with its own id
and the id of the episode it belongs to. Times are ISO 8601 in UTC, ending
in "Z". The cookie token (or its hash) is never exported.

JSON: {"format", "version", "exported_at", "profile", "episodes",
"check_ins", "timer_runs", "red_flag_answers", "notes",
"push_subscriptions"}; the profile is
null, and every list empty, for a device that has saved nothing.

CSV: one table, so it opens in any spreadsheet. The first column, `record`,
says what a row is (profile, episode, check_in, timer_run,
red_flag_answer, note, push_subscription); the other columns are the union of all fields, empty
where a record has no such field. Free text that a spreadsheet would run as a
formula (starting with = + - @) is prefixed with an apostrophe; the JSON
keeps it exactly as typed.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime
from typing import Any

from .. import clock
from ..content.red_flags import CHECK_BY_KEY
from ..device import current_profile, owned, owned_all
from ..models import CheckIn, Episode, Note, PushSubscription, RedFlagAnswer, TimerRun

FORMAT = "spasm-export"
VERSION = 1

PROFILE_FIELDS = (
    "id",
    "created_at",
    "region",
    "emergency_number",
    "heat_minutes",
    "cold_minutes",
    "sound_on",
    "text_size",
    "theme",
    "help_contact_name",
    "help_contact_phone",
)
RECORDS: dict[str, tuple[Any, tuple[str, ...]]] = {
    "episodes": (Episode, ("id", "started_at", "onset_at", "onset_choice", "ended_at")),
    "check_ins": (CheckIn, ("id", "episode_id", "recorded_at", "pain", "note")),
    "timer_runs": (
        TimerRun,
        (
            "id",
            "episode_id",
            "kind",
            "planned_seconds",
            "cold_phase_seconds",
            "heat_phase_seconds",
            "started_at",
            "ends_at",
            "ended_at",
            "status",
        ),
    ),
    "red_flag_answers": (RedFlagAnswer, ("id", "episode_id", "question", "answer", "answered_at")),
    "notes": (Note, ("id", "episode_id", "created_at", "kind", "body")),
    # Where timer alerts reach this device's browser. Its keys stay out: they only
    # let the server encrypt for the browser.
    "push_subscriptions": (PushSubscription, ("id", "created_at", "endpoint", "expires_at")),
}
# Extra, readable columns for red-flag answers, so a clinician needs no code book.
RED_FLAG_EXTRAS = ("question_text", "urgency")
RECORD_NAMES = {
    "episodes": "episode",
    "check_ins": "check_in",
    "timer_runs": "timer_run",
    "red_flag_answers": "red_flag_answer",
    "notes": "note",
    "push_subscriptions": "push_subscription",
}
FREE_TEXT = {"note", "body", "help_contact_name"}
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def iso(value: datetime | None) -> str | None:
    """ISO 8601 in UTC with a "Z", or None."""
    return None if value is None else clock.iso(value)


def _value(value):
    return iso(value) if isinstance(value, datetime) else value


def _row(obj, fields: tuple[str, ...]) -> dict:
    return {field: _value(getattr(obj, field)) for field in fields}


def _red_flag_row(answer: RedFlagAnswer) -> dict:
    row = _row(answer, RECORDS["red_flag_answers"][1])
    question = CHECK_BY_KEY.get(answer.question)
    row["question_text"] = question.label if question else None
    row["urgency"] = question.urgency if question else None
    return row


def collect(now: datetime) -> dict:
    """This device's data, and nothing of any other: every query is owned()."""
    profile = current_profile()
    data: dict = {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": iso(now),
        "profile": _row(profile, PROFILE_FIELDS) if profile else None,
    }
    for name, (model, fields) in RECORDS.items():
        rows = owned_all(owned(model).order_by(model.id))
        if model is RedFlagAnswer:
            data[name] = [_red_flag_row(row) for row in rows]
        else:
            data[name] = [_row(row, fields) for row in rows]
    return data


def to_json(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


def csv_columns() -> list[str]:
    columns = ["record"]
    field_lists = [PROFILE_FIELDS, *(fields for _, fields in RECORDS.values()), RED_FLAG_EXTRAS]
    for fields in field_lists:
        columns.extend(field for field in fields if field not in columns)
    return columns


def _cell(field: str, value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    if field in FREE_TEXT and text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def to_csv(data: dict) -> str:
    """One table; see the module docstring for its columns."""
    columns = csv_columns()
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\r\n")
    writer.writeheader()
    rows: list[tuple[str, dict]] = []
    if data["profile"] is not None:
        rows.append(("profile", data["profile"]))
    for name, record in RECORD_NAMES.items():
        rows.extend((record, row) for row in data[name])
    for record, row in rows:
        writer.writerow({"record": record, **{k: _cell(k, v) for k, v in row.items()}})
    # A byte-order mark, so spreadsheets read accents and symbols as UTF-8.
    return "\ufeff" + out.getvalue()
