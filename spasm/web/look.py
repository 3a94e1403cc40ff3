"""The look a device chose (theme and text size), as its cookie carries it.

Every page follows the look, shared pages included, and those are rendered
without the database: so the cookie, not the profile, is what a page reads
when the device has no profile loaded, and what the shared page cache keys
on. Keeping the cookie in step with the profile is the device's work.
"""

from __future__ import annotations

from flask import request

# The choices, with their labels on the settings page.
THEMES = {"auto": "Same as the phone", "light": "Light", "dark": "Dark"}
TEXT_SIZES = {"normal": "Normal", "large": "Large", "larger": "Larger"}
DEFAULT = ("auto", "normal")
LOOK_COOKIE = "spasm_look"


def parse_look(value: str | None) -> tuple[str, str]:
    """(theme, text size) from a cookie value like "dark.large"; the default
    for anything else."""
    theme, _, size = (value or "").partition(".")
    if theme in THEMES and size in TEXT_SIZES:
        return theme, size
    return DEFAULT


def look_key() -> tuple[str, str]:
    return parse_look(request.cookies.get(LOOK_COOKIE))
