"""itsdangerous' timed dumps, with its set-up done once.

URLSafeTimedSerializer.dumps builds a new signer, derives its key and tries
zlib on the payload on every call; for a first visit's CSRF token and session
cookie that was most of the cost of the whole response. QuickTimedDumps
takes the key and settings from the serializer itself and writes the same
layout (payload.timestamp.signature, URL-safe base64), so the serializer's
loads() reads the result as its own. The payload is never compressed: loads
takes both, and a short random token does not shrink.
"""

from __future__ import annotations

import hmac

from itsdangerous import URLSafeTimedSerializer
from itsdangerous.encoding import base64_encode, int_to_bytes, want_bytes


class QuickTimedDumps:
    def __init__(self, serializer: URLSafeTimedSerializer):
        signer = serializer.make_signer(serializer.salt)
        self.json = serializer.serializer
        self.key = signer.derive_key()
        self.sep = want_bytes(signer.sep)
        self.digest = signer.digest_method().name
        self.now = signer.get_timestamp

    def __call__(self, obj) -> str:
        value = base64_encode(want_bytes(self.json.dumps(obj))) + self.sep + base64_encode(int_to_bytes(self.now()))
        return (value + self.sep + base64_encode(hmac.digest(self.key, value, self.digest))).decode("ascii")
