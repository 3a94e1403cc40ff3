"""Installable and offline: the manifest, its icons, the service worker and /offline."""

import dataclasses
import json
import re
import shutil
import struct

import pytest

import spasm
from spasm import pwa
from spasm.content.relief import STEP_SLUGS
from spasm.device import PRECACHE_HEADER
from spasm.web import assets
from tests.conftest import HTMX, make_app

ROOT = spasm.ROOT
MANIFEST = json.loads((ROOT / "manifest.webmanifest").read_text())


def png_size(path) -> tuple[int, int, int]:
    """Width, height and colour type, read from the PNG header."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path.name} is not a PNG"
    assert data[12:16] == b"IHDR"
    width, height, _depth, colour_type = struct.unpack(">IIBB", data[16:26])
    return width, height, colour_type


def file_for(src: str):
    assert src.startswith("/static/")
    return ROOT / "static" / src.removeprefix("/static/").split("?")[0]


# --- manifest ---------------------------------------------------------------


def test_manifest_names_the_app_and_opens_standalone_at_the_root():
    assert MANIFEST["id"] == "/"
    assert MANIFEST["name"] and MANIFEST["short_name"] == "Spasm"
    assert len(MANIFEST["short_name"]) <= 12
    assert MANIFEST["start_url"].startswith("/")
    assert MANIFEST["scope"] == "/"
    assert MANIFEST["display"] == "standalone"
    for key in ("theme_color", "background_color"):
        assert re.fullmatch(r"#[0-9a-f]{6}", MANIFEST[key])


def test_manifest_theme_colour_matches_the_page_meta(client):
    html = client.get("/").get_data(as_text=True)
    assert f'<meta name="theme-color" content="{MANIFEST["theme_color"]}"' in html


@pytest.mark.parametrize("size, purpose", [(192, "any"), (512, "any"), (512, "maskable")])
def test_manifest_icons_exist_at_their_declared_size(size, purpose):
    icon = next(i for i in MANIFEST["icons"] if i["sizes"] == f"{size}x{size}" and i["purpose"] == purpose)
    assert icon["type"] == "image/png"
    width, height, _ = png_size(file_for(icon["src"]))
    assert (width, height) == (size, size)


def test_the_maskable_icon_is_a_separate_file():
    maskable = [i for i in MANIFEST["icons"] if "maskable" in i["purpose"]]
    plain = [i for i in MANIFEST["icons"] if "maskable" not in i["purpose"]]
    assert len(maskable) == 1 and all(i["purpose"] == "any" for i in plain)
    assert maskable[0]["src"] not in {i["src"] for i in plain}
    big = next(i for i in plain if i["sizes"] == "512x512")
    assert file_for(maskable[0]["src"]).read_bytes() != file_for(big["src"]).read_bytes()


def test_icons_are_drawn_from_svg_sources_kept_in_the_repository():
    for name in ("icon.svg", "icon-maskable.svg", "favicon.svg"):
        assert (ROOT / "static" / "icons" / name).read_text().lstrip().startswith("<svg")
    assert (ROOT / "script" / "make-icons").exists()


def test_apple_touch_icon_is_180px_and_opaque():
    # iOS paints transparent corners black, so this one has no alpha channel.
    assert png_size(ROOT / "static" / "icons" / "apple-touch-icon.png") == (180, 180, 2)


def test_manifest_shortcuts_reach_red_flags_and_a_heat_timer():
    urls = {s["short_name"]: s["url"] for s in MANIFEST["shortcuts"]}
    assert urls == {"Red flags": "/red-flags", "Start heat": "/timer?kind=heat"}
    for shortcut in MANIFEST["shortcuts"]:
        for icon in shortcut["icons"]:
            assert file_for(icon["src"]).exists()


def test_manifest_is_served_with_its_media_type(client):
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response.mimetype == "application/manifest+json"
    assert response.get_json(force=True) == MANIFEST


def test_pages_link_the_manifest_and_carry_the_ios_tags(client):
    html = client.get("/").get_data(as_text=True)
    assert '<link rel="manifest" href="/manifest.webmanifest">' in html
    assert re.search(r'<link rel="apple-touch-icon" href="/static/icons/apple-touch-icon\.png\?v=\w+">', html)
    for name in ("apple-mobile-web-app-capable", "apple-mobile-web-app-title", "apple-mobile-web-app-status-bar-style"):
        assert f'<meta name="{name}"' in html


# --- service worker -----------------------------------------------------------


WORKER = ROOT / "static" / "sw.js"
WORKBOX_ORDER = ["core", "routing", "strategies", "precaching"]


def release(client) -> dict:
    """What /sw-data.js hands the service worker: one constant, set to JSON."""
    text = client.get("/sw-data.js").get_data(as_text=True)
    prefix = f"self.{pwa.RELEASE_CONSTANT} = "
    assert text.startswith(prefix) and text.endswith(";\n"), text[:80]
    return json.loads(text.removeprefix(prefix).removesuffix(";\n"))


def precache_list(client) -> list[str]:
    return [entry["url"] for entry in release(client)["precache"]]


def imported_scripts() -> list[str]:
    """The addresses static/sw.js names in its importScripts calls, in order."""
    calls = re.findall(r"importScripts\(([^)]*)\)", WORKER.read_text())
    return [url for call in calls for url in re.findall(r'"([^"]+)"', call)]


@pytest.mark.parametrize("path", ["/sw.js", "/sw-data.js"])
def test_the_worker_and_its_data_are_always_revalidated(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    assert response.headers["Cache-Control"] == "no-cache"
    assert "Set-Cookie" not in response.headers
    again = client.get(path, headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304


def test_the_service_worker_is_the_file_in_static_served_from_the_root(client):
    assert client.get("/sw.js").get_data() == WORKER.read_bytes()


def test_the_data_carries_this_builds_version_and_lists(app, client):
    offline = app.extensions["spasm_offline"]
    data = release(client)
    assert data["version"] == offline.version
    assert [entry["url"] for entry in data["precache"]] == list(offline.urls)
    assert data["required"] == list(offline.required)
    assert data["fragments"] == list(offline.fragments)


def test_a_new_release_changes_a_script_the_worker_imports(app, client):
    """Browsers compare the worker and every script it imports byte for byte:
    /sw.js stays the same file, /sw-data.js carries the change."""
    assert imported_scripts()[0] == "/sw-data.js"
    worker, data = client.get("/sw.js"), client.get("/sw-data.js")
    old = app.extensions["spasm_offline"]
    app.extensions["spasm_offline"] = dataclasses.replace(old, version=old.version[::-1])
    try:
        assert client.get("/sw.js").get_data() == worker.get_data()
        newer = client.get("/sw-data.js", headers={"If-None-Match": data.headers["ETag"]})
        assert newer.status_code == 200 and newer.get_data() != data.get_data()
        assert release(client)["version"] == old.version[::-1]
    finally:
        app.extensions["spasm_offline"] = old


def test_every_script_the_worker_imports_is_served_in_dependency_order(client):
    data = release(client)
    named = imported_scripts()
    # Workbox's builds each need the ones before them.
    assert named == ["/sw-data.js", *(f"/static/vendor/workbox/workbox-{part}.prod.js" for part in WORKBOX_ORDER)]
    for url in named:
        response = client.get(url)
        assert response.status_code == 200 and response.mimetype == "text/javascript", url
    assert "this.workbox" in client.get(named[1]).get_data(as_text=True)
    # The worker loads these two after Workbox, idb first: the outbox keeps its queue with it.
    assert "importScripts(SPASM_RELEASE.idbScript, SPASM_RELEASE.outboxScript);" in WORKER.read_text()
    assert ".idb=" in client.get(data["idbScript"]).get_data(as_text=True)


def test_precache_holds_the_public_pages_and_the_files_they_use(client):
    urls = precache_list(client)
    for path in ["/", "/red-flags", "/sources", "/offline", "/manifest.webmanifest"]:
        assert path in urls
    for slug in STEP_SLUGS:
        assert f"/relief/{slug}" in urls
    # Exactly the URLs the pages ask for, content hashes included.
    page = client.get("/").get_data(as_text=True)
    used = re.findall(r'(?:href|src)="(/(?:assets|static)/[^"]+)"', page)
    assert used and all(url in urls for url in used)
    for icon in MANIFEST["icons"]:
        assert icon["src"] in urls
    for name in ("position-90-90.svg", "position-side-lying.svg"):
        assert any(url.startswith(f"/static/img/{name}?v=") for url in urls)
    assert len(urls) == len(set(urls))


def test_precache_entries_carry_a_revision_unless_the_url_names_its_content(client):
    data = release(client)
    for entry in data["precache"]:
        url = entry["url"]
        hashed = url.startswith("/assets/") or re.search(r"\?v=\w+$", url)
        assert entry["revision"] == (None if hashed else data["version"]), url
    revisions = {entry["url"]: entry["revision"] for entry in data["precache"]}
    assert revisions["/"] == revisions["/red-flags"] == data["version"]


def test_the_head_script_is_precached_and_required(app, client):
    """Every page kept offline names it: without it, a page opened with no
    signal would show the deployment's number, not the phone's."""
    offline = app.extensions["spasm_offline"]
    url = f"/assets/{app.extensions['spasm_assets']['bundles']['early-js'].filename}"
    assert url in offline.urls and url in offline.required
    assert url in release(client)["required"]
    for path in ("/", "/red-flags", "/relief/position"):
        kept = client.get(path, headers={"X-Spasm-Precache": "1"}).get_data(as_text=True)
        assert f'<script src="{url}"></script>' in kept, path
    # The page reads the table from the script: nothing asks for it on its own.
    assert "/emergency-numbers.json" not in offline.urls


def test_precache_never_lists_a_personal_page_or_the_worker(client):
    urls = precache_list(client)
    # /timer is kept as a new device sees it (no timer), for timers started offline.
    for path in ["/history", "/settings", "/episodes", "/sw.js", "/sw-data.js"]:
        assert not any(url == path or url.startswith(path + "?") for url in urls)
    # The browser keeps the worker's own scripts: they are not fetched twice.
    assert not any(url.startswith("/static/vendor/workbox/") for url in urls)


def test_every_precached_url_answers_without_a_cookie(client):
    offline = client.application.extensions["spasm_offline"]
    for url in (*offline.required, "/manifest.webmanifest"):
        response = client.get(url, headers={"X-Spasm-Precache": "1"})
        assert response.status_code == 200, url
        assert "Set-Cookie" not in response.headers, url
        assert "no-store" not in response.headers.get("Cache-Control", ""), url


def test_the_worker_asks_for_its_copies_with_the_header_the_server_reads(client):
    """The worker keeps what its precache requests get and never keeps a
    no-store answer; this device's own card is sent no-store."""
    assert f'"{PRECACHE_HEADER}": "1"' in WORKER.read_text()
    client.post("/relief/onset", data={"choice": "yesterday"})
    mine = client.get("/relief/onset", headers=HTMX)
    assert mine.headers["Cache-Control"] == "no-store"
    kept = client.get("/relief/onset", headers={PRECACHE_HEADER: "1", **HTMX})
    assert "no-store" not in kept.headers.get("Cache-Control", "")
    assert "You said" not in kept.get_data(as_text=True)


def test_the_relief_cards_are_kept_as_fragments(client):
    data = release(client)
    assert data["fragments"] == [*(f"/relief/{slug}" for slug in STEP_SLUGS), "/relief/safety-check/more"]
    urls = precache_list(client)
    for path in data["fragments"]:
        assert path in urls
        card = client.get(path, headers={PRECACHE_HEADER: "1", **HTMX})
        html = card.get_data(as_text=True)
        assert card.status_code == 200 and "<html" not in html and 'id="relief-card"' in html, path
        assert "no-store" not in card.headers.get("Cache-Control", "") and "Set-Cookie" not in card.headers, path


def test_the_outbox_the_worker_sends_by_background_sync_is_served(client):
    data = release(client)
    outbox = client.get(data["outboxScript"])
    assert outbox.status_code == 200 and outbox.mimetype == "text/javascript"
    assert "SpasmOutbox" in outbox.get_data(as_text=True)
    # Cached for a year: the address names the file's content.
    assert re.search(r"\?v=\w+$", data["outboxScript"]) and re.search(r"\?v=\w+$", data["idbScript"])


def test_the_timer_page_kept_offline_is_a_new_devices(client):
    client.post("/timer", data={"kind": "heat"})
    response = client.get("/timer", headers={"X-Spasm-Precache": "1"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "no-store" not in response.headers["Cache-Control"]
    assert "data-timer-id" not in html and "data-server-now" not in html
    assert "/timer" in precache_list(client)


@pytest.fixture
def tree(tmp_path):
    """A copy of the files the cache version is built from."""
    shutil.copytree(ROOT / "static", tmp_path / "static")
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    return tmp_path


def version_for(tree) -> pwa.OfflineCache:
    bundles = assets.build(tree / "static")
    return pwa.build_offline_cache(
        tree / "static", tree / "templates", [b.filename for b in bundles.values()], pwa.manifest_bytes()
    )


def test_the_version_is_stable_while_nothing_changes(tree):
    assert version_for(tree) == version_for(tree)


@pytest.mark.parametrize(
    "changed",
    [
        "static/icons/icon-192.png",
        "static/img/position-90-90.svg",
        "static/css/00-base.css",
        "static/js/relief.js",
        "static/js-early/emergency-number.js",
        "templates/red_flags/_signs.html",
        "static/sw.js",
        "static/vendor/workbox/workbox-strategies.prod.js",
    ],
)
def test_the_version_changes_when_a_cached_file_changes(tree, changed):
    before = version_for(tree)
    with open(tree / changed, "ab") as handle:
        handle.write(b"\n")
    after = version_for(tree)
    assert after.version != before.version


def test_a_changed_static_file_gets_a_new_precached_url(tree):
    before = version_for(tree)
    with open(tree / "static/icons/icon-512.png", "ab") as handle:
        handle.write(b"\0")
    after = version_for(tree)
    changed = set(after.urls) - set(before.urls)
    assert len(changed) == 1 and changed.pop().startswith("/static/icons/icon-512.png?v=")


def test_a_restarted_app_serves_a_new_version_after_a_file_changed(tree, database_uri, monkeypatch):
    monkeypatch.setattr(spasm, "ROOT", tree)
    first = release(make_app(database_uri).test_client())["version"]
    with open(tree / "static/css/00-base.css", "a") as handle:
        handle.write("\n.changed { color: red; }\n")
    second = release(make_app(database_uri).test_client())["version"]
    assert first != second


def test_in_debug_mode_the_version_follows_edits_without_a_restart(tree, database_uri, monkeypatch):
    monkeypatch.setattr(spasm, "ROOT", tree)
    app = make_app(database_uri)
    app.debug = True
    client = app.test_client()
    first = release(client)["version"]
    with open(tree / "templates/pwa/_offline.html", "a") as handle:
        handle.write("\n")
    assert release(client)["version"] != first


# --- offline page -------------------------------------------------------------


def test_offline_page_is_calm_and_links_to_what_still_works(client):
    response = client.get("/offline")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "You are offline" in html and "<html" in html
    assert 'href="/red-flags"' in html
    for slug in pwa.OFFLINE_STEP_SLUGS:
        assert f'href="/relief/{slug}"' in html
    assert "<div data-timer-mirror hidden></div>" in html


def test_offline_page_links_only_to_pages_that_are_precached(app):
    for slug in pwa.OFFLINE_STEP_SLUGS:
        assert f"/relief/{slug}" in app.extensions["spasm_offline"].urls


def test_offline_fragment_for_htmx(client):
    response = client.get("/offline", headers=HTMX)
    html = response.get_data(as_text=True)
    assert "<html" not in html and 'id="offline"' in html and "You are offline" in html
    assert "HX-Request" in response.headers["Vary"]


def test_offline_page_is_the_same_for_everyone_and_cacheable(client, other_client):
    client.post("/episodes")  # this device now has a profile
    first = client.get("/offline")
    second = other_client.get("/offline")
    assert first.get_data() == second.get_data()
    assert "Set-Cookie" not in first.headers
    assert first.headers["Cache-Control"].startswith("public")
    assert "csrf" not in first.get_data(as_text=True).lower()


# --- install hint -------------------------------------------------------------


def test_install_hint_is_hidden_until_a_script_shows_it(client):
    html = client.get("/").get_data(as_text=True)
    hint = re.search(r"<aside[^>]*data-install-hint[^>]*>", html).group(0)
    assert " hidden" in hint
    assert "Add to Home Screen" in html and "Install Spasm" in html
