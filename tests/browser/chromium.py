"""Debian's Chromium as a phone: how the browser tests and the benchmarks
(bench/taps.py, bench/first_paint.py) start it, so both measure the same phone.

Every start is a new persistent profile in a folder of its own: a new device
each time, and not incognito, so installability can be checked. The phone is
390 by 844 CSS pixels at three device pixels each, with touch, set to British
English.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from playwright.sync_api import BrowserContext, Page, Playwright

CHROMIUM = os.environ.get("SPASM_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    # Run as root in a container, without a GPU.
    "--no-sandbox",
    "--disable-gpu",
    # Chromium fetches nothing of its own and speaks no QUIC: every request
    # seen is the app's, over TCP.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
PHONE = {"width": 390, "height": 844}
PHONE_SETTINGS: dict[str, Any] = {
    "viewport": PHONE,
    "screen": PHONE,
    "device_scale_factor": 3,
    "is_mobile": True,
    "has_touch": True,
    "locale": "en-GB",
}


def launch_phone(
    playwright: Playwright, profile: Path | str, args: list[str] | None = None, **options: Any
) -> BrowserContext:
    """A new phone with its profile in `profile`. `options` are Playwright's
    context options (another size, a time zone, no JavaScript...) and win
    over the phone's own settings; `args` replace Chromium's flags."""
    return playwright.chromium.launch_persistent_context(
        str(profile),
        executable_path=CHROMIUM,
        args=CHROMIUM_ARGS if args is None else args,
        headless=True,
        **{**PHONE_SETTINGS, **options},
    )


def first_page(context: BrowserContext) -> Page:
    """The tab a new profile opens with."""
    return context.pages[0] if context.pages else context.new_page()
