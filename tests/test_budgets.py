"""Byte and request budgets for a first visit, counted the way a browser
fetches (gzip: browsers send br only over HTTPS), headers included."""

import json
import re

import pytest

# The page itself fits the first round trip of a new connection (14 KB); with
# every warning sign listed, the page and the files it brings (styles,
# scripts, icons), all but the head script, stay under 15 KB.
RED_FLAGS_PAGE_BUDGET = 14 * 1024
RED_FLAGS_BUDGET = 15 * 1024
PAGE_BUDGET = 60 * 1024
# Every page's head script (static/js-early/) carries the table of numbers
# and time zones, so the first paint shows the right number to call. It is
# not deferred, so it is held to a budget of its own, and it is the one
# request more than a page needed without it.
HEAD_SCRIPT_BUDGET = 3584
# Requests a browser makes before it can paint the page: the page, what its
# head links, and the icon. The script modules are fetched in parallel with
# those (preloaded from the head) and never hold up the paint; their bytes
# count against the budget, their number does not.
MAX_REQUESTS = 7
PAGES = [
    "/",
    "/red-flags",
    "/relief/position",
    "/relief/heat-cold",
    "/relief/check-in",
    "/timer",
    "/offline",
    "/history",
    "/settings",
    "/prevention",
]
GZIP = {"Accept-Encoding": "gzip, deflate"}


def transfer_size(response) -> int:
    headers = sum(len(f"{name}: {value}\r\n") for name, value in response.headers.items())
    return len(response.get_data()) + headers + len("HTTP/1.1 200 OK\r\n\r\n")


def first_visit(client, path: str) -> list:
    """Every response a browser fetches to show `path` on a first visit: the
    page, what it links in <head>, and the manifest's first icon (Chromium
    fetches it to check installability)."""
    page = client.get(path, headers=GZIP)
    html = client.get(path).get_data(as_text=True)
    head = html.split("</head>", 1)[0]
    urls = re.findall(r'<link rel="(?:stylesheet|manifest|icon)" href="([^"]+)"', head)
    urls += re.findall(r'<script src="([^"]+)"', head)
    responses = [page] + [client.get(url, headers=GZIP) for url in urls]
    manifest = json.loads(client.get("/manifest.webmanifest").get_data())
    responses.append(client.get(manifest["icons"][0]["src"], headers=GZIP))
    return responses


def modules_of(client, path: str) -> list:
    """The page's script modules: its entry and every module preloaded with it."""
    head = client.get(path).get_data(as_text=True).split("</head>", 1)[0]
    urls = re.findall(r'<script type="module" src="([^"]+)"', head)
    urls += re.findall(r'<link rel="modulepreload" href="([^"]+)"', head)
    return [client.get(url, headers=GZIP) for url in urls]


def modules_size(responses: list) -> int:
    """The modules' bytes as they arrive together on one HTTP/2 connection
    (the deployment's, README): every body, and their headers as header
    compression sends them. The first module's headers count in full; after
    it, a header already sent with the same value costs next to nothing, so
    only the ones that differ (its length, its ETag) count again."""
    first = dict(responses[0].headers)
    total = transfer_size(responses[0])
    for response in responses[1:]:
        changed = {name: value for name, value in response.headers.items() if first.get(name) != value}
        total += len(response.get_data()) + sum(len(f"{name}: {value}\r\n") for name, value in changed.items())
    return total


def head_script(client, path: str) -> str:
    """The URL of the page's one script without defer or async."""
    head = client.get(path).get_data(as_text=True).split("</head>", 1)[0]
    blocking = [src for src, rest in re.findall(r'<script src="([^"]+)"([^>]*)>', head) if not rest.strip()]
    assert len(blocking) == 1, blocking
    return blocking[0]


@pytest.mark.parametrize("path", PAGES)
def test_first_visit_fits_the_budget(app, path):
    client = app.test_client()
    responses = first_visit(client, path)
    modules = modules_of(client, path)
    assert modules and all(r.status_code == 200 for r in responses + modules)
    assert len(responses) <= MAX_REQUESTS
    early = transfer_size(client.get(head_script(client, path), headers=GZIP))
    assert early <= HEAD_SCRIPT_BUDGET, f"the head script: {early} bytes"
    total = sum(transfer_size(r) for r in responses) + modules_size(modules)
    budget = RED_FLAGS_BUDGET if path == "/red-flags" else PAGE_BUDGET
    assert total - early <= budget, f"{path}: {total} bytes, {early} of them the head script"
    if path == "/red-flags":
        assert transfer_size(responses[0]) <= RED_FLAGS_PAGE_BUDGET


def test_the_head_script_reads_the_choice_and_does_not_wait_for_the_styles(client):
    """It holds up the parser: it comes after the <meta> with the device's
    choice, which it reads, and before the stylesheet (a script after one
    runs only once the styles are in). No other script holds up the parser."""
    client.post("/episodes")  # a device with an open episode: home is its own
    for path in ("/", "/red-flags"):
        head = client.get(path).get_data(as_text=True).split("</head>", 1)[0]
        early = head.index(head_script(client, path))
        assert early < head.index('rel="stylesheet"'), path
        if path == "/":
            assert head.index('<meta name="spasm-emergency-number"') < early


def test_red_flags_are_readable_without_javascript(client):
    html = client.get("/red-flags").get_data(as_text=True)
    body = re.sub(r"<script.*?</script>", "", html, flags=re.S)
    assert 'href="tel:' in body and 'id="emergency"' in body
    scripts = re.findall(r'<script (?:type="module" )?src="([^"]+)"', html)
    # No htmx: nothing needs it.
    assert scripts and all(src.startswith(("/assets/js/", "/assets/early.")) for src in scripts)
    assert scripts[-1].endswith("/lite.js")


def test_html_is_compressed(client):
    for path in PAGES:
        response = client.get(path, headers=GZIP)
        assert response.headers.get("Content-Encoding") == "gzip", path
