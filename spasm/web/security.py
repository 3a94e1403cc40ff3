"""Security headers on every response, and cookie-free trust of a proxy."""

from flask import Flask, Response
from werkzeug.middleware.proxy_fix import ProxyFix

# 'self' only: no inline script or style, no eval, no third party. Every
# fetch directive falls back to default-src, so it alone covers scripts,
# styles, images, fonts, connections, media, the manifest and workers (and
# this header rides on every response, so its length matters on a weak signal).
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "form-action 'self'",
    ]
)

# Wake lock keeps the screen on during a timer; the powerful features a
# page could ask for are off.
PERMISSIONS_POLICY = "screen-wake-lock=(self), camera=(), microphone=(), geolocation=(), payment=(), usb=()"

STATIC_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "Permissions-Policy": PERMISSIONS_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    # Same-origin requests keep their Origin and Referer (the cross-origin
    # check reads them); no other site ever learns a page's address.
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}

# A script or style file is run or applied in the page that loads it, under
# that page's policy: the headers for a document (CSP, framing, permissions,
# the opener) would do nothing on it but add bytes to each of a page's files.
# These still apply: no guessing a type, no loading from another site, and a
# module's own imports are fetched under its Referrer-Policy.
SUBRESOURCE_HEADERS = {
    name: STATIC_HEADERS[name] for name in ("X-Content-Type-Options", "Referrer-Policy", "Cross-Origin-Resource-Policy")
}

HSTS = "max-age=63072000; includeSubDomains"


def init_app(app: Flask) -> None:
    headers = list(STATIC_HEADERS.items())
    if app.config["BEHIND_HTTPS"]:
        headers.append(("Strict-Transport-Security", HSTS))
    if app.config["PROXY_COUNT"]:
        count = int(app.config["PROXY_COUNT"])
        # Flask's documented way to wrap the WSGI app (a method, to mypy).
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)  # type: ignore[method-assign]

    @app.after_request
    def add_security_headers(response: Response) -> Response:
        # One look, then one append: this runs on every response.
        if "Content-Security-Policy" not in response.headers:
            response.headers.extend(headers)
        return response
