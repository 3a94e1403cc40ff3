"""What a first visit costs on a weak signal, and which emergency number it paints.

Run it with `.venv/bin/python bench/first_paint.py` (or `--runs 5`). Spasm
runs under gunicorn with the production settings (gunicorn.conf.py) and the
default region (eu, 112). Each visit is a new Chromium profile at phone size
in the time zone of New York, on a weak signal (CDP
Network.emulateNetworkConditions on the page: 400 ms round trip, 400 kbit/s
each way), and reports, as medians:

- the bytes the page's own requests received (headers included, as the
  browser counts them) up to its load event, and how many requests (the
  manifest and its icon, which Chromium fetches for itself, are not among
  them);
- its first contentful paint;
- for a page with a number to call, the first number painted and how long
  after the first paint the phone's own number (911 there) took to show.

The numbers are read in the page on every animation frame (which runs just
before each paint) by a script added before any of the page's own. The
emulated signal slows the page's requests only: the service worker's
precache runs at full speed, so a number that waits for it shows sooner
here than on a real weak signal.
"""

from __future__ import annotations

import argparse
import secrets
import statistics
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

# The checkout, for the phone the browser tests use; bench.py beside this script.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench import WEAK_SIGNAL, spasm_served
from tests.browser.chromium import first_page, launch_phone

TIME_ZONE = "America/New_York"
NUMBER = "911"  # the one to call there
PAGES = ["/", "/red-flags", "/relief/position"]

# Every frame, the tel: numbers in the document, with the time since the
# navigation started; a frame is noted only when the numbers change.
RECORDER = """(() => {
  const frames = [];
  window.__spasmTelFrames = frames;
  const read = () => {
    const numbers = [...document.querySelectorAll('a[href^="tel:"]')]
      .map((a) => a.getAttribute("href").slice(4))
      .join(" ");
    const last = frames[frames.length - 1];
    if (numbers && (!last || last[1] !== numbers)) frames.push([performance.now(), numbers]);
    requestAnimationFrame(read);
  };
  requestAnimationFrame(read);
})();"""

PAINTED = """() => new Promise((resolve) => {
  const read = () => {
    const paint = performance.getEntriesByName("first-contentful-paint")[0];
    if (paint) return resolve(paint.startTime);
    setTimeout(read, 10);
  };
  read();
})"""


class Visit:
    """One first visit of one page: a new profile, the weak signal, and the
    bytes of every request the page made until its load event."""

    def __init__(self, playwright, directory: Path):
        self.context = launch_phone(playwright, directory, timezone_id=TIME_ZONE)
        self.context.add_init_script(RECORDER)
        self.page = first_page(self.context)
        self.cdp = self.context.new_cdp_session(self.page)
        self.sent: list[str] = []
        self.received: dict[str, int] = {}
        self.cdp.on("Network.requestWillBeSent", lambda event: self.sent.append(event["requestId"]))
        self.cdp.on("Network.loadingFinished", self._finished)
        self.cdp.on("Network.loadingFailed", self._failed)
        self.cdp.send("Network.enable")
        self.cdp.send("Network.emulateNetworkConditions", WEAK_SIGNAL)

    def _finished(self, event: dict) -> None:
        self.received[event["requestId"]] = int(event["encodedDataLength"])

    def _failed(self, event: dict) -> None:
        self.received.setdefault(event["requestId"], 0)

    def open(self, url: str) -> dict:
        response = self.page.goto(url, wait_until="load")
        if response is None or not response.ok:
            raise RuntimeError(f"{url} answered {response.status if response else 'nothing'}")
        before_load = list(self.sent)
        fcp = self.page.evaluate(PAINTED)
        # The icon may still be on its way: the load event does not wait for
        # it, a quiet network does.
        self.page.wait_for_load_state("networkidle")
        if self.page.locator("a[data-emergency-number]").count():
            # The phone's own number may come later (a weak signal makes it
            # later still): the time until it does is the measure.
            self.page.wait_for_function(
                "number => window.__spasmTelFrames.some(([, numbers]) => numbers.split(' ').includes(number))",
                arg=NUMBER,
                timeout=120_000,
            )
        frames = self.page.evaluate("() => window.__spasmTelFrames")
        return {
            "bytes": sum(self.received.get(request, 0) for request in before_load),
            "requests": len(before_load),
            "fcp": fcp,
            "frames": frames,
        }

    def close(self) -> None:
        self.context.close()


def wrong_number_ms(frames: list, fcp: float) -> float:
    """How long, from the first paint, the phone's own number was not yet on screen."""
    first_right = next(at for at, numbers in frames if NUMBER in numbers.split(" "))
    return max(0.0, first_right - max(fcp, frames[0][0]))


def one_run(playwright, base: str, workdir: Path, results: dict) -> None:
    for path in PAGES:
        visit = Visit(playwright, workdir / f"visit-{secrets.token_hex(4)}")
        try:
            measured = visit.open(base + path)
        finally:
            visit.close()
        frames = measured["frames"]
        row = results[path]
        row["bytes"].append(measured["bytes"])
        row["requests"].append(measured["requests"])
        row["fcp"].append(measured["fcp"])
        if frames:
            row["first"].append(frames[0][1].split(" ")[0])
            row["wrong"].append(wrong_number_ms(frames, measured["fcp"]))


def table(results: dict) -> str:
    lines = [
        f"| page | bytes | requests | first contentful paint, ms | first number painted | {NUMBER} after, ms |",
        "| --- | ---: | ---: | ---: | --- | ---: |",
    ]
    for path, row in results.items():
        first = " / ".join(sorted(set(row["first"]))) or "-"
        wrong = f"{statistics.median(row['wrong']):.0f}" if row["wrong"] else "-"
        lines.append(
            f"| {path} | {statistics.median(row['bytes']):.0f} | {statistics.median(row['requests']):.0f} "
            f"| {statistics.median(row['fcp']):.0f} | {first} | {wrong} |"
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    results: dict = {path: {key: [] for key in ("bytes", "requests", "fcp", "first", "wrong")} for path in PAGES}
    with spasm_served("first-paint") as (base, workdir), sync_playwright() as playwright:
        for run in range(args.runs):
            one_run(playwright, base, workdir, results)
            print(f"run {run + 1}/{args.runs} done", file=sys.stderr)

    print(
        f"First visit in {TIME_ZONE}, median of {args.runs} runs; weak signal = 400 ms round trip, 400 kbit/s;"
        " bytes as received (HTTP/1.1, gzip, headers included) until the load event"
    )
    print()
    print(table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
