"""Static files under content-hashed URLs, so browsers may keep them for a year.

CSS is joined into one file (fewer requests on a weak signal). The page's
JavaScript is ES modules, served one file each under a folder named for the
hash of them all, so their relative imports stay inside one release; the few
classic scripts (htmx, and the outbox the service worker shares) are joined.
Everything is compressed once at start-up rather than on every request. One
small script more, loaded in every page's head, puts in the number to call
before the first paint.

Outside debug mode WhiteNoise sends /assets/ from files instead
(spasm/web/asset_files.py); the route here serves debug mode and 404s.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import mimetypes
import posixpath
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import brotli
from flask import Blueprint, Flask, abort, current_app, request, url_for
from werkzeug.security import safe_join

from ..content.regions import emergency_data

bp = Blueprint("assets", __name__)

YEAR = 365 * 24 * 3600
IMMUTABLE = f"public, max-age={YEAR}, immutable"
HTMX = Path("vendor") / "htmx.min.js"
IDB = Path("vendor") / "idb.umd.js"
OUTBOX = Path("js") / "outbox.js"
# Plain scripts, joined: the service worker loads the outbox (and idb under it)
# with importScripts, which cannot load a module.
CLASSIC_SCRIPTS = (HTMX, IDB, OUTBOX)
MODULES = "js"
# The red-flag page must fit the first round trip on a weak signal (its HTML
# in 14 KB) and needs no htmx: its module (js/lite.js) loads only what keeps it
# working offline, fills the "I'm stuck" text with the person's chosen contact
# and offers installation.
LITE_STYLES = ("00-base.css", "40-red-flags.css", "41-install.css", "43-help.css")
# Every page's head loads this folder's scripts without defer, before the
# body is parsed: it must stay tiny. It carries the table of numbers and time
# zones, written in from spasm/content/regions.py where it says EMERGENCY_TABLE.
EARLY = "js-early"
TABLE_MARK = b"EMERGENCY_TABLE"


# Every bundle is sent without its comments and indentation: the words for
# developers are too many bytes for a first visit on a weak signal. Only
# whole-line "//" comments go from scripts (this project's files have no
# multi-line strings), and every /* */ comment from styles.
_LINE_COMMENT = re.compile(rb"^[ \t]*//.*\n", re.M)
_BLOCK_COMMENT = re.compile(rb"/\*.*?\*/\s*", re.S)
_INDENT = re.compile(rb"^[ \t]+", re.M)


def compact(body: bytes, ext: str) -> bytes:
    body = _LINE_COMMENT.sub(b"", body) if ext == "js" else _BLOCK_COMMENT.sub(b"", body)
    return _INDENT.sub(b"", body)


@dataclass(frozen=True)
class Bundle:
    filename: str
    mimetype: str
    body: bytes
    br: bytes
    gz: bytes
    etag: str


def _joined(parts: list[Path]) -> bytes:
    return b"\n".join(part.read_bytes() for part in parts)


@cache
def emergency_table() -> str:
    """The emergency-number table as compact JSON, for the head script and
    /emergency-numbers.json alike."""
    return json.dumps(emergency_data(), separators=(",", ":"))


def early_script(parts: list[Path]) -> bytes:
    body = compact(_joined(parts), "js")
    if body.count(TABLE_MARK) != 1:
        raise RuntimeError(f"the head script must name {TABLE_MARK.decode()} once, where the table goes")
    return body.replace(TABLE_MARK, emergency_table().encode())


def _bundle(stem: str, ext: str, mimetype: str, body: bytes, hashed: bool = True) -> Bundle:
    digest = hashlib.sha256(body).hexdigest()[:12]
    return Bundle(
        filename=f"{stem}.{digest}.{ext}" if hashed else f"{stem}.{ext}",
        mimetype=mimetype,
        body=body,
        br=brotli.compress(body, quality=11),
        gz=gzip.compress(body, compresslevel=9, mtime=0),
        etag=digest,
    )


def classic_scripts(static: Path) -> list[Path]:
    for vendored in (HTMX, IDB):
        if not (static / vendored).exists():
            raise RuntimeError(f"{static / vendored} is missing: run script/bootstrap.")
    return [static / path for path in CLASSIC_SCRIPTS]


def module_files(static: Path) -> list[Path]:
    classic = set(classic_scripts(static))
    return sorted(p for p in (static / MODULES).rglob("*.js") if p not in classic)


def source_files(static: Path) -> dict[str, list[Path]]:
    return {
        "css": sorted((static / "css").glob("*.css")),
        "js": classic_scripts(static),
        "lite-css": [static / "css" / name for name in LITE_STYLES],
        "early-js": sorted((static / EARLY).glob("*.js")),
    }


def _modules(static: Path) -> dict[str, Bundle]:
    """Each module under js/<release>/, the release naming all of them."""
    folder = static / MODULES
    bodies = {p.relative_to(folder).as_posix(): compact(p.read_bytes(), "js") for p in module_files(static)}
    release = hashlib.sha256(b"".join(name.encode() + body for name, body in bodies.items())).hexdigest()[:12]
    return {
        f"module:{name}": _bundle(f"js/{release}/{name[:-3]}", "js", "text/javascript", body, hashed=False)
        for name, body in bodies.items()
    }


def build(static: Path) -> dict[str, Bundle]:
    files = source_files(static)
    return {
        "css": _bundle("app", "css", "text/css", compact(_joined(files["css"]), "css")),
        "js": _bundle("app", "js", "text/javascript", compact(_joined(files["js"]), "js")),
        "lite-css": _bundle("lite", "css", "text/css", compact(_joined(files["lite-css"]), "css")),
        "early-js": _bundle("early", "js", "text/javascript", early_script(files["early-js"])),
        **_modules(static),
    }


_IMPORT = re.compile(rb"""^(?:import|export)\b[^;]*?["']\./([\w./-]+\.js)["']""", re.M)


def imports_of(name: str, found: dict[str, Bundle]) -> list[str]:
    """The modules `name` loads, directly or through others, in a stable order."""
    seen: dict[str, None] = {}
    stack = [name]
    while stack:
        here = stack.pop()
        folder = here.rpartition("/")[0]
        for match in _IMPORT.finditer(found[f"module:{here}"].body):
            target = posixpath.normpath(posixpath.join(folder, match.group(1).decode()))
            if target not in seen and f"module:{target}" in found:
                seen[target] = None
                stack.append(target)
    return list(seen)


def module_urls(entry: str) -> list[str]:
    """The entry module's URL first, then every module it imports: the page
    preloads them all at once rather than finding them one import at a time."""
    cached = current_app.extensions["spasm_assets"]["modules"]
    if entry not in cached or current_app.debug:
        found = bundles()
        names = [entry, *imports_of(entry, found)]
        cached[entry] = [url_for("assets.bundle", filename=found[f"module:{name}"].filename) for name in names]
    return cached[entry]


def static_root() -> Path:
    return current_app.extensions["spasm_assets"]["root"]


def bundles() -> dict[str, Bundle]:
    state = current_app.extensions["spasm_assets"]
    if current_app.debug:
        # While developing, pick up edits without a restart.
        state["bundles"] = build(static_root())
    return state["bundles"]


def bundle_url(kind: str) -> str:
    """The bundle's content-hashed URL (worked out once: every page asks)."""
    urls = current_app.extensions["spasm_assets"]["urls"]
    if kind not in urls or current_app.debug:
        urls[kind] = url_for("assets.bundle", filename=bundles()[kind].filename)
    return urls[kind]


@dataclass(frozen=True)
class StaticFile:
    body: bytes
    mimetype: str
    digest: str


def static_file(filename: str) -> StaticFile | None:
    """A file under static/, read once (the files are small) and cached."""
    cache = current_app.extensions["spasm_assets"]["files"]
    if filename not in cache or current_app.debug:
        path = safe_join(str(static_root()), filename)
        if path is None or not Path(path).is_file():
            return None
        body = Path(path).read_bytes()
        mimetype = mimetypes.guess_type(filename)[0] or "application/octet-stream"
        cache[filename] = StaticFile(body, mimetype, hashlib.sha256(body).hexdigest()[:12])
    return cache[filename]


def static_digest(filename: str) -> str:
    found = static_file(filename)
    return found.digest if found else ""


# /static/ stays with this view, though WhiteNoise 6.12 sent
# /static/icons/icon-192.png faster (7281 against 3841 req/s, bench trial,
# 2 cores): a file here may be kept a year only when ?v= names its hash, and
# WhiteNoise goes by the path alone, never the query.
def serve_static(filename: str):
    """A static file; cached for a year when its URL names its content hash."""
    found = static_file(filename)
    if found is None:
        abort(404)
    response = current_app.response_class(found.body, mimetype=found.mimetype)
    response.set_etag(found.digest)
    if request.args.get("v") == found.digest:
        response.headers["Cache-Control"] = IMMUTABLE
    else:
        response.headers["Cache-Control"] = "no-cache"
    return response.make_conditional(request)


@bp.get("/assets/<path:filename>")
def bundle(filename: str):
    """A joined CSS or JS file, or one module, pre-compressed: in debug mode,
    or where the files could not be written. Otherwise WhiteNoise sends them
    (asset_files.serve_files), and only a name it does not hold gets here, for a 404."""
    match = next((b for b in bundles().values() if b.filename == filename), None)
    if match is None:
        abort(404)
    accepted = request.accept_encodings
    if "br" in accepted:
        body, encoding = match.br, "br"
    elif "gzip" in accepted:
        body, encoding = match.gz, "gzip"
    else:
        body, encoding = match.body, None
    response = current_app.response_class(body, mimetype=match.mimetype)
    if encoding:
        response.headers["Content-Encoding"] = encoding
    response.headers["Cache-Control"] = IMMUTABLE
    response.vary.add("Accept-Encoding")
    response.set_etag(match.etag)
    return response


def init_app(app: Flask, root: Path) -> None:
    app.extensions["spasm_assets"] = {"root": root, "bundles": build(root), "files": {}, "urls": {}, "modules": {}}
    app.register_blueprint(bp)
    app.add_url_rule("/static/<path:filename>", endpoint="static", view_func=serve_static)

    @app.url_defaults
    def version_static_urls(endpoint, values):
        # Every url_for("static", ...) carries the file's hash, so it can be
        # cached for a year and still change the moment the file does.
        if endpoint == "static" and "v" not in values:
            digest = static_digest(values["filename"])
            if digest:
                values["v"] = digest

    app.jinja_env.globals["bundle_url"] = bundle_url
    app.jinja_env.globals["module_urls"] = module_urls
