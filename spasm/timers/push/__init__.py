"""Web Push: this server's VAPID keys (.keys), which endpoints it may send to
(.endpoints), the browsers' subscriptions it keeps (.subscriptions, with the
endpoints the page calls in .views), and sending one alert (.sender).

The names below are the ones the rest of the app, the tests and the bench use.
"""

# bench/alerts.py makes its VAPID key through push.ec.
from cryptography.hazmat.primitives.asymmetric import ec

from .endpoints import PORT_MESSAGE
from .keys import KEY_FILE, PushNotConfigured, b64url, b64url_decode, init_app, keys, parse_private_key, public_key
from .sender import FAILED, GONE, RETRY, SENT, Outcome, Sender
from .subscriptions import MAX_PER_DEVICE, device_subscribed
from .views import bp

__all__ = [
    "FAILED",
    "GONE",
    "KEY_FILE",
    "MAX_PER_DEVICE",
    "PORT_MESSAGE",
    "RETRY",
    "SENT",
    "Outcome",
    "PushNotConfigured",
    "Sender",
    "b64url",
    "b64url_decode",
    "bp",
    "device_subscribed",
    "ec",
    "init_app",
    "keys",
    "parse_private_key",
    "public_key",
]
