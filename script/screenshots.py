"""The README's screenshots: the first card after one tap, and the heat
timer running after the second, on a 360 x 640 phone. See script/screenshots."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from bench import spasm_served  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
CHROMIUM = os.environ.get("SPASM_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run", "--disable-quic"]
PHONE = {"width": 360, "height": 640}


def take(base: str) -> list[Path]:
    OUT.mkdir(parents=True, exist_ok=True)
    shots = [OUT / "first-card-360x640.png", OUT / "heat-running-360x640.png"]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        context = browser.new_context(
            viewport=PHONE, screen=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True, locale="en-GB"
        )
        page = context.new_page()
        page.goto(base + "/", wait_until="load")
        page.get_by_role("button", name="I'm having a spasm").click()
        page.locator("#relief-card .position-figure").wait_for()
        page.screenshot(path=str(shots[0]))
        page.locator("#relief-card").get_by_role("button", name="Start heat").click()
        page.locator("[data-timer]:not([data-local]) [data-timer-remaining]").wait_for()
        page.screenshot(path=str(shots[1]))
        browser.close()
    return shots


def main() -> int:
    with spasm_served("screenshots") as (base, _):
        for shot in take(base):
            print(shot.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
