"""Alert latency: from a timer's ends_at to its push arriving at the push service.

1000 devices, each with a push subscription and a cold timer; the timers end
within the same minute. The alert workers run as real processes (`flask
--app app alerts`), as in production; the push service is the fake one the
tests use (tests/fake_push.py, on loopback), which checks every VAPID
signature and decrypts every message. Printed: p50 and p99 of ends_at to
arrival, on SQLite and (with --postgres URL) PostgreSQL, with one and with
two workers. Budget: p99 at most 2 s.

    .venv/bin/python bench/alerts.py
    .venv/bin/python bench/alerts.py --postgres postgresql://spasm@127.0.0.1:55440/spasm_bench
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import flask_migrate  # noqa: E402
from sqlalchemy import insert, text  # noqa: E402

from spasm import create_app  # noqa: E402
from spasm.extensions import db  # noqa: E402
from spasm.models import Alert, Profile, PushSubscription, TimerRun  # noqa: E402
from spasm.timers import alert_schedule, push  # noqa: E402
from tests.fake_push import FakePushService  # noqa: E402

BUDGET_P99 = 2.0
FLASK = ROOT / ".venv" / "bin" / "flask"


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def prepare(url: str, key: str):
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "SECRET_KEY": "bench",
            "VAPID_PRIVATE_KEY": key,
            "VAPID_SUBJECT": "mailto:bench@spasm.example",
        }
    )
    with app.app_context():
        if not url.startswith("sqlite"):
            db.session.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            db.session.execute(text("CREATE SCHEMA public"))
            db.session.commit()
        flask_migrate.upgrade()
    return app


def load(app, service: FakePushService, devices: int, lead: float, spread: float) -> dict[str, datetime]:
    """Profiles, subscriptions, running timers and their alerts; ends_at by device token."""
    start = datetime.now(UTC) + timedelta(seconds=lead)
    ends: dict[str, datetime] = {}
    with app.app_context():
        profiles, subs, timers, due = [], [], [], []
        for number in range(1, devices + 1):
            device = service.device()
            keys = device.subscription()["keys"]
            end = start + timedelta(seconds=random.uniform(0, spread))
            ends[device.token] = end
            profiles.append({"id": number, "token_hash": secrets.token_hex(32), "created_at": start})
            subs.append(
                {
                    "profile_id": number,
                    "endpoint": device.endpoint,
                    "p256dh": keys["p256dh"],
                    "auth": keys["auth"],
                    "origin": "https://spasm.example",
                    "created_at": start,
                }
            )
            timers.append(
                {
                    "id": number,
                    "profile_id": number,
                    "kind": "cold",
                    "planned_seconds": 900,
                    "started_at": end - timedelta(minutes=15),
                    "ends_at": end,
                    "status": "running",
                }
            )
            due.append(
                {
                    "profile_id": number,
                    "timer_run_id": number,
                    "kind": alert_schedule.END,
                    "due_at": end,
                    "send_at": end,
                    "attempts": 0,
                }
            )
        for model, rows in ((Profile, profiles), (PushSubscription, subs), (TimerRun, timers), (Alert, due)):
            db.session.execute(insert(model), rows)
        db.session.commit()
        if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
            db.session.execute(text("SELECT setval('profiles_id_seq', :n)"), {"n": devices})
            db.session.commit()
        db.session.remove()
        db.engine.dispose()
    return ends


def measure(url: str, workers: int, devices: int, lead: float, spread: float) -> dict:
    key = push.b64url(
        push.ec.generate_private_key(push.ec.SECP256R1()).private_numbers().private_value.to_bytes(32, "big")
    )
    app = prepare(url, key)
    with app.app_context():
        server_key = push.keys().public_key
    service = FakePushService(server_key=server_key).start()
    env = {
        **os.environ,
        "SPASM_DATABASE_URL": url,
        "SPASM_SECRET_KEY": "bench",
        "SPASM_VAPID_PRIVATE_KEY": key,
        "SPASM_VAPID_SUBJECT": "mailto:bench@spasm.example",
        "SPASM_PUSH_ALLOW_LOOPBACK": "true",
    }
    processes = []
    try:
        for _ in range(workers):
            processes.append(
                subprocess.Popen(
                    [str(FLASK), "--app", "app", "alerts"], cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True
                )
            )
        for process in processes:  # running, as in production, before any timer ends
            assert process.stderr is not None
            line = process.stderr.readline()
            if "Alert worker started" not in line:
                raise RuntimeError(f"the alert worker did not start: {line}")
        ends = load(app, service, devices, lead, spread)
        deadline = time.time() + lead + spread + 60
        while len(service.deliveries) < devices and time.time() < deadline:
            time.sleep(0.5)
        time.sleep(2)  # anything sent twice would arrive now
    finally:
        for process in processes:
            process.send_signal(signal.SIGTERM)
        for process in processes:
            process.wait(timeout=30)
            if process.stderr:
                process.stderr.close()
        service.stop()
    arrivals: dict[str, list[float]] = {}
    for delivery in service.deliveries:
        arrivals.setdefault(delivery.token, []).append(delivery.arrived_at)
    latencies = [min(times) - ends[token].timestamp() for token, times in arrivals.items()]
    return {
        "delivered": len(arrivals),
        "duplicates": sum(len(times) - 1 for times in arrivals.values()),
        "errors": len(service.errors),
        "p50": statistics.median(latencies) if latencies else float("nan"),
        "p99": percentile(latencies, 0.99) if latencies else float("nan"),
        "max": max(latencies) if latencies else float("nan"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--devices", type=int, default=1000)
    parser.add_argument("--spread", type=float, default=60.0, help="seconds over which the timers end")
    parser.add_argument("--lead", type=float, default=8.0, help="seconds before the first may end")
    parser.add_argument("--postgres", help="a PostgreSQL URL to measure too (its schema is dropped)")
    args = parser.parse_args()

    targets = []
    with tempfile.TemporaryDirectory() as folder:
        databases = [("SQLite", None)]
        if args.postgres:
            databases.append(("PostgreSQL", args.postgres))
        print(
            f"Alert latency, {datetime.now(UTC).isoformat(timespec='seconds')} on {platform.node()}: "
            f"{os.cpu_count()} cores, Python {platform.python_version()}"
        )
        print(f"{args.devices} devices, timers ending within {args.spread:.0f} s, fake push service on loopback")
        print()
        print("| database | workers | delivered | sent twice | p50 s | p99 s | max s | p99 ≤ 2 s |")
        print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
        for name, url in databases:
            for workers in (1, 2):
                run_url = url or f"sqlite:///{Path(folder) / f'bench-{workers}.sqlite3'}"
                result = measure(run_url, workers, args.devices, args.lead, args.spread)
                ok = "ok" if result["p99"] <= BUDGET_P99 and result["delivered"] == args.devices else "OVER"
                targets.append(result)
                print(
                    f"| {name} | {workers} | {result['delivered']} | {result['duplicates']} | "
                    f"{result['p50']:.3f} | {result['p99']:.3f} | {result['max']:.3f} | {ok} |",
                    flush=True,
                )


if __name__ == "__main__":
    main()
