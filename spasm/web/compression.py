"""gzip for text responses rendered per request, done by flask-compress.

Files that are the same for everyone (CSS and JS bundles, shared pages) are
compressed once, with brotli at its best, elsewhere: they come here already
encoded and pass through untouched. What is rendered for one request is
small HTML, where gzip at level 6 is within a few percent of brotli's size at
a fraction of its time (brotli at 11 took 20 ms a page, gzip 0.3 ms).

flask-compress 1.25 measured as fast as the hand-written gzip step it
replaced: 511 against 507 req/s on home with an open episode, a page made
per request, and 2% smaller (bench trial, 2 cores, gunicorn, wrk).
"""

from flask import Flask
from flask_compress import Compress

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

SETTINGS = {
    # gzip only: brotli is kept for what is compressed once (see above).
    "COMPRESS_ALGORITHM": ["gzip"],
    "COMPRESS_LEVEL": LEVEL,
    "COMPRESS_MIN_SIZE": MIN_SIZE,
    "COMPRESS_MIMETYPES": sorted(COMPRESSIBLE),
    # A streamed response goes out as it is made, as it is.
    "COMPRESS_STREAMS": False,
}


def init_app(app: Flask) -> None:
    for key, value in SETTINGS.items():
        app.config.setdefault(key, value)
    Compress(app)
