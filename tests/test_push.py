"""Push subscriptions: what is kept, what is refused, and the VAPID keys."""

from __future__ import annotations

import base64
import json
import os
import stat
from datetime import timedelta

import pytest
import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from requests.adapters import BaseAdapter
from sqlalchemy import select

from spasm.extensions import db
from spasm.models import Alert, Profile, PushSubscription
from spasm.timers import alerts, push
from spasm.timers.push.endpoints import allowed_services
from tests.conftest import T0, count, make_app
from tests.fake_push import FakePushService

PUSH_HOST = "fcm.googleapis.com"


def b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def browser_keys() -> dict:
    key = ec.generate_private_key(ec.SECP256R1()).public_key()
    point = key.public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    return {"p256dh": b64url(point), "auth": b64url(os.urandom(16))}


def subscription(endpoint=f"https://{PUSH_HOST}/fcm/send/abc123", **changes) -> dict:
    data = {"endpoint": endpoint, "expirationTime": None, "keys": browser_keys()}
    data.update(changes)
    return data


def saved(app) -> list[PushSubscription]:
    with app.app_context():
        found = db.session.scalars(select(PushSubscription)).all()
        db.session.expunge_all()
        return found


def test_a_subscription_is_kept_for_this_device(app, client):
    data = subscription()
    response = client.post("/push/subscription", json=data)
    assert response.status_code == 201
    assert response.headers["Cache-Control"] == "no-store"
    assert "spasm_device=" in response.headers["Set-Cookie"]
    [row] = saved(app)
    assert row.endpoint == data["endpoint"]
    assert row.p256dh == data["keys"]["p256dh"] and row.auth == data["keys"]["auth"]
    assert row.origin == "http://localhost"


def test_the_same_subscription_again_updates_it(app, client):
    data = subscription()
    client.post("/push/subscription", json=data)
    data["keys"] = browser_keys()
    data["expirationTime"] = 1_900_000_000_000
    assert client.post("/push/subscription", json=data).status_code == 200
    [row] = saved(app)
    assert row.p256dh == data["keys"]["p256dh"]
    assert row.expires_at is not None and row.expires_at.year == 2030


def test_two_devices_may_hold_the_same_endpoint(app, client, other_client):
    data = subscription()
    client.post("/push/subscription", json=data)
    other_client.post("/push/subscription", json=data)
    assert len({row.profile_id for row in saved(app)}) == 2


def bad(**changes):
    return subscription(**changes)


def with_keys(**keys):
    data = subscription()
    data["keys"].update(keys)
    return data


BAD_SUBSCRIPTIONS = {
    "a list": [subscription()],
    "no endpoint": {"keys": browser_keys(), "expirationTime": None},
    "endpoint not text": bad(endpoint=42),
    "plain http": bad(endpoint=f"http://{PUSH_HOST}/x"),
    "ftp": bad(endpoint=f"ftp://{PUSH_HOST}/x"),
    "javascript": bad(endpoint="javascript:alert(1)"),
    "credentials in the URL": bad(endpoint=f"https://user:pw@{PUSH_HOST}/x"),
    "no host": bad(endpoint="https:///x"),
    "bad port": bad(endpoint=f"https://{PUSH_HOST}:99999/x"),
    "loopback": bad(endpoint="https://127.0.0.1/x"),
    "loopback by name": bad(endpoint="https://localhost/x"),
    "IPv6 loopback": bad(endpoint="https://[::1]/x"),
    "private": bad(endpoint="https://10.0.0.7/x"),
    "private 192.168": bad(endpoint="https://192.168.1.1/x"),
    "cloud metadata": bad(endpoint="https://169.254.169.254/latest/meta-data"),
    "shared address space": bad(endpoint="https://100.100.100.200/x"),
    "IPv6 unique local": bad(endpoint="https://[fd00:ec2::254]/x"),
    "IPv4 inside IPv6": bad(endpoint="https://[::ffff:10.0.0.1]/x"),
    "unspecified": bad(endpoint="https://0.0.0.0/x"),
    "multicast": bad(endpoint="https://224.0.0.1/x"),
    "reserved": bad(endpoint="https://240.0.0.1/x"),
    "a host that is no push service": bad(endpoint="https://push.example.net/x"),
    "a push service's name after another": bad(endpoint=f"https://{PUSH_HOST}.evil.example/x"),
    "a push service's name inside another": bad(endpoint=f"https://evil{PUSH_HOST}/x"),
    "a push service's name with a trailing dot": bad(endpoint=f"https://{PUSH_HOST}./x"),
    "a push service's name percent-escaped": bad(endpoint="https://fcm%2Egoogleapis.com/x"),
    "a push service's name in another script": bad(endpoint="https://fcm.googl\u0435apis.com/x"),
    "a backslash before the host": bad(endpoint=f"https://evil.example\\@{PUSH_HOST}/x"),
    "a public IP address": bad(endpoint="https://142.250.180.10/x"),
    "NAT64 of a private address": bad(endpoint="https://[64:ff9b::a00:1]/x"),
    "6to4 of a private address": bad(endpoint="https://[2002:a00:1::1]/x"),
    "Teredo": bad(endpoint="https://[2001:0:4136:e378:8000:63bf:f5ff:fffe]/x"),
    "link-local IPv6": bad(endpoint="https://[fe80::1]/x"),
    "loopback in decimal": bad(endpoint="https://2130706433/x"),
    "loopback in hex": bad(endpoint="https://0x7f.0.0.1/x"),
    "loopback in octal": bad(endpoint="https://0177.0.0.1/x"),
    "loopback in short form": bad(endpoint="https://127.1/x"),
    "loopback http without the test switch": bad(endpoint="http://127.0.0.1:8080/x"),
    "no keys": {"endpoint": f"https://{PUSH_HOST}/x", "expirationTime": None},
    "keys not an object": bad(keys="abc"),
    "p256dh too short": with_keys(p256dh=b64url(b"\x04" + os.urandom(31))),
    "p256dh compressed": with_keys(p256dh=b64url(b"\x02" + os.urandom(32))),
    "p256dh not on the curve": with_keys(p256dh=b64url(b"\x04" + bytes(64))),
    "p256dh not base64url": with_keys(p256dh="not/base64+at all!"),
    "p256dh a number": with_keys(p256dh=12),
    "auth too short": with_keys(auth=b64url(os.urandom(15))),
    "auth too long": with_keys(auth=b64url(os.urandom(32))),
    "auth not base64url": with_keys(auth="***"),
    "expirationTime text": bad(expirationTime="soon"),
    "expirationTime true": bad(expirationTime=True),
    "expirationTime huge": bad(expirationTime=1e300),
    "expirationTime negative": bad(expirationTime=-1),
    "expirationTime very negative": bad(expirationTime=-1e300),
    "expirationTime zero": bad(expirationTime=0),
    "expirationTime in 2001": bad(expirationTime=1_000_000_000_000),
    "port 0": bad(endpoint="https://8.8.8.8:0/p"),
    "port 00": bad(endpoint=f"https://{PUSH_HOST}:00/p"),
    "port 0 on a name": bad(endpoint=f"https://{PUSH_HOST}:0/p"),
    "port 0 on IPv6": bad(endpoint="https://[2001:4860:4860::8888]:0/p"),
    "port 65536": bad(endpoint=f"https://{PUSH_HOST}:65536/p"),
    "negative port": bad(endpoint=f"https://{PUSH_HOST}:-1/p"),
}


@pytest.mark.parametrize("body", BAD_SUBSCRIPTIONS.values(), ids=BAD_SUBSCRIPTIONS.keys())
def test_a_bad_subscription_is_refused_and_nothing_is_stored(app, client, body):
    response = client.post("/push/subscription", json=body)
    assert response.status_code == 422
    assert response.get_json()["error"]
    assert "Set-Cookie" not in response.headers
    assert count(app, PushSubscription) == 0
    assert count(app, Profile) == 0


@pytest.mark.parametrize(
    "endpoint",
    [
        "https://8.8.8.8:0/p",
        f"https://{PUSH_HOST}:0/p",
        f"https://{PUSH_HOST}:65536/p",
        f"https://{PUSH_HOST}:99999/p",
        "https://[2001:4860:4860::8888]:0/p",
        f"https://{PUSH_HOST}:-1/p",
        f"https://{PUSH_HOST}:44x/p",
    ],
)
def test_a_port_out_of_range_is_refused_with_its_own_message(app, client, endpoint):
    response = client.post("/push/subscription", json=subscription(endpoint))
    assert response.status_code == 422
    assert response.get_json()["error"] == push.PORT_MESSAGE
    assert count(app, PushSubscription) == 0


@pytest.mark.parametrize(
    "endpoint",
    [
        f"https://{PUSH_HOST}:443/p",
        f"https://{PUSH_HOST}:1/p",
        f"https://{PUSH_HOST}:65535/p",
        f"https://{PUSH_HOST}:/p",
        f"https://{PUSH_HOST}:8443/p",
    ],
)
def test_the_default_port_or_one_in_range_is_accepted(app, client, endpoint):
    assert client.post("/push/subscription", json=subscription(endpoint)).status_code == 201
    assert [row.endpoint for row in saved(app)] == [endpoint]


def test_an_expiration_time_must_be_in_the_future(app, client, clock):
    now_ms = int(T0.timestamp() * 1000)
    for past in (now_ms, now_ms - 1, -now_ms):
        response = client.post("/push/subscription", json=subscription(expirationTime=past))
        assert response.status_code == 422
        assert "expirationTime" in response.get_json()["error"]
    assert count(app, PushSubscription) == 0
    response = client.post("/push/subscription", json=subscription(expirationTime=now_ms + 1000))
    assert response.status_code == 201
    [row] = saved(app)
    assert row.expires_at == T0 + timedelta(seconds=1)


def test_a_device_keeps_its_five_newest_subscriptions(app, client, other_client):
    other = subscription(f"https://{PUSH_HOST}/other-device")
    assert other_client.post("/push/subscription", json=other).status_code == 201
    endpoints = [f"https://{PUSH_HOST}/wpush/{n}" for n in range(8)]
    for endpoint in endpoints:
        assert client.post("/push/subscription", json=subscription(endpoint)).status_code == 201
    mine = [row.endpoint for row in saved(app) if row.endpoint != other["endpoint"]]
    assert len(mine) == push.MAX_PER_DEVICE == 5
    assert sorted(mine) == sorted(endpoints[-5:])
    # Another device's subscription is not one of this device's to replace.
    assert other["endpoint"] in [row.endpoint for row in saved(app)]


def test_saving_a_kept_subscription_again_replaces_nothing(app, client):
    endpoints = [f"https://{PUSH_HOST}/wpush/{n}" for n in range(5)]
    for endpoint in endpoints:
        client.post("/push/subscription", json=subscription(endpoint))
    assert client.post("/push/subscription", json=subscription(endpoints[0])).status_code == 200
    assert sorted(row.endpoint for row in saved(app)) == sorted(endpoints)


def test_a_timer_alert_reaches_at_most_five_subscriptions(app, client, clock):
    app.config["PUSH_ALLOW_LOOPBACK"] = True
    with app.app_context():
        key = push.keys().public_key
    service = FakePushService(server_key=key).start()
    worker = alerts.Worker(app, threads=2)
    try:
        devices = [service.device() for _ in range(7)]
        for device in devices:
            assert client.post("/push/subscription", json=device.subscription()).status_code == 201
        assert client.post("/timer", data={"kind": "cold", "minutes": "1"}).status_code == 303
        clock.at(minutes=1)
        with app.app_context():
            worker.run_once()
        reached = [device for device in devices if service.delivered_to(device)]
        assert reached == devices[-5:]
        assert service.errors == []
    finally:
        worker.close()
        service.stop()


@pytest.mark.parametrize(
    "body, content_type, status",
    [
        (b"not json", "application/json", 422),
        (b"", "application/json", 422),
        (b"\xff\xfe", "application/json", 422),
        (json.dumps(subscription()).encode(), "text/plain", 415),
        (json.dumps(subscription()).encode(), "application/x-www-form-urlencoded", 415),
        (json.dumps(subscription(endpoint=f"https://{PUSH_HOST}/" + "a" * 2000)).encode(), "application/json", 413),
        (b"{" + b" " * 5000 + b"}", "application/json", 413),
    ],
    ids=["not JSON", "empty", "not UTF-8", "text/plain", "a form", "endpoint too long", "over 1 KB"],
)
def test_malformed_bodies_are_refused(app, client, body, content_type, status):
    response = client.post("/push/subscription", data=body, content_type=content_type)
    assert response.status_code == status
    assert count(app, PushSubscription) == 0
    assert count(app, Profile) == 0


def test_a_subscription_of_exactly_one_kilobyte_is_accepted(app, client):
    data = subscription()
    size = len(json.dumps(data).encode())
    data["endpoint"] += "a" * (1024 - size)
    body = json.dumps(data).encode()
    assert len(body) == 1024
    assert client.post("/push/subscription", data=body, content_type="application/json").status_code == 201


def test_loopback_endpoints_only_with_the_test_switch(app, client):
    loopback = ["http://127.0.0.1:8080/x", "http://localhost:8080/y", "https://127.0.0.1:8443/z"]
    for endpoint in loopback:
        assert client.post("/push/subscription", json=subscription(endpoint)).status_code == 422
    app.config["PUSH_ALLOW_LOOPBACK"] = True
    for endpoint in loopback:
        assert client.post("/push/subscription", json=subscription(endpoint)).status_code == 201
    # Without a port, to another address, or to a push service over http, it stays refused.
    refused = ("http://127.0.0.1/x", "http://10.0.0.1:8080/x", "http://[::1]:8080/x", "https://142.250.180.10:443/x")
    for endpoint in (*refused, f"http://{PUSH_HOST}/x", f"https://{PUSH_HOST}.evil.example/x"):
        assert client.post("/push/subscription", json=subscription(endpoint)).status_code == 422
    assert count(app, PushSubscription) == 3


@pytest.mark.parametrize(
    "endpoint",
    [
        "https://fcm.googleapis.com/fcm/send/dQw4w9WgXcQ:APA91b",
        "https://fcm.googleapis.com/wp/dQw4w9WgXcQ",
        "https://updates.push.services.mozilla.com/wpush/v2/gAAAAABm",
        "https://push.apple.com/QGuQyavXutnMvSCRtBGkKJy",
        "https://web.push.apple.com/QGuQyavXutnMvSCRtBGkKJy",
        "https://notify.windows.com/w/?token=BQYAAAB",
        "https://wns2-by3p.notify.windows.com/w/?token=BQYAAAB",
        "https://android.googleapis.com/gcm/send/APA91b",
        "https://FCM.GoogleAPIs.com/fcm/send/upper-case",
    ],
)
def test_the_browsers_push_services_and_their_subdomains_are_accepted(app, client, endpoint):
    assert client.post("/push/subscription", json=subscription(endpoint)).status_code == 201
    assert [row.endpoint for row in saved(app)] == [endpoint]


def test_a_host_off_the_list_is_refused_with_a_reason(client):
    response = client.post("/push/subscription", json=subscription("https://push.example.net/x"))
    assert response.status_code == 422
    assert response.get_json()["error"] == "The endpoint must be a browser's push service."


def test_the_push_services_setting_replaces_the_list(app, client):
    app.config["PUSH_SERVICES"] = " push.example.net, Other.Example. "
    for endpoint in ("https://push.example.net/x", "https://eu.other.example/y"):
        assert client.post("/push/subscription", json=subscription(endpoint)).status_code == 201
    for endpoint in (f"https://{PUSH_HOST}/x", "https://evilpush.example.net/x", "https://other.example.net/x"):
        assert client.post("/push/subscription", json=subscription(endpoint)).status_code == 422
    assert count(app, PushSubscription) == 2


def test_an_ip_address_is_refused_even_when_the_setting_lists_it(app, client):
    app.config["PUSH_SERVICES"] = "10.0.0.7,0.0.1"
    for endpoint in ("https://10.0.0.7/x", "https://127.0.0.1/x", "https://169.254.0.1/x"):
        assert client.post("/push/subscription", json=subscription(endpoint)).status_code == 422
    assert count(app, PushSubscription) == 0


@pytest.mark.parametrize(
    "value, hosts",
    [
        ("push.example.net,push.example.org", ("push.example.net", "push.example.org")),
        ('["Push.Example.net"]', ("push.example.net",)),
        ("", ()),
    ],
)
def test_the_push_services_setting_is_read_from_the_environment(monkeypatch, sqlite_uri, value, hosts):
    monkeypatch.setenv("SPASM_PUSH_SERVICES", value)
    assert allowed_services(make_app(sqlite_uri)) == hosts


class NoNetwork(BaseAdapter):
    """Stands in for the network: notes where each push would go, then fails
    as an unreachable host would."""

    def __init__(self):
        super().__init__()
        self.tried: list[str] = []

    def send(self, request, **kwargs):
        self.tried.append(request.url)
        raise requests.ConnectionError("no network in the tests")

    def close(self):
        pass


def sender_without_network(app) -> tuple[push.Sender, NoNetwork]:
    sender = push.Sender(app)
    network = NoNetwork()
    sender.session.mount("https://", network)
    sender.session.mount("http://", network)
    return sender, network


def stored(endpoint: str) -> PushSubscription:
    return PushSubscription(endpoint=endpoint, origin="https://spasm.example", **browser_keys())


def test_the_sender_checks_the_list_again_before_sending(app):
    row = stored(f"https://{PUSH_HOST}/fcm/send/abc123")
    sender, network = sender_without_network(app)
    assert sender.send(row, b"{}", 60).result == push.RETRY
    assert network.tried == [row.endpoint]
    sender.close()
    # Taken off the list after the subscription was saved: nothing is sent.
    app.config["PUSH_SERVICES"] = "push.example.net"
    sender, network = sender_without_network(app)
    assert sender.send(row, b"{}", 60).result == push.FAILED
    assert network.tried == []
    sender.close()


@pytest.mark.parametrize(
    "endpoint",
    [f"http://{PUSH_HOST}/x", f"https://{PUSH_HOST}.evil.example/x", "https://10.0.0.1/x", "http://127.0.0.1:8080/x"],
)
def test_the_sender_refuses_an_endpoint_off_the_list_without_connecting(app, endpoint):
    sender, network = sender_without_network(app)
    assert sender.send(stored(endpoint), b"{}", 60).result == push.FAILED
    assert network.tried == []
    sender.close()


def test_a_get_is_not_allowed(client):
    assert client.get("/push/subscription").status_code == 405


def test_delete_forgets_the_subscription(app, client):
    first, second = subscription(), subscription(f"https://{PUSH_HOST}/other")
    client.post("/push/subscription", json=first)
    client.post("/push/subscription", json=second)
    response = client.delete("/push/subscription", json={"endpoint": first["endpoint"]})
    assert response.status_code == 204
    assert [row.endpoint for row in saved(app)] == [second["endpoint"]]
    assert client.delete("/push/subscription").status_code == 204
    assert saved(app) == []


def test_delete_touches_only_this_device(app, client, other_client):
    data = subscription()
    client.post("/push/subscription", json=data)
    assert other_client.delete("/push/subscription", json={"endpoint": data["endpoint"]}).status_code == 204
    assert other_client.delete("/push/subscription").status_code == 204
    assert len(saved(app)) == 1


@pytest.mark.parametrize("body", [b"nope", b"[1]", b'{"endpoint": 3}', b"{" + b" " * 2000 + b"}"])
def test_a_malformed_delete_is_refused(app, client, body):
    client.post("/push/subscription", json=subscription())
    response = client.delete("/push/subscription", data=body, content_type="application/json")
    assert 400 <= response.status_code < 500
    assert len(saved(app)) == 1


def test_subscriptions_are_exported(client):
    data = subscription()
    client.post("/push/subscription", json=data)
    exported = client.get("/history/export.json").get_json()
    [row] = exported["push_subscriptions"]
    assert row["endpoint"] == data["endpoint"]
    assert "auth" not in row and "p256dh" not in row
    assert data["endpoint"] in client.get("/history/export.csv").get_data(as_text=True)


def test_deleting_everything_deletes_subscriptions_and_alerts(app, client):
    client.post("/push/subscription", json=subscription())
    client.post("/timer", data={"kind": "cold", "minutes": "5"})
    assert count(app, Alert) == 1
    client.post("/settings/delete")
    assert count(app, PushSubscription) == 0
    assert count(app, Alert) == 0


# ---- VAPID keys ----


@pytest.fixture
def sqlite_uri(tmp_path):
    """An embedded database (never connected to by these tests)."""
    return f"sqlite:///{tmp_path / 'keys.sqlite3'}"


def test_the_key_is_made_once_into_the_instance_folder(tmp_path, sqlite_uri):
    first = make_app(sqlite_uri, VAPID_PRIVATE_KEY=None)
    second = make_app(sqlite_uri, VAPID_PRIVATE_KEY=None)
    first.instance_path = second.instance_path = str(tmp_path)
    with first.app_context():
        key = push.keys().public_key
    with second.app_context():
        assert push.keys().public_key == key
    path = tmp_path / push.KEY_FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert len(push.b64url_decode(key)) == 65


def test_a_configured_key_is_used_as_pem_or_raw(sqlite_uri):
    key = ec.generate_private_key(ec.SECP256R1())
    point = key.public_key().public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    raw = b64url(key.private_numbers().private_value.to_bytes(32, "big"))
    for configured in (pem, raw):
        app = make_app(sqlite_uri, VAPID_PRIVATE_KEY=configured)
        with app.app_context():
            assert push.keys().public_key == b64url(point)


@pytest.mark.parametrize("configured", ["not a key", b64url(os.urandom(7))])
def test_an_unusable_key_is_a_clear_error(sqlite_uri, configured):
    app = make_app(sqlite_uri, VAPID_PRIVATE_KEY=configured)
    with app.app_context(), pytest.raises(push.PushNotConfigured, match="VAPID_PRIVATE_KEY"):
        push.keys()


def test_a_shared_database_needs_a_configured_key():
    app = make_app("postgresql://spasm@db.invalid/spasm", VAPID_PRIVATE_KEY=None)
    with app.app_context(), pytest.raises(push.PushNotConfigured, match="SPASM_VAPID_PRIVATE_KEY"):
        push.keys()


@pytest.mark.parametrize(
    "subject, production, fine",
    [
        (None, False, True),
        (None, True, False),
        ("mailto:ops@spasm.example", True, True),
        ("https://spasm.example/contact", True, True),
        ("mailto:ops@localhost", True, False),
        ("https://localhost/contact", True, False),
        ("https://app.localhost", True, False),
        ("mailto:ops@127.0.0.1", True, False),
        ("mailto:ops@localhost", False, True),
        ("ops@spasm.example", False, False),
        ("http://spasm.example", True, False),
    ],
)
def test_the_subject_must_be_a_real_contact_in_production(sqlite_uri, subject, production, fine):
    app = make_app(sqlite_uri, BEHIND_HTTPS=production, VAPID_SUBJECT=subject)
    with app.app_context():
        if fine:
            assert push.keys().subject
        else:
            with pytest.raises(push.PushNotConfigured, match="SPASM_VAPID_SUBJECT"):
                push.keys()


def test_the_public_key_reaches_the_flow_and_the_running_timer(app, client):
    with app.app_context():
        key = push.keys().public_key
    control = f'data-push-key="{key}"'
    step = client.get("/relief/heat-cold").get_data(as_text=True)
    assert control in step and "Alert me even if the phone is locked" in step
    assert "data-push-saved" not in step  # a page shared by every device cannot know
    client.post("/timer", data={"kind": "cold", "minutes": "5"})
    timer = client.get("/timer").get_data(as_text=True)
    assert control in timer and 'data-push-saved="0"' in timer
    client.post("/push/subscription", json=subscription())
    assert 'data-push-saved="1"' in client.get("/timer").get_data(as_text=True)


def test_the_movement_reminder_alone_offers_it_too(client):
    client.post("/timer", data={"kind": "movement"})
    assert "data-push-on" in client.get("/timer").get_data(as_text=True)


def test_a_page_still_works_when_push_is_not_set_up(app, client):
    app.config.update(BEHIND_HTTPS=True, VAPID_SUBJECT=None)
    response = client.get("/relief/heat-cold")
    assert response.status_code == 200
    assert 'data-push-key=""' in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "headers",
    [{"Sec-Fetch-Site": "cross-site"}, {"Sec-Fetch-Site": "same-site"}, {"Origin": "https://evil.example"}],
)
def test_a_cross_site_request_is_refused_and_changes_nothing(app, client, headers):
    response = client.post("/push/subscription", json=subscription(), headers=headers)
    assert response.status_code == 403
    assert count(app, PushSubscription) == 0 and count(app, Profile) == 0
    client.post("/push/subscription", json=subscription(), headers={"Sec-Fetch-Site": "same-origin"})
    assert client.delete("/push/subscription", headers=headers).status_code == 403
    assert count(app, PushSubscription) == 1


def test_the_vapid_key_command_prints_a_usable_key(runner, sqlite_uri):
    result = runner.invoke(args=["vapid-key"])
    assert result.exit_code == 0
    configured = result.output.splitlines()[0].split("=", 1)[1]
    public = result.output.splitlines()[1].rsplit(" ", 1)[1]
    app = make_app(sqlite_uri, VAPID_PRIVATE_KEY=configured)
    with app.app_context():
        assert push.keys().public_key == public
