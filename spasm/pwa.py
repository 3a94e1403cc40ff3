"""What makes Spasm installable and usable with no signal: the web app
manifest, the service worker and the offline page.

The service worker is a plain file, static/sw.js, served at /sw.js so that its
scope is the whole site. It is built on Workbox (static/vendor/workbox/). What
changes with each release is not written into it: /sw-data.js is a small
script, made here, that sets one constant, SPASM_RELEASE, with the cache
version, the precache list (Workbox entries with their revisions), the pages
that must be kept, the relief cards kept as htmx fragments, and the addresses
of idb and the outbox script. The worker loads it first with importScripts.

A script rather than JSON: importScripts is synchronous and runs before the
worker's install, and a browser checking for a new worker compares every
imported script byte for byte, as it does /sw.js itself. Both are served
no-cache, so a phone revalidates them on each check; a new release changes
/sw-data.js (its version at least), and the phone installs the new worker.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from flask import Blueprint, Flask, Response, abort, current_app, request, url_for

from .config import ROOT
from .content.relief import STEP_SLUGS, STEPS
from .web import assets
from .web.page_cache import shared_page
from .web.rendering import render

bp = Blueprint("pwa", __name__)

PACKAGE = Path(__file__).resolve().parent

# Public pages that make no sense without them: the service worker refuses to
# install if it cannot keep these, so an older, complete cache stays in charge.
# (The bundles are required too, the head script with the table of emergency
# numbers among them.)
CORE_PAGES = ("/", "/red-flags", "/sources", "/offline")
# The safety check asks on two screens; the second has its own address.
RELIEF_PAGES = (*(f"/relief/{slug}" for slug in STEP_SLUGS), "/relief/safety-check/more")
# The timer page as it is for a new device: with no signal, a timer started
# on the phone is shown on it (static/js/timer-panel.js).
OTHER_PAGES = ("/timer",)
# htmx asks for these as fragments; the service worker keeps those too and
# answers from them first, so Next and Back never wait for the network.
FRAGMENT_PAGES = RELIEF_PAGES

# Steps that help by reading and doing; the others save answers, which needs a signal.
OFFLINE_STEP_SLUGS = ("position", "heat-cold", "breathe", "move", "medicines")

# Short enough that a fixed page reaches everyone soon; long enough to spare a weak signal.
SHARED_CACHE = "public, max-age=300"

STATIC_FOLDERS = ("icons", "img")

# The service worker and the Workbox files it loads, under static/: a change
# to how the caches are filled is a new cache version.
WORKER = "sw.js"
WORKBOX_FOLDER = "vendor/workbox"
# The name static/sw.js reads this release's data from.
RELEASE_CONSTANT = "SPASM_RELEASE"


@cache
def manifest_bytes() -> bytes:
    return (ROOT / "manifest.webmanifest").read_bytes()


def same_for_everyone(response: Response) -> Response:
    """Let any cache keep a page whose HTML holds nothing personal."""
    response.headers["Cache-Control"] = SHARED_CACHE
    return response


@dataclass(frozen=True)
class OfflineCache:
    """What the service worker keeps: its version and the URLs it precaches.
    `required` must all be cached for a new version to take over."""

    version: str
    urls: tuple[str, ...]
    required: tuple[str, ...]
    fragments: tuple[str, ...] = FRAGMENT_PAGES

    def precache_entries(self) -> list[dict[str, str | None]]:
        """The list in Workbox's form. A URL that names its content (a
        bundle's hashed name, a static file's ?v=) needs no revision; a page
        is as new as the release."""
        return [{"url": url, "revision": None if names_its_content(url) else self.version} for url in self.urls]


def names_its_content(url: str) -> bool:
    return url.startswith("/assets/") or "?v=" in url


def _digest(body: bytes) -> str:
    # The same hash url_for("static", ...) puts in ?v=, so the URLs match the pages'.
    return hashlib.sha256(body).hexdigest()[:12]


def _static_files(static_root: Path) -> list[Path]:
    return sorted(p for folder in STATIC_FOLDERS for p in (static_root / folder).glob("*") if p.is_file())


def _manifest_icon_urls(manifest: bytes) -> list[str]:
    data = json.loads(manifest)
    icons = list(data.get("icons", []))
    for shortcut in data.get("shortcuts", []):
        icons.extend(shortcut.get("icons", []))
    return [icon["src"] for icon in icons]


def _source_files(folder: Path, pattern: str) -> list[Path]:
    return sorted(p for p in folder.rglob(pattern) if p.is_file() and "__pycache__" not in p.parts)


def _worker_files(static_root: Path) -> list[Path]:
    return [static_root / WORKER, *sorted((static_root / WORKBOX_FOLDER).glob("*.js"))]


def build_offline_cache(
    static_root: Path, templates_root: Path, bundle_filenames: list[str], manifest: bytes
) -> OfflineCache:
    """The precache list, and a version that changes whenever anything that
    shapes a cached response changes: a static file, a bundle, a template,
    the content, the code that renders the pages or the worker that keeps them."""
    statics = _static_files(static_root)
    static_urls = [f"/static/{p.relative_to(static_root).as_posix()}?v={_digest(p.read_bytes())}" for p in statics]
    bundle_urls = [f"/assets/{name}" for name in bundle_filenames]
    icon_urls = [url for url in _manifest_icon_urls(manifest) if url not in static_urls]
    urls = tuple(
        dict.fromkeys(
            [*CORE_PAGES, *RELIEF_PAGES, *OTHER_PAGES, *bundle_urls, "/manifest.webmanifest", *static_urls, *icon_urls]
        )
    )

    hasher = hashlib.sha256()
    hasher.update("\n".join(urls).encode())
    hasher.update(manifest)
    sources = [
        *((templates_root, path) for path in _source_files(templates_root, "*")),
        *((PACKAGE, path) for path in _source_files(PACKAGE, "*.py")),
        *((static_root, path) for path in _worker_files(static_root) if path.is_file()),
    ]
    for root, path in sources:
        hasher.update(path.relative_to(root).as_posix().encode())
        hasher.update(path.read_bytes())
    return OfflineCache(
        version=hasher.hexdigest()[:16],
        urls=urls,
        required=(*CORE_PAGES, *bundle_urls),
    )


def offline_cache_for(app: Flask) -> OfflineCache:
    state = app.extensions["spasm_assets"]
    return build_offline_cache(
        static_root=state["root"],
        templates_root=Path(app.template_folder or "templates"),
        bundle_filenames=[bundle.filename for bundle in state["bundles"].values()],
        manifest=manifest_bytes(),
    )


@bp.record_once
def _prepare_offline_cache(state) -> None:
    # Hash once at start-up: the files do not change under a running server.
    state.app.extensions["spasm_offline"] = offline_cache_for(state.app)


def offline_cache() -> OfflineCache:
    if current_app.debug:
        assets.bundles()  # rebuilds the bundles from the edited files
        current_app.extensions["spasm_offline"] = offline_cache_for(current_app)
    return current_app.extensions["spasm_offline"]


@bp.get("/manifest.webmanifest")
def manifest():
    """The manifest, stored at the repository root."""
    body = manifest_bytes()
    response = Response(body, mimetype="application/manifest+json")
    response.set_etag(hashlib.sha256(body).hexdigest()[:16])
    response.headers["Cache-Control"] = "no-cache"
    return response.make_conditional(request)


def no_cache_script(body: bytes, etag: str):
    """A script the browser asks again for on every update check."""
    response = Response(body, mimetype="text/javascript")
    response.headers["Cache-Control"] = "no-cache"
    response.set_etag(etag)
    return response.make_conditional(request)


@bp.get("/sw.js")
def service_worker():
    """The service worker, static/sw.js, at the root so that it controls every page."""
    worker = assets.static_file(WORKER)
    if worker is None:
        abort(404)
    return no_cache_script(worker.body, worker.digest)


def release_data(offline: OfflineCache) -> bytes:
    data = {
        "version": offline.version,
        "precache": offline.precache_entries(),
        "required": list(offline.required),
        "fragments": list(offline.fragments),
        # Loaded after Workbox, for Background Sync: idb, then the outbox.
        "idbScript": url_for("static", filename=assets.IDB.as_posix()),
        "outboxScript": url_for("static", filename=assets.OUTBOX.as_posix()),
    }
    return f"self.{RELEASE_CONSTANT} = {json.dumps(data, separators=(',', ':'))};\n".encode()


@bp.get("/sw-data.js")
def service_worker_data():
    """This release's data for the service worker (see the module's docstring)."""
    body = release_data(offline_cache())
    return no_cache_script(body, hashlib.sha256(body).hexdigest()[:16])


@bp.get("/offline")
@shared_page
def offline():
    """What a page shows when there is no signal and no saved copy of it."""
    steps = [step for step in STEPS if step.slug in OFFLINE_STEP_SLUGS]
    return same_for_everyone(render("pwa/offline.html", "pwa/_offline.html", steps=steps))
