"""gzip for text responses rendered per request.

Files that are the same for everyone (CSS and JS bundles, shared pages) are
compressed once, with brotli at its best, elsewhere. What is rendered for one
request is small HTML, where gzip at level 6 is within a few percent of
brotli's size at a fraction of its time.
"""

import zlib

from flask import Flask, Response, request

COMPRESSIBLE = frozenset(
    {
        "text/html",
        "text/css",
        "text/csv",
        "text/plain",
        "text/javascript",
        "application/javascript",
        "application/json",
        "application/manifest+json",
        "image/svg+xml",
    }
)
MIN_SIZE = 512  # below this the gzip header costs more than it saves
LEVEL = 6
# A gzip wrapper (16) around an 8 KiB window (13), with a small memory level:
# our pages are a few KiB, and setting up zlib's default 32 KiB window and
# tables took longer than compressing them.
WBITS = 16 + 13
MEM_LEVEL = 5


def gzip_bytes(data: bytes) -> bytes:
    compressor = zlib.compressobj(LEVEL, zlib.DEFLATED, WBITS, MEM_LEVEL)
    return compressor.compress(data) + compressor.flush()


def compress(response: Response) -> Response:
    if (
        response.direct_passthrough
        or response.is_streamed
        or response.status_code in (204, 206, 304)
        or response.status_code < 200
        or "Content-Encoding" in response.headers
        or response.mimetype not in COMPRESSIBLE
    ):
        return response
    data = response.get_data()
    if len(data) < MIN_SIZE or "gzip" not in request.accept_encodings:
        return response
    response.set_data(gzip_bytes(data))
    response.headers["Content-Encoding"] = "gzip"
    vary = response.headers.get("Vary")
    # Plain string work: parsing Vary into a set costs more than the gzip.
    if not vary:
        response.headers["Vary"] = "Accept-Encoding"
    elif "accept-encoding" not in vary.lower():
        response.headers["Vary"] = vary + ", Accept-Encoding"
    etag, weak = response.get_etag()
    if etag and not weak:
        # The compressed bytes differ from what the strong ETag named.
        response.set_etag(etag, weak=True)
    return response


def init_app(app: Flask) -> None:
    app.after_request(compress)
