"""How long a tap waits for its answer, in a real Chromium, on a weak signal and on none.

Run it with `.venv/bin/python bench/taps.py` (or `--runs 5`). Spasm runs
under gunicorn with the production settings (gunicorn.conf.py); each run
uses new Chromium profiles at phone size:

- first visit, on a weak signal (CDP Network.emulateNetworkConditions on the
  page: 400 ms round trip, 400 kbit/s each way): opening home, then the tap on
  "I'm having a spasm" until the 90/90 card is on screen;
- installed (the service worker holds its copies), same signal: opening home,
  the same tap, Next, and "Start heat" on the heat-or-cold card until the
  countdown shows;
- installed, no signal at all: the same.

A tap is timed inside the page, from the click to the moment its answer is
in the document; an opening, by the page's first contentful paint. The
medians are printed as a table. Budget: every tap of the installed app
answers within 100 ms, with a weak signal or none.
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench import ROOT, VENV, Server, wait_for

CHROMIUM = os.environ.get("SPASM_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run", "--disable-quic"]
PHONE = {"width": 390, "height": 844}
WEAK_SIGNAL = {
    "offline": False,
    "latency": 400,
    "downloadThroughput": 400_000 / 8,
    "uploadThroughput": 400_000 / 8,
}
TAP_BUDGET_MS = 100.0

START = "form[data-outbox=episode] button"
# What each answer shows (not the card's class, which htmx settles 20 ms later).
POSITION = "#relief-card .relief-figure"
NEXT = "#relief-card .relief-next"
ONSET = "#relief-card form.onset-quick"
START_HEAT = "[data-timer-quick] form:first-of-type button"
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
    ("installed, weak signal", "open home"),
    ("installed, weak signal", "tap: I'm having a spasm → 90/90"),
    ("installed, weak signal", "tap: Next"),
    ("installed, weak signal", "tap: Start heat → countdown"),
    ("installed, no signal", "open home"),
    ("installed, no signal", "tap: I'm having a spasm → 90/90"),
    ("installed, no signal", "tap: Next"),
    ("installed, no signal", "tap: Start heat → countdown"),
]


class Phone:
    def __init__(self, playwright, directory: Path):
        self.context = playwright.chromium.launch_persistent_context(
            str(directory),
            executable_path=CHROMIUM,
            args=ARGS,
            headless=True,
            viewport=PHONE,
            screen=PHONE,
            is_mobile=True,
            has_touch=True,
            locale="en-GB",
        )
        self.page = self.context.pages[0] if self.context.pages else self.context.new_page()
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
    timings[(scenario, "tap: Next")].append(phone.tap(NEXT, ONSET))
    phone.page.goto(base + "/relief/heat-cold", wait_until="domcontentloaded")
    timings[(scenario, "tap: Start heat → countdown")].append(phone.tap(START_HEAT, COUNTDOWN))


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
        budgeted = scenario.startswith("installed") and what.startswith("tap")
        verdict = ("ok" if median <= TAP_BUDGET_MS else "OVER") if budgeted else ""
        lines.append(f"| {scenario} | {what} | {median:.0f} | {verdict} |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="spasm-taps-"))
    env = {
        **os.environ,
        "SPASM_DATABASE_URL": f"sqlite:///{workdir}/taps.sqlite3",
        "SPASM_SECRET_KEY": secrets.token_hex(32),
        "PYTHONPATH": str(ROOT),
        "WEB_CONCURRENCY": os.environ.get("WEB_CONCURRENCY", "2"),
    }
    subprocess.run(
        [str(VENV / "flask"), "--app", "app", "db", "upgrade"], cwd=ROOT, env=env, check=True, capture_output=True
    )
    server = Server("app:app", env, ROOT)
    timings: dict = {row: [] for row in ROWS}
    try:
        wait_for(server.url + "/healthz")
        with sync_playwright() as playwright:
            for run in range(args.runs):
                one_run(playwright, server.url, workdir, timings)
                print(f"run {run + 1}/{args.runs} done", file=sys.stderr)
    finally:
        server.stop()
        shutil.rmtree(workdir, ignore_errors=True)

    print(f"Tap latency, median of {args.runs} runs; weak signal = 400 ms round trip, 400 kbit/s")
    print()
    print(table(timings))
    over = any(
        statistics.median(timings[row]) > TAP_BUDGET_MS
        for row in ROWS
        if row[0].startswith("installed") and row[1].startswith("tap")
    )
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
