"""How long a tap waits for its answer, in a real Chromium, on a weak signal and on none.

Run it with `.venv/bin/python bench/taps.py` (or `--runs 5`). Spasm runs
under gunicorn with the production settings (gunicorn.conf.py); each run
uses new Chromium profiles at phone size:

- first visit, on a weak signal (CDP Network.emulateNetworkConditions on the
  page: 400 ms round trip, 400 kbit/s each way): opening home, then the tap on
  "I'm having a spasm" until the 90/90 card is on screen; and the same tap
  made before the page's scripts have loaded (the plain form post), until
  the card's page paints;
- installed (the service worker holds its copies), same signal: opening home,
  the same tap, "Start heat" on that card until the countdown shows, and
  Next on the card;
- installed, no signal at all: the same.

A tap is timed inside the page, from the click to the moment its answer is
in the document; an opening, by the page's first contentful paint; the tap
before the scripts, from the click to the first paint of the page it leads
to. The medians are printed as a table. Budget: every tap answers within
100 ms once the page has loaded, on a first visit with a weak signal as on
the installed app with a weak signal or none.
"""

from __future__ import annotations

import argparse
import re
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

TAP_BUDGET_MS = 100.0

START = "form[data-outbox=episode] button"
# What each answer shows (not the card's class, which htmx settles 20 ms later).
POSITION = "#relief-card .relief-figure"
NEXT = "#relief-card .relief-next"
ONSET = "#relief-card form.onset-quick"
START_HEAT = "#relief-card [data-timer-quick] button"
COUNTDOWN = "[data-timer] [data-timer-remaining]"

# Click, then wait in the page until the answer is in the document.
TAP = """async ([click, answer]) => {
  const started = performance.now();
  document.querySelector(click).click();
  return await new Promise((resolve) => {
    const check = () => {
      if (document.querySelector(answer)) resolve(performance.now() - started);
      else setTimeout(check, 1);
    };
    check();
  });
}"""

PAINTED = """() => new Promise((resolve) => {
  const read = () => {
    const paint = performance.getEntriesByName("first-contentful-paint")[0];
    if (paint) return resolve(paint.startTime);
    setTimeout(read, 10);
  };
  read();
})"""

INSTALLED = """() => navigator.serviceWorker.ready
  .then(() => new Promise((resolve) => {
    const check = () => navigator.serviceWorker.controller ? resolve() : setTimeout(check, 20);
    check();
  }))
  .then(() => new Promise((resolve) => {
    const check = () => caches.keys().then((names) => {
      const name = names.find((n) => n.startsWith("spasm-fragments-"));
      return name && caches.open(name).then((c) => c.match("/relief/check-in"));
    }).then((found) => found ? resolve() : setTimeout(check, 50));
    check();
  }))"""

ROWS = [
    ("first visit, weak signal", "open home"),
    ("first visit, weak signal", "tap: I'm having a spasm → 90/90"),
    ("first visit, weak signal", "tap before the scripts load → 90/90"),
    ("installed, weak signal", "open home"),
    ("installed, weak signal", "tap: I'm having a spasm → 90/90"),
    ("installed, weak signal", "tap: Start heat → countdown"),
    ("installed, weak signal", "tap: Next"),
    ("installed, no signal", "open home"),
    ("installed, no signal", "tap: I'm having a spasm → 90/90"),
    ("installed, no signal", "tap: Start heat → countdown"),
    ("installed, no signal", "tap: Next"),
]


class Phone:
    def __init__(self, playwright, directory: Path):
        self.context = launch_phone(playwright, directory)
        self.page = first_page(self.context)
        self.cdp = self.context.new_cdp_session(self.page)
        self.cdp.send("Network.enable")

    def weak_signal(self) -> None:
        self.cdp.send("Network.emulateNetworkConditions", WEAK_SIGNAL)

    def no_signal(self) -> None:
        self.context.set_offline(True)

    def open(self, url: str) -> float:
        self.page.goto(url, wait_until="domcontentloaded")
        return self.page.evaluate(PAINTED)

    def tap(self, click: str, answer: str) -> float:
        self.page.wait_for_selector(click)
        return self.page.evaluate(TAP, [click, answer])

    def install(self, base: str) -> None:
        self.page.goto(base + "/")
        self.page.evaluate(INSTALLED)

    def close(self) -> None:
        self.context.close()


def installed_taps(phone: Phone, base: str, timings: dict, scenario: str) -> None:
    timings[(scenario, "open home")].append(phone.open(base + "/"))
    timings[(scenario, "tap: I'm having a spasm → 90/90")].append(phone.tap(START, POSITION))
    timings[(scenario, "tap: Start heat → countdown")].append(phone.tap(START_HEAT, COUNTDOWN))
    phone.page.goto(base + "/relief/position", wait_until="domcontentloaded")
    timings[(scenario, "tap: Next")].append(phone.tap(NEXT, ONSET))


def tap_before_scripts(playwright, base: str, workdir: Path) -> float:
    """A thumb that taps as soon as the button shows, before the page's
    scripts have run (held back here): the browser posts the form itself."""
    phone = Phone(playwright, workdir / f"early-{secrets.token_hex(4)}")
    try:
        phone.weak_signal()
        phone.page.route(re.compile(r"\.js$"), lambda route: route.abort())
        phone.page.goto(base + "/", wait_until="domcontentloaded")
        tapped = phone.page.evaluate("Date.now()")
        phone.page.click(START, no_wait_after=True)
        phone.page.wait_for_url(base + "/relief/position")
        phone.page.wait_for_selector(POSITION)
        painted_at = phone.page.evaluate(
            "() => new Promise((resolve) => {"
            " const read = () => { const p = performance.getEntriesByName('first-contentful-paint')[0];"
            " if (p) resolve(performance.timeOrigin + p.startTime); else setTimeout(read, 10); };"
            " read(); })"
        )
        return painted_at - tapped
    finally:
        phone.close()


def one_run(playwright, base: str, workdir: Path, timings: dict) -> None:
    first = Phone(playwright, workdir / f"weak-{secrets.token_hex(4)}")
    try:
        first.weak_signal()
        scenario = "first visit, weak signal"
        timings[(scenario, "open home")].append(first.open(base + "/"))
        timings[(scenario, "tap: I'm having a spasm → 90/90")].append(first.tap(START, POSITION))
        first.page.evaluate(INSTALLED)
        installed_taps(first, base, timings, "installed, weak signal")
    finally:
        first.close()
    timings[("first visit, weak signal", "tap before the scripts load → 90/90")].append(
        tap_before_scripts(playwright, base, workdir)
    )

    offline = Phone(playwright, workdir / f"none-{secrets.token_hex(4)}")
    try:
        offline.install(base)
        offline.no_signal()
        installed_taps(offline, base, timings, "installed, no signal")
    finally:
        offline.close()


def table(timings: dict) -> str:
    lines = [
        "| visit and signal | what | median ms | budget |",
        "| --- | --- | ---: | --- |",
    ]
    for scenario, what in ROWS:
        median = statistics.median(timings[(scenario, what)])
        budgeted = what.startswith("tap:")
        verdict = ("ok" if median <= TAP_BUDGET_MS else "OVER") if budgeted else ""
        lines.append(f"| {scenario} | {what} | {median:.0f} | {verdict} |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    timings: dict = {row: [] for row in ROWS}
    with spasm_served("taps") as (base, workdir), sync_playwright() as playwright:
        for run in range(args.runs):
            one_run(playwright, base, workdir, timings)
            print(f"run {run + 1}/{args.runs} done", file=sys.stderr)

    print(f"Tap latency, median of {args.runs} runs; weak signal = 400 ms round trip, 400 kbit/s")
    print()
    print(table(timings))
    over = any(statistics.median(timings[row]) > TAP_BUDGET_MS for row in ROWS if row[1].startswith("tap:"))
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
