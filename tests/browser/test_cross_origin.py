"""A page on another origin cannot make this device's browser save anything."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from playwright.sync_api import expect


class AttackerSite:
    """A second origin (another port) whose page posts a form at the app on load."""

    def __init__(self, target: str):
        page = (
            "<!doctype html><title>Free recipes</title>"
            f'<form id="f" method="post" action="{target}/timer">'
            '<input name="kind" value="cold"><input name="minutes" value="20"></form>'
            "<script>document.getElementById('f').submit()</script>"
        ).encode()

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.send_header("Content-Length", str(len(page)))
                self.end_headers()
                self.wfile.write(page)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def url(self, host: str) -> str:
        return f"http://{host}:{self.server.server_port}/"

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def attacker(live_server):
    site = AttackerSite(live_server.url)
    yield site
    site.close()


# 127.0.0.1 on another port is the same site (so Lax cookies go along) but
# another origin; localhost is another site altogether.
@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
def test_an_auto_submitting_form_elsewhere_is_refused(phone, live_server, attacker, host):
    context = phone.open()
    page = context.pages[0] if context.pages else context.new_page()
    page.goto(live_server("/"))
    page.get_by_role("button", name="I'm having a spasm").click()
    expect(page).to_have_url(live_server("/relief/position"))

    phone.foreign_requests.clear()
    response_codes = []
    page.on("response", lambda r: response_codes.append(r.status) if r.url.startswith(live_server("/timer")) else None)
    page.goto(attacker.url(host))
    page.wait_for_load_state("networkidle")
    assert response_codes == [403]
    expect(page.get_by_role("heading", name="Not saved")).to_be_visible()

    page.goto(live_server("/timer"))
    expect(page.get_by_role("button", name="Stop early")).to_have_count(0)
    phone.foreign_requests.clear()  # the attacker's page was ours to open


def test_our_own_forms_still_save_with_javascript_off(phone, live_server):
    page = phone.page(javascript=False)
    page.goto(live_server("/timer"))
    page.get_by_role("button", name="Start cold").first.click()
    expect(page.get_by_role("button", name="Stop early")).to_be_visible()
