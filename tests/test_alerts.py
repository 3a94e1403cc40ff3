"""Timer alerts by Web Push, end to end: a timer started through the app, the
alert worker on the test clock, and a push service on loopback that checks
the VAPID signature and decrypts each message as a browser would."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from spasm.extensions import db
from spasm.models import Alert, PushSubscription, TimerRun
from spasm.timers import alert_schedule, alerts, push
from spasm.timers.push import FAILED
from tests.conftest import T0, make_app
from tests.fake_push import FakePushService

PUSH_CONFIG = {
    "PUSH_ALLOW_LOOPBACK": True,
}
COLD_END = "Take the cold pack off now. Rest before another session."


@pytest.fixture
def clock(clock, app):
    app.config.update(PUSH_CONFIG)
    return clock


@pytest.fixture
def service(app, clock):
    with app.app_context():
        key = push.keys().public_key
    fake = FakePushService(server_key=key).start()
    yield fake
    fake.stop()
    assert fake.errors == []


@pytest.fixture
def worker(app, clock):
    made = alerts.Worker(app, threads=4)
    yield made
    made.close()


def run(app, worker) -> int:
    with app.app_context():
        return worker.run_once()


def subscribe(client, service):
    device = service.device()
    assert client.post("/push/subscription", json=device.subscription()).status_code == 201
    return device


def start(client, kind, minutes=None):
    data = {"kind": kind} if minutes is None else {"kind": kind, "minutes": str(minutes)}
    assert client.post("/timer", data=data).status_code == 303


def rows(app, model):
    with app.app_context():
        found = db.session.scalars(select(model).order_by(model.id)).all()
        db.session.expunge_all()
        return found


def test_a_one_minute_timer_sends_exactly_one_push_with_the_right_words(app, client, service, worker, clock):
    device = subscribe(client, service)
    start(client, "cold", 1)

    clock.at(seconds=59)
    assert run(app, worker) == 0
    assert service.delivered_to(device) == []

    clock.at(seconds=60)
    assert run(app, worker) == 1
    clock.at(seconds=61)
    assert run(app, worker) == 0

    [message] = service.delivered_to(device)
    assert message["web_push"] == 8030
    assert message["notification"]["title"] == "Cold timer has ended"
    assert message["notification"]["body"] == COLD_END
    assert message["notification"]["navigate"] == "http://localhost/timer"
    [delivery] = service.deliveries
    assert 0 < int(delivery.headers["ttl"]) <= 15 * 60
    assert rows(app, Alert) == []


def test_a_timer_stopped_early_sends_nothing(app, client, service, worker, clock):
    device = subscribe(client, service)
    start(client, "heat", 5)
    [session] = rows(app, TimerRun)
    clock.at(minutes=2)
    client.post(f"/timer/{session.id}/stop")
    assert rows(app, Alert) == []
    clock.at(minutes=5)
    assert run(app, worker) == 0
    assert service.delivered_to(device) == []


def test_an_alert_claimed_just_as_the_timer_was_stopped_is_not_sent(app, client, service, worker, clock):
    device = subscribe(client, service)
    start(client, "heat", 5)
    with app.app_context():
        session = db.session.scalar(select(TimerRun))
        session.status = "stopped"  # stopped, but its alert not yet removed
        db.session.commit()
    clock.at(minutes=5)
    assert run(app, worker) == 0
    assert service.delivered_to(device) == []
    assert rows(app, Alert) == []


def test_heat_tells_to_take_the_heat_off(app, client, service, worker, clock):
    device = subscribe(client, service)
    start(client, "heat", 1)
    clock.at(minutes=1)
    run(app, worker)
    [message] = service.delivered_to(device)
    assert message["notification"]["body"] == "Take the heat pack off now. Rest before another session."


def test_contrast_says_cold_off_then_heat_on_after_the_rest_then_the_end(app, client, service, worker, clock):
    device = subscribe(client, service)
    start(client, "contrast")
    clock.at(minutes=15)
    assert run(app, worker) == 1
    clock.at(minutes=24, seconds=59)
    assert run(app, worker) == 0  # the skin still rests: no heat yet
    clock.at(minutes=25)
    assert run(app, worker) == 1
    clock.at(minutes=35)
    assert run(app, worker) == 1
    said = [(m["notification"]["title"], m["notification"]["body"]) for m in service.delivered_to(device)]
    assert said == [
        ("Take the cold off", "Take the cold pack off now. Wait for your skin to warm up before the heat goes on."),
        ("Time for heat", "Put the heat on now, wrapped in a towel."),
        ("Cold, then heat has ended", "Take the heat pack off now. Rest before another session."),
    ]


def test_contrast_stopped_during_the_rest_never_says_heat_on(app, client, service, worker, clock):
    device = subscribe(client, service)
    start(client, "contrast")
    clock.at(minutes=15)
    run(app, worker)
    [session] = rows(app, TimerRun)
    clock.at(minutes=20)
    client.post(f"/timer/{session.id}/stop")
    clock.at(minutes=35)
    assert run(app, worker) == 0
    assert [m["notification"]["title"] for m in service.delivered_to(device)] == ["Take the cold off"]


def test_a_contrast_session_stored_without_a_rest_has_no_heat_on_alert(app, client):
    start(client, "contrast")
    with app.app_context():
        session = db.session.scalar(select(TimerRun))
        session.planned_seconds = session.cold_phase_seconds + session.heat_phase_seconds
        session.ends_at = session.started_at + timedelta(seconds=session.planned_seconds)
        assert [kind for kind, _ in alert_schedule.first_alerts(session)] == [alert_schedule.SWITCH, alert_schedule.END]


def test_movement_reminders_repeat_until_stopped(app, client, service, worker, clock):
    device = subscribe(client, service)
    start(client, "movement")
    clock.at(minutes=30)
    assert run(app, worker) == 1
    clock.at(minutes=60)
    assert run(app, worker) == 1
    assert [m["notification"]["title"] for m in service.delivered_to(device)] == ["Time to move"] * 2
    [session] = rows(app, TimerRun)
    clock.at(minutes=70)
    client.post(f"/timer/{session.id}/stop")
    clock.at(minutes=90)
    assert run(app, worker) == 0
    assert len(service.delivered_to(device)) == 2


def test_every_subscription_of_the_device_gets_it(app, client, service, worker, clock):
    phone, laptop = subscribe(client, service), subscribe(client, service)
    start(client, "cold", 1)
    clock.at(minutes=1)
    run(app, worker)
    assert len(service.delivered_to(phone)) == len(service.delivered_to(laptop)) == 1


def test_another_device_gets_nothing(app, client, other_client, service, worker, clock):
    mine, theirs = subscribe(client, service), subscribe(other_client, service)
    start(client, "cold", 1)
    clock.at(minutes=1)
    run(app, worker)
    assert len(service.delivered_to(mine)) == 1
    assert service.delivered_to(theirs) == []


def test_a_device_that_subscribes_while_the_timer_runs_still_gets_it(app, client, service, worker, clock):
    start(client, "cold", 2)
    clock.at(minutes=1)
    device = subscribe(client, service)
    clock.at(minutes=2)
    run(app, worker)
    assert len(service.delivered_to(device)) == 1


@pytest.mark.parametrize("status", [404, 410])
def test_a_subscription_the_push_service_calls_gone_is_deleted(app, client, service, worker, clock, status):
    device = subscribe(client, service)
    service.answers[device.token] = [status]
    start(client, "cold", 1)
    clock.at(minutes=1)
    run(app, worker)
    assert rows(app, PushSubscription) == []
    assert rows(app, Alert) == []


@pytest.mark.parametrize("status", [429, 500, 503])
def test_a_busy_push_service_is_tried_again_with_backoff(app, client, service, worker, clock, status):
    device = subscribe(client, service)
    service.answers[device.token] = [status, status]
    start(client, "cold", 1)
    clock.at(minutes=1)
    run(app, worker)
    [retry] = rows(app, Alert)
    assert retry.attempts == 1 and retry.send_at == clock() + timedelta(seconds=2)
    clock.at(minutes=1, seconds=1)
    assert run(app, worker) == 0
    clock.at(minutes=1, seconds=2)
    run(app, worker)
    [retry] = rows(app, Alert)
    assert retry.attempts == 2 and retry.send_at == clock() + timedelta(seconds=4)
    clock.at(minutes=1, seconds=6)
    run(app, worker)
    assert len(service.delivered_to(device)) == 1
    assert rows(app, Alert) == []


def test_retry_after_is_respected(app, client, service, worker, clock, monkeypatch):
    device = subscribe(client, service)
    original = service.receive

    def busy(path, headers, body):
        return 429

    monkeypatch.setattr(service, "receive", busy)
    monkeypatch.setattr(push.sender, "_outcome_of", lambda status, after: push.Outcome(push.RETRY, 30.0))
    start(client, "cold", 1)
    clock.at(minutes=1)
    run(app, worker)
    [retry] = rows(app, Alert)
    assert retry.send_at == clock() + timedelta(seconds=30)
    monkeypatch.setattr(service, "receive", original)
    assert service.delivered_to(device) == []


def test_retries_end_when_the_alert_is_too_old_to_help(app, client, service, worker, clock):
    device = subscribe(client, service)
    service.answers[device.token] = [503] * 1000
    start(client, "cold", 1)
    seconds = 60
    for _ in range(100):
        clock.at(seconds=seconds)
        run(app, worker)
        pending = rows(app, Alert)
        if not pending:
            break
        seconds = int((pending[0].send_at - T0).total_seconds())
    assert rows(app, Alert) == []
    assert seconds - 60 < 15 * 60
    assert service.delivered_to(device) == []


def test_after_a_restart_what_is_due_within_the_ttl_is_sent(app, client, service, worker, clock):
    device = subscribe(client, service)
    start(client, "cold", 1)
    clock.at(minutes=11)  # no worker ran for ten minutes
    assert run(app, worker) == 1
    [delivery] = service.deliveries
    assert int(delivery.headers["ttl"]) == 5 * 60
    assert len(service.delivered_to(device)) == 1


def test_after_a_restart_what_is_too_old_is_dropped(app, client, service, worker, clock):
    device = subscribe(client, service)
    start(client, "cold", 1)
    clock.at(minutes=17)
    assert run(app, worker) == 0
    assert service.delivered_to(device) == []
    assert rows(app, Alert) == []


def test_a_long_stopped_worker_sends_the_next_movement_reminder_not_a_burst(app, client, service, worker, clock):
    device = subscribe(client, service)
    start(client, "movement")
    clock.at(hours=3, minutes=5)
    run(app, worker)  # drops the one due at 0:30 and finds the next still of use
    run(app, worker)
    assert len(service.delivered_to(device)) == 1  # the one due at 3:00, within the TTL
    [following] = rows(app, Alert)
    assert following.due_at == T0 + timedelta(hours=3, minutes=30)


def test_a_claim_held_by_a_dead_worker_is_taken_over_after_its_lease(app, client, service, worker, clock):
    device = subscribe(client, service)
    start(client, "cold", 1)
    clock.at(minutes=1)
    with app.app_context():
        assert len(worker.claim(clock())) == 1  # then the worker dies before sending
    assert run(app, worker) == 0
    clock.at(minutes=4, seconds=1)
    assert run(app, worker) == 1
    assert len(service.delivered_to(device)) == 1


def test_a_movement_reminder_taken_over_schedules_the_next_one_once(app, client, service, worker, clock):
    subscribe(client, service)
    start(client, "movement")
    clock.at(minutes=30)
    with app.app_context():
        worker.claim(clock())  # then the worker dies
    clock.at(minutes=34)
    assert run(app, worker) == 1
    [following] = rows(app, Alert)
    assert following.due_at == T0 + timedelta(minutes=60)


def start_devices(app, service, count):
    devices = []
    for _ in range(count):
        client = app.test_client()
        devices.append(subscribe(client, service))
        start(client, "cold", 1)
    return devices


def test_two_workers_racing_over_the_same_alerts_send_each_once(app, database_uri, service, clock):
    devices = start_devices(app, service, 30)
    other_app = make_app(database_uri, **PUSH_CONFIG, CLOCK=clock)
    workers = [alerts.Worker(app, threads=4, batch=4), alerts.Worker(other_app, threads=4, batch=4)]
    clock.at(minutes=1)
    barrier = threading.Barrier(2)
    claimed = [0, 0]
    failures = []

    def race(index, flask_app, worker):
        try:
            with flask_app.app_context():
                barrier.wait()
                while True:
                    handled = worker.run_once()
                    if not handled:
                        break
                    claimed[index] += handled
        except Exception as error:  # reported below, not lost in the thread
            failures.append(error)

    threads = [
        threading.Thread(target=race, args=(i, a, w))
        for i, (a, w) in enumerate(zip((app, other_app), workers, strict=True))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for worker in workers:
        worker.close()

    assert failures == []
    assert sum(claimed) == 30
    assert all(len(service.delivered_to(device)) == 1 for device in devices)
    assert len(service.deliveries) == 30
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Alert)) == 0


def test_the_sender_never_connects_to_a_private_address(app, clock, service):
    app.config["PUSH_ALLOW_LOOPBACK"] = False
    device = service.device()
    endpoint = device.endpoint.replace("http://", "https://")
    sub = PushSubscription(
        endpoint=endpoint,
        p256dh=device.subscription()["keys"]["p256dh"],
        auth=device.subscription()["keys"]["auth"],
        origin="https://spasm.example",
    )
    sender = push.Sender(app)
    try:
        assert sender.send(sub, b"{}", 60).result == FAILED
    finally:
        sender.close()
    assert service.deliveries == []


def test_the_alerts_command_sends_what_is_due(app, client, service, clock, runner):
    device = subscribe(client, service)
    start(client, "cold", 1)
    clock.at(minutes=1)
    result = runner.invoke(args=["alerts", "--once"])
    assert result.exit_code == 0, result.output
    assert "1 alerts handled" in result.output
    assert len(service.delivered_to(device)) == 1


def test_the_alerts_command_refuses_to_start_without_a_real_subject_in_production(app, runner):
    app.config.update(BEHIND_HTTPS=True, VAPID_SUBJECT="mailto:me@localhost")
    result = runner.invoke(args=["alerts", "--once"])
    assert result.exit_code != 0
    assert "not localhost" in result.output
