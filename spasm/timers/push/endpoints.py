"""Where the server may send a push: only to the browsers' push services.

The server POSTs to whatever endpoint a browser hands it, so an endpoint is
a door into the server's own network unless it is checked. It must be https
to a host on the PUSH_SERVICES list, or to a subdomain of one. The check runs
when a subscription is saved and again before every send, so shortening the
list stops sends to the hosts taken off it.

PUSH_ALLOW_LOOPBACK=true also lets http(s)://127.0.0.1:<port> and
localhost:<port> through, for a push service faked in tests.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import SplitResult, urlsplit

from flask import Flask

MAX_LENGTH = 1000
PORT_MESSAGE = "The endpoint's port must be a number from 1 to 65535."
NOT_A_URL = "The endpoint is not a valid URL."
LOOPBACK_HOSTS = ("127.0.0.1", "localhost")
# A host name in plain ASCII, as the push services hand them out. Anything
# else (IPv6 literals, percent escapes, other scripts) is refused, so the
# HTTP client cannot read the host differently from here.
HOST_NAME = re.compile(r"^[a-z0-9-]+(\.[a-z0-9-]+)*$")


class RefusedEndpoint(ValueError):
    """An endpoint the server will not send to; the message says why."""


def allowed_services(app: Flask) -> tuple[str, ...]:
    """The PUSH_SERVICES setting as host names. An environment variable gives
    it as comma-separated text; instance/config.py may give a list."""
    setting = app.config.get("PUSH_SERVICES") or ()
    if isinstance(setting, str):
        setting = setting.split(",")
    hosts = (str(host).strip().strip(".").lower() for host in setting)
    return tuple(host for host in hosts if host)


def on_the_list(host: str, services: Iterable[str]) -> bool:
    """The host is a listed service or a subdomain of one: the dot before the
    suffix keeps evilfcm.googleapis.com out, and the suffix being the end keeps
    fcm.googleapis.com.evil.example out."""
    return any(host == service or host.endswith("." + service) for service in services)


def check_endpoint(endpoint: object, services: Iterable[str], allow_loopback: bool) -> str:
    """The endpoint if the server may POST to it, else RefusedEndpoint.

    Where a listed host's name leads is not checked: should it resolve to a
    private address, that is the push service's business, not a way in. The
    list is the guard, so no address is looked up here or when sending."""
    if not isinstance(endpoint, str) or not endpoint or len(endpoint) > MAX_LENGTH:
        raise RefusedEndpoint("The endpoint must be a URL.")
    parts, port = _split(endpoint)
    host = parts.hostname or ""
    if allow_loopback and host in LOOPBACK_HOSTS and port is not None:
        return endpoint
    if parts.scheme != "https":
        raise RefusedEndpoint("The endpoint must use https.")
    if not _is_name(host) or not on_the_list(host, services):
        raise RefusedEndpoint("The endpoint must be a browser's push service.")
    return endpoint


def _is_name(host: str) -> bool:
    """A DNS name, not an IPv4 address in any notation (127.0.0.1, 2130706433,
    0x7f.1): no top-level domain is all digits, so a listed host never ends
    in a number and the list cannot let an address through by its suffix."""
    return bool(HOST_NAME.match(host)) and not host.rpartition(".")[2].isdigit()


def _split(endpoint: str) -> tuple[SplitResult, int | None]:
    """The parts of a plain absolute http(s) URL with a host, and its port."""
    if any(ch.isspace() or not ch.isprintable() for ch in endpoint):
        raise RefusedEndpoint(NOT_A_URL)
    try:
        parts = urlsplit(endpoint)
    except ValueError:
        raise RefusedEndpoint(NOT_A_URL) from None
    _check_port(parts.netloc)  # first, for its own message
    try:
        port = parts.port
    except ValueError:
        raise RefusedEndpoint(NOT_A_URL) from None
    if parts.scheme not in ("http", "https"):
        raise RefusedEndpoint("The endpoint must use https.")
    if parts.username is not None or parts.password is not None or not parts.hostname or parts.fragment:
        raise RefusedEndpoint(NOT_A_URL)
    return parts, port


def _check_port(netloc: str) -> None:
    """Refuse a port that is written but is not 1 to 65535. urlsplit reads
    ":0" as port 0, which would then pass for no port at all (the scheme's
    default), and refuses others only as "not a valid URL"."""
    after_host = netloc.rpartition("@")[2]
    if after_host.startswith("["):
        after_host = after_host.partition("]")[2]
    if ":" not in after_host:
        return
    written = after_host.rpartition(":")[2]
    if written == "":
        return  # "host:" means the default port
    if not (written.isascii() and written.isdigit() and 1 <= int(written) <= 65535):
        raise RefusedEndpoint(PORT_MESSAGE)
