"""What makes Spasm installable: the web app manifest (and, with it, the
service worker and the offline page)."""

import hashlib
from functools import cache

from flask import Blueprint, Response, request

from . import ROOT

bp = Blueprint("pwa", __name__)


@cache
def manifest_bytes() -> bytes:
    return (ROOT / "manifest.webmanifest").read_bytes()


@bp.get("/manifest.webmanifest")
def manifest():
    """The manifest, kept at the repository root."""
    body = manifest_bytes()
    response = Response(body, mimetype="application/manifest+json")
    response.set_etag(hashlib.sha256(body).hexdigest()[:16])
    response.headers["Cache-Control"] = "no-cache"
    return response.make_conditional(request)
