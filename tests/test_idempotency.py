"""Writes sent again from the phone's outbox: Idempotency-Key and tap times."""

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import event, false, select
from sqlalchemy.exc import OperationalError

from spasm.extensions import db
from spasm.idempotency import KEY_LIFETIME, LEASE
from spasm.models import CheckIn, Episode, IdempotencyKey, Note, Profile, RedFlagAnswer, TimerRun
from spasm.rules import tap_time
from tests.conftest import HTMX, T0, count


def rows(app, model) -> list:
    with app.app_context():
        found = db.session.scalars(select(model).order_by(model.id)).all()
        db.session.expunge_all()
        return found


def iso(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def keyed(key=None, tapped=None, **extra) -> dict:
    headers = {"Idempotency-Key": key or str(uuid.uuid4()), **extra}
    if tapped is not None:
        headers["X-Spasm-Tapped-At"] = iso(tapped)
    return headers


# ---- The same key again ----


@pytest.mark.parametrize("extra", [{}, HTMX])
def test_the_same_key_again_answers_the_first_result_and_writes_nothing(app, client, clock, extra):
    headers = keyed(**extra)
    first = client.post("/check-ins", data={"pain": "6"}, headers=headers)
    again = client.post("/check-ins", data={"pain": "6"}, headers=headers)
    assert first.status_code in (200, 303)
    assert (again.status_code, again.get_data(), again.headers.get("Location")) == (
        first.status_code,
        first.get_data(),
        first.headers.get("Location"),
    )
    assert again.headers["Cache-Control"] == "no-store"
    assert count(app, CheckIn) == 1
    assert count(app, Episode) == 1
    assert count(app, Profile) == 1


def test_each_write_kind_is_done_once_per_key(app, client, clock):
    writes = [
        ("/episodes", {}),
        ("/relief/onset", {"choice": "just_now"}),
        ("/relief/safety-check", {"sign": "chest_pain", "answer": "unsure"}),
        ("/check-ins", {"pain": "5"}),
        ("/timer", {"kind": "cold", "minutes": "15"}),
        ("/timer/stop", {"kind": "cold"}),
    ]
    for path, data in writes:
        headers = keyed()
        for _ in range(3):
            response = client.post(path, data=data, headers=headers)
            assert response.status_code in (200, 303), (path, response.status_code)
    episode_id = rows(app, Episode)[0].id
    note = keyed()
    for _ in range(2):
        assert client.post(
            f"/history/{episode_id}/notes", data={"kind": "note", "body": "Ice"}, headers=note
        ).status_code in (200, 303)
    assert count(app, Episode) == 1
    assert count(app, CheckIn) == 1
    assert count(app, TimerRun) == 1
    assert count(app, Note) == 1
    assert rows(app, TimerRun)[0].status == "stopped"
    assert count(app, RedFlagAnswer) > 0


def test_the_same_key_with_a_different_body_is_refused(app, client, clock):
    headers = keyed()
    client.post("/check-ins", data={"pain": "6"}, headers=headers)
    refused = client.post("/check-ins", data={"pain": "2"}, headers=headers)
    assert refused.status_code == 422
    other_path = client.post("/episodes", data={"pain": "6"}, headers=headers)
    assert other_path.status_code == 422
    assert [c.pain for c in rows(app, CheckIn)] == [6]


def test_a_refused_write_keeps_no_key_and_may_be_sent_again(app, client, clock):
    headers = keyed()
    assert client.post("/check-ins", data={"pain": "11"}, headers=headers).status_code == 422
    assert count(app, IdempotencyKey) == 0
    assert client.post("/check-ins", data={"pain": "9"}, headers=headers).status_code == 303
    assert [c.pain for c in rows(app, CheckIn)] == [9]


def test_a_device_with_no_profile_gets_one_at_its_first_keyed_write(app, client, clock):
    response = client.post("/check-ins", data={"pain": "4"}, headers=keyed())
    assert response.status_code == 303
    assert client.get_cookie("spasm_device") is not None
    assert count(app, Profile) == 1
    (episode,) = rows(app, Episode)
    assert [c.episode_id for c in rows(app, CheckIn)] == [episode.id]


def test_keys_belong_to_one_device(app, client, other_client, clock):
    key = str(uuid.uuid4())
    client.post("/check-ins", data={"pain": "4"}, headers=keyed(key))
    other_client.post("/check-ins", data={"pain": "4"}, headers=keyed(key))
    assert count(app, CheckIn) == 2
    assert count(app, Profile) == 2


def leave_without_an_answer(app, client, key: str, path: str, data: dict, created_at: datetime) -> None:
    """The state an older version left when killed between saving a write
    and keeping its answer: the key, the right fingerprint, no answer."""
    from spasm.idempotency import fingerprint

    with app.test_request_context(path, method="POST", data=data):
        print_ = fingerprint()
    with app.app_context():
        profile = db.session.scalars(select(Profile)).one()
        db.session.add(IdempotencyKey(profile_id=profile.id, key=key, fingerprint=print_, created_at=created_at))
        db.session.commit()


def test_a_key_without_an_answer_gets_409_within_its_lease(app, client, clock):
    key = str(uuid.uuid4())
    client.post("/episodes", headers=keyed())
    leave_without_an_answer(app, client, key, "/check-ins", {"pain": "3"}, T0)
    clock.advance(seconds=10)
    response = client.post("/check-ins", data={"pain": "3"}, headers=keyed(key))
    assert response.status_code == 409
    # When its lease ends, and with it the wait.
    assert response.headers["Retry-After"] == str(int((LEASE - timedelta(seconds=10)).total_seconds()))
    assert count(app, CheckIn) == 0


def test_a_key_without_an_answer_is_taken_over_after_its_lease(app, client, clock):
    key = str(uuid.uuid4())
    client.post("/episodes", headers=keyed())
    leave_without_an_answer(app, client, key, "/check-ins", {"pain": "3"}, T0)
    statuses = []
    for _ in range(5):
        clock.advance(seconds=LEASE.total_seconds() / 2)
        statuses.append(client.post("/check-ins", data={"pain": "3"}, headers=keyed(key, **HTMX)).status_code)
    # 409 while the lease runs, then answered, and the same answer after.
    assert statuses == [409, 200, 200, 200, 200]
    assert [c.pain for c in rows(app, CheckIn)] == [3]
    (kept,) = [row for row in rows(app, IdempotencyKey) if row.key == key]
    assert kept.status == 200 and "checkin-saved" in (kept.headers or "")


def test_an_abandoned_key_is_not_taken_over_by_a_different_request(app, client, clock):
    key = str(uuid.uuid4())
    client.post("/episodes", headers=keyed())
    leave_without_an_answer(app, client, key, "/check-ins", {"pain": "3"}, T0)
    clock.advance(minutes=5)
    assert client.post("/check-ins", data={"pain": "8"}, headers=keyed(key)).status_code == 422
    assert count(app, CheckIn) == 0


# ---- Key, write and answer: all or nothing ----


def test_a_failure_after_the_write_leaves_neither_the_write_nor_the_key(app, client, clock, monkeypatch):
    from spasm import checkins

    def fails(*args):
        raise RuntimeError("the server stops here")

    # After the check-in was saved ("committed" by the view), before the answer.
    monkeypatch.setattr(checkins, "latest_pains", fails)
    headers = keyed(**HTMX)
    with pytest.raises(RuntimeError):
        client.post("/check-ins", data={"pain": "5"}, headers=headers)
    for model in (CheckIn, Episode, IdempotencyKey, Profile):
        assert count(app, model) == 0, model.__name__
    monkeypatch.undo()
    assert client.post("/check-ins", data={"pain": "5"}, headers=headers).status_code == 200
    assert [c.pain for c in rows(app, CheckIn)] == [5]
    assert [row.status for row in rows(app, IdempotencyKey)] == [200]


class DiesWhileKeepingTheAnswer:
    """The commit that would keep a key's answer fails, as when the server
    is killed at that moment."""

    def __init__(self, app):
        with app.app_context():
            self.engine = db.engine
        self.armed = self.due = False
        event.listen(db.session, "before_commit", self.look)
        event.listen(self.engine, "commit", self.fail)

    def look(self, session):
        answered = [row for row in session.dirty if isinstance(row, IdempotencyKey) and row.status is not None]
        self.due = self.due or (self.armed and bool(answered))

    def fail(self, connection):
        if self.due:
            self.armed = self.due = False
            raise OperationalError("COMMIT", {}, Exception("the server died"))

    def close(self):
        event.remove(db.session, "before_commit", self.look)
        event.remove(self.engine, "commit", self.fail)


@pytest.mark.parametrize(
    ("path", "data", "model"),
    [
        ("/check-ins", {"pain": "4"}, CheckIn),
        ("/timer", {"kind": "heat", "minutes": "15"}, TimerRun),
        ("/relief/safety-check", {"sign": "chest_pain", "answer": "unsure"}, RedFlagAnswer),
    ],
)
def test_a_commit_that_fails_leaves_neither_the_write_nor_the_key(app, client, clock, path, data, model):
    client.post("/episodes", headers=keyed())
    failing = DiesWhileKeepingTheAnswer(app)
    try:
        headers = keyed(**HTMX)
        failing.armed = True
        response = client.post(path, data=data, headers=headers)
        assert response.status_code == 503
        assert not failing.armed, "the answer was never committed"
        assert count(app, model) == 0
        assert count(app, IdempotencyKey) == 1  # the episode's alone
        # Sent again: done once, and its answer kept.
        assert client.post(path, data=data, headers=headers).status_code == 200
        assert client.post(path, data=data, headers=headers).status_code == 200
        assert count(app, model) >= 1
        assert None not in [row.status for row in rows(app, IdempotencyKey)]
    finally:
        failing.close()
    assert count(app, Episode) == 1


def test_a_race_a_view_settles_by_rolling_back_keeps_the_key(app, client, clock, monkeypatch):
    from spasm import episodes

    client.post("/episodes", headers=keyed())
    real = episodes.open_episode
    calls = []

    def misses_once():
        calls.append(1)
        # As if another tap had opened the episode a moment after this look.
        return None if len(calls) == 1 else real()

    monkeypatch.setattr(episodes, "open_episode", misses_once)
    headers = keyed(**HTMX)
    assert client.post("/check-ins", data={"pain": "6"}, headers=headers).status_code == 200
    assert len(calls) >= 2
    monkeypatch.undo()
    assert count(app, Episode) == 1
    assert [c.pain for c in rows(app, CheckIn)] == [6]
    assert client.post("/check-ins", data={"pain": "6"}, headers=headers).status_code == 200
    assert count(app, CheckIn) == 1
    assert [row.status for row in rows(app, IdempotencyKey)] == [303, 200]


def test_a_second_safety_check_that_races_the_first_updates_it(app, client, clock, monkeypatch):
    from spasm import episodes

    client.post("/relief/safety-check", data={"sign": "chest_pain", "answer": "unsure"}, headers=keyed())
    real = episodes.owned
    looks = []

    def misses_the_answers_once(model):
        if model is RedFlagAnswer:
            looks.append(1)
            if len(looks) == 1:
                # As if the first answers were saved a moment after this look.
                return real(model).where(false())
        return real(model)

    monkeypatch.setattr(episodes, "owned", misses_the_answers_once)
    headers = keyed()
    data = {"sign": "chest_pain", "answer": "yes"}
    assert client.post("/relief/safety-check", data=data, headers=headers).status_code == 303
    assert len(looks) == 2
    monkeypatch.undo()
    ((question, answer),) = [(a.question, a.answer) for a in rows(app, RedFlagAnswer)]
    assert question == "chest_pain"
    assert answer == "yes"
    assert None not in [row.status for row in rows(app, IdempotencyKey)]


@pytest.mark.parametrize("key", ["short", "has space inside it", "x" * 65, '"unterminated', "é" * 10])
def test_an_unreadable_key_is_refused(app, client, clock, key):
    response = client.post("/check-ins", data={"pain": "3"}, headers={"Idempotency-Key": key})
    assert response.status_code == 400
    assert count(app, CheckIn) == 0


def test_a_quoted_key_is_the_same_key(app, client, clock):
    key = str(uuid.uuid4())
    client.post("/check-ins", data={"pain": "3"}, headers={"Idempotency-Key": f'"{key}"'})
    client.post("/check-ins", data={"pain": "3"}, headers={"Idempotency-Key": key})
    assert count(app, CheckIn) == 1


def test_keys_are_forgotten_after_their_lifetime(app, client, clock):
    headers = {"Idempotency-Key": str(uuid.uuid4())}
    client.post("/check-ins", data={"pain": "3"}, headers=headers)
    clock.advance(seconds=KEY_LIFETIME.total_seconds() - 60)
    client.post("/check-ins", data={"pain": "3"}, headers=headers)
    assert count(app, CheckIn) == 1
    clock.advance(minutes=2)
    client.post("/check-ins", data={"pain": "3"}, headers=headers)
    assert count(app, CheckIn) == 2
    assert count(app, IdempotencyKey) == 1


def test_a_key_outlives_the_oldest_tap_accepted():
    assert KEY_LIFETIME > tap_time.MAX_AGE


def test_writes_without_a_key_are_unchanged(app, client, clock):
    client.post("/check-ins", data={"pain": "3"})
    client.post("/check-ins", data={"pain": "3"})
    assert count(app, CheckIn) == 2
    assert count(app, IdempotencyKey) == 0


# ---- The time of the tap ----


def test_records_keep_the_time_of_the_tap(app, client, clock):
    tapped = T0 - timedelta(minutes=40)
    client.post("/episodes", headers=keyed(tapped=tapped))
    client.post("/relief/onset", data={"choice": "just_now"}, headers=keyed(tapped=tapped + timedelta(seconds=5)))
    client.post("/check-ins", data={"pain": "7"}, headers=keyed(tapped=tapped + timedelta(minutes=1)))
    (episode,) = rows(app, Episode)
    assert episode.started_at == tapped
    assert episode.onset_at == tapped + timedelta(seconds=5)
    assert rows(app, CheckIn)[0].recorded_at == tapped + timedelta(minutes=1)


def test_a_timer_started_offline_runs_from_the_tap_and_stops_at_its_tap(app, client, clock):
    started = T0 - timedelta(minutes=12)
    client.post("/timer", data={"kind": "cold", "minutes": "15"}, headers=keyed(tapped=started))
    client.post("/timer/stop", data={"kind": "cold"}, headers=keyed(tapped=started + timedelta(minutes=10)))
    (session,) = rows(app, TimerRun)
    assert session.started_at == started
    assert session.ends_at == started + timedelta(minutes=15)
    assert (session.status, session.ended_at) == ("stopped", started + timedelta(minutes=10))


def test_a_timer_whose_end_passed_while_offline_is_recorded_completed(app, client, clock):
    started = T0 - timedelta(minutes=50)
    client.post("/timer", data={"kind": "heat", "minutes": "20"}, headers=keyed(tapped=started))
    client.get("/timer")
    (session,) = rows(app, TimerRun)
    assert (session.status, session.ended_at) == ("completed", started + timedelta(minutes=20))


def test_a_note_kept_offline_is_dated_at_its_tap_and_added_once(app, client, clock):
    client.post("/episodes", headers=keyed(tapped=T0 - timedelta(hours=1)))
    episode_id = rows(app, Episode)[0].id
    tapped = T0 - timedelta(minutes=25)
    headers = keyed(tapped=tapped, **HTMX)
    for _ in range(2):
        response = client.post(
            f"/history/{episode_id}/notes", data={"kind": "medicine", "body": "Ibuprofen"}, headers=headers
        )
        assert response.status_code == 200
        assert f'id="notes-{episode_id}"' in response.get_data(as_text=True)
    (note,) = rows(app, Note)
    assert (note.kind, note.body, note.created_at) == ("medicine", "Ibuprofen", tapped)


def test_an_empty_note_kept_offline_is_refused_and_writes_nothing(app, client, clock):
    client.post("/episodes", headers=keyed())
    episode_id = rows(app, Episode)[0].id
    response = client.post(f"/history/{episode_id}/notes", data={"kind": "note", "body": "  "}, headers=keyed())
    assert response.status_code == 422
    assert count(app, Note) == 0
    assert count(app, IdempotencyKey) == 1  # the episode's alone


def test_a_picked_onset_kept_offline_is_checked_at_its_tap(app, client, clock):
    tapped = T0 - timedelta(hours=2)
    picked = {"choice": "pick_time", "picked": "2026-03-01T09:30", "tz_offset": "0"}
    for _ in range(2):
        assert client.post("/relief/onset", data=picked, headers=keyed("onset-key-1", tapped=tapped)).status_code in (
            200,
            303,
        )
    (episode,) = rows(app, Episode)
    assert (episode.onset_choice, episode.onset_at) == ("time", datetime(2026, 3, 1, 9, 30, tzinfo=UTC))
    # A time after the tap is in the future for the person who tapped: refused.
    later = {**picked, "picked": "2026-03-01T11:00"}
    refused = client.post("/relief/onset", data=later, headers=keyed(tapped=tapped))
    assert refused.status_code == 422
    assert rows(app, Episode)[0].onset_at == datetime(2026, 3, 1, 9, 30, tzinfo=UTC)


def test_a_movement_reminder_started_offline_runs_from_the_tap(app, client, clock):
    started = T0 - timedelta(minutes=45)
    headers = keyed(tapped=started)
    for _ in range(2):
        client.post("/timer", data={"kind": "movement"}, headers=headers)
    (session,) = rows(app, TimerRun)
    assert (session.kind, session.started_at, session.status) == ("movement", started, "running")


def test_the_bounds_are_applied_to_a_replayed_start(app, client, clock):
    response = client.post(
        "/timer", data={"kind": "cold", "minutes": "25"}, headers=keyed(tapped=T0 - timedelta(minutes=5))
    )
    assert response.status_code == 422
    assert count(app, TimerRun) == 0


def test_the_cold_rest_rule_is_applied_at_the_tap(app, client, clock):
    first = T0 - timedelta(hours=3)
    client.post("/timer", data={"kind": "cold", "minutes": "10"}, headers=keyed(tapped=first))
    # Ten minutes after that cold ended, by the tap; over two hours by the server's clock.
    second = client.post(
        "/timer", data={"kind": "cold", "minutes": "10"}, headers=keyed(tapped=first + timedelta(minutes=20), **HTMX)
    )
    assert "less than 2 hours after the last cold" in second.get_data(as_text=True)


def test_a_stop_never_ends_a_timer_started_after_the_tap(app, client, clock):
    client.post("/timer", data={"kind": "cold", "minutes": "15"})
    response = client.post("/timer/stop", data={"kind": "cold"}, headers=keyed(tapped=T0 - timedelta(minutes=1)))
    assert response.status_code == 409
    assert rows(app, TimerRun)[0].status == "running"


def test_a_stop_of_an_unknown_kind_is_refused(app, client, clock):
    assert client.post("/timer/stop", data={"kind": "lava"}).status_code == 422


@pytest.mark.parametrize(
    ("offset", "message"),
    [
        (timedelta(minutes=3), "in the future"),
        (-timedelta(hours=24, minutes=1), "more than a day"),
    ],
)
def test_tap_times_out_of_bounds_are_refused_and_write_nothing(app, client, clock, offset, message):
    response = client.post("/check-ins", data={"pain": "3"}, headers=keyed(tapped=T0 + offset))
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert count(app, CheckIn) == 0
    assert count(app, IdempotencyKey) == 0


def test_a_tap_slightly_ahead_counts_as_now(app, client, clock):
    client.post("/check-ins", data={"pain": "3"}, headers=keyed(tapped=T0 + timedelta(seconds=90)))
    assert rows(app, CheckIn)[0].recorded_at == T0


@pytest.mark.parametrize("value", ["", "yesterday", "2026-03-01T11:00:00", "2026-13-01T11:00:00Z", "1" * 50])
def test_unreadable_tap_times_are_refused(value):
    with pytest.raises(tap_time.TapTimeError):
        tap_time.parse(value, T0)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-03-01T11:59:00.000Z", T0 - timedelta(minutes=1)),
        ("2026-03-01T13:30:00+02:00", T0 - timedelta(minutes=30)),
        ("2026-03-01T12:01:59Z", T0),
        ("2026-02-28T12:00:00Z", T0 - timedelta(hours=24)),
    ],
)
def test_tap_times_within_bounds(value, expected):
    assert tap_time.parse(value, T0) == expected


def test_a_phone_clock_that_is_off_does_not_move_the_tap(app, client, clock):
    fast = timedelta(minutes=7)
    tapped = T0 - timedelta(minutes=3) + fast
    headers = keyed(tapped=tapped, **{"X-Spasm-Sent-At": iso(T0 + fast)})
    client.post("/check-ins", data={"pain": "3"}, headers=headers)
    assert rows(app, CheckIn)[0].recorded_at == T0 - timedelta(minutes=3)


@pytest.mark.parametrize(
    ("tapped", "sent", "expected"),
    [
        ("2026-03-01T12:07:00Z", "2026-03-01T12:10:00Z", T0 - timedelta(minutes=3)),
        ("2026-03-01T09:00:00Z", "2026-03-01T09:00:30Z", T0 - timedelta(seconds=30)),
    ],
)
def test_the_wait_is_measured_on_the_phones_clock(tapped, sent, expected):
    assert tap_time.parse(tapped, T0, sent) == expected


def test_a_tap_after_its_sending_or_a_day_before_is_refused():
    with pytest.raises(tap_time.TapTimeError):
        tap_time.parse("2026-03-01T12:10:00Z", T0, "2026-03-01T12:00:00Z")
    with pytest.raises(tap_time.TapTimeError):
        tap_time.parse("2026-03-01T12:00:00Z", T0, "2026-03-02T12:01:00Z")
    with pytest.raises(tap_time.TapTimeError):
        tap_time.parse("2026-03-01T12:00:00Z", T0, "soon")
