"""/assets/ sent by WhiteNoise from files, about twice as fast as the Flask
route (WhiteNoise 6.12: 5289 against 2409 requests a second for the joined
script, 6077 against 3428 for a module; bench trial, gunicorn, 2 cores).

Outside debug mode each bundle is written at start-up, with its brotli and
gzip forms beside it, under the instance folder (instance/assets/), and
WhiteNoise, the outermost layer of the app, sends /assets/ from there. The
route in spasm/web/assets.py stays for debug mode, where every request
rebuilds the bundles so that edits show without a restart, and answers 404
for a name that is not there. Files of earlier releases are left in place,
so a page from the release before (open in a browser, or served by a server
not yet restarted) still finds its files; the folder may be emptied
whenever no server runs.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterable
from pathlib import Path

from flask import Flask
from whitenoise import WhiteNoise

from . import security
from .assets import YEAR, Bundle

# Under the instance folder: WhiteNoise sends what is in FILES; each file is
# written whole in STAGING first, so it never sees one half written.
FILES = "assets"
STAGING = "assets-staging"


def write_files(found: Iterable[Bundle], folder: Path, staging: Path) -> None:
    """Each bundle's body at its name under `folder`, its .br and .gz beside it."""
    staging.mkdir(parents=True, exist_ok=True)
    for bundle in found:
        target = folder / bundle.filename
        target.parent.mkdir(parents=True, exist_ok=True)
        for suffix, data in (("", bundle.body), (".br", bundle.br), (".gz", bundle.gz)):
            _write_once(target.with_name(target.name + suffix), data, staging)


def _write_once(path: Path, data: bytes, staging: Path) -> None:
    # Every gunicorn worker writes the files as it starts. A name is the
    # hash of what it holds, so a file already there holds these very bytes,
    # and two workers writing at once put the same bytes in the same place.
    if path.exists():
        return
    temporary = staging / secrets.token_hex(8)
    try:
        with open(temporary, "xb") as handle:
            handle.write(data)
        # No date: WhiteNoise then sends neither Last-Modified nor an ETag,
        # bytes on every response that a browser never uses on a file whose
        # URL names its content and that it keeps, immutable, for a year.
        os.utime(temporary, (0, 0))
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def file_headers(app: Flask) -> list[tuple[str, str]]:
    headers = list(security.SUBRESOURCE_HEADERS.items())
    if app.config["BEHIND_HTTPS"]:
        headers.append(("Strict-Transport-Security", security.HSTS))
    return headers


def _read_whole(file, block_size: int = 0) -> list[bytes]:
    """A wsgi.file_wrapper that reads the file at once and closes it."""
    with file:
        return [file.read()]


class AssetFiles(WhiteNoise):
    """WhiteNoise, with each file closed once sent, whatever the server."""

    @staticmethod
    def serve(static_file, environ, start_response):
        # gunicorn brings its own file wrapper (it sends with sendfile).
        # WhiteNoise's stand-in for a server without one keeps the file open
        # until the server calls close(), which test clients do only when
        # asked; these files are small enough to read whole instead.
        environ.setdefault("wsgi.file_wrapper", _read_whole)
        return WhiteNoise.serve(static_file, environ, start_response)


def serve_files(app: Flask) -> None:
    """Put WhiteNoise in front of the whole app, to send /assets/ from files.

    Call it last, outside debug mode: nothing else need see those requests.
    """
    instance = Path(app.instance_path)
    try:
        write_files(app.extensions["spasm_assets"]["bundles"].values(), instance / FILES, instance / STAGING)
    except OSError as error:
        # First aid must not fail to start over a folder it cannot write:
        # the route sends the same bytes from memory, only more slowly.
        app.logger.warning("/assets/ is served by the app, not from files: %s", error)
        return
    extra = file_headers(app)

    def add_headers(headers, path: str, url: str) -> None:
        # WhiteNoise answers before Flask's after_request hooks, which put
        # a document's headers on every other response; a file needs only
        # these (security.SUBRESOURCE_HEADERS). Worked out once per file.
        for name, value in extra:
            headers[name] = value

    files = AssetFiles(
        app.wsgi_app,
        # Same origin only, as everything else here (no CORS header).
        allow_all_origins=False,
        add_headers_function=add_headers,
        # Every name under /assets/ is a content hash.
        immutable_file_test=lambda path, url: True,
    )
    # A year, as the route and /static/ say (WhiteNoise's own is ten).
    files.FOREVER = YEAR
    files.add_files(str(instance / FILES), prefix="assets/")
    # Flask's documented way to wrap the WSGI app (a method, to mypy).
    app.wsgi_app = files  # type: ignore[method-assign]
