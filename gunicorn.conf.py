"""gunicorn settings for Spasm: `gunicorn --config gunicorn.conf.py app:app`.

Every value can be overridden by the variables read below.
"""

import multiprocessing
import os

bind = os.environ.get("BIND", f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '5000')}")
# Requests are short and mostly CPU (templates); a few threads per worker
# cover the moments a worker waits on the database.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2))
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
worker_class = "gthread"
keepalive = 5
timeout = 30
graceful_timeout = 10
# Trust X-Forwarded-* only from the local reverse proxy.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = os.environ.get("ACCESS_LOG") or None
errorlog = "-"


def pre_request(worker, req):
    """Close the connection after a body larger than the app accepts.

    The app answers 413 without reading such a body, and the rest of it
    cannot be skipped cheaply. Marked here, gunicorn's answer says
    "Connection: close", rather than promising keep-alive and then dropping
    the connection while it tries to skip the rest.
    """
    limit = getattr(worker.wsgi, "config", {}).get("MAX_CONTENT_LENGTH")
    length = next((value for name, value in req.headers if name == "CONTENT-LENGTH"), "")
    if limit and length.isdigit() and int(length) > limit:
        req.must_close = True
