"""The quick timed dumps write what itsdangerous would, and read back."""

import hashlib
import os

import pytest
from itsdangerous import BadSignature, URLSafeTimedSerializer

from spasm.quick_signing import QuickTimedDumps


def random_token() -> str:
    return hashlib.sha1(os.urandom(64)).hexdigest()


@pytest.fixture
def serializers(app):
    with app.app_context():
        yield {
            "csrf": (URLSafeTimedSerializer(app.secret_key, salt="wtf-csrf-token"), random_token()),
            "session": (app.session_interface.get_signing_serializer(app), {"csrf_token": random_token()}),
        }


@pytest.mark.parametrize("kind", ["csrf", "session"])
def test_the_same_bytes_as_the_serializer_itself(serializers, monkeypatch, kind):
    serializer, payload = serializers[kind]
    monkeypatch.setattr("time.time", lambda: 1_800_000_000.5)
    assert QuickTimedDumps(serializer)(payload) == serializer.dumps(payload)


@pytest.mark.parametrize("kind", ["csrf", "session"])
def test_the_serializer_reads_it_and_only_with_its_key(serializers, kind):
    serializer, payload = serializers[kind]
    signed = QuickTimedDumps(serializer)(payload)
    assert serializer.loads(signed, max_age=60) == payload
    other = URLSafeTimedSerializer("another key", salt=serializer.salt)
    with pytest.raises(BadSignature):
        other.loads(signed)
