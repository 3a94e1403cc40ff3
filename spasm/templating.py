"""Template globals shared by every page."""

import re

from flask import Flask
from markupsafe import Markup

from .assets import static_file
from .content.regions import REGIONS
from .looks import look_key
from .profiles import current_profile


def page_settings() -> dict:
    """This device's look, and its chosen emergency number (None when the
    device has no profile yet, "" when it uses the deployment's default)."""
    profile = current_profile()
    theme, text_size = (profile.theme, profile.text_size) if profile else look_key()
    return {
        "theme": theme,
        "text_size": text_size,
        "emergency_number": _chosen_number(profile) if profile else None,
    }


def _chosen_number(profile) -> str:
    """The person's own number, or their chosen region's; "" for the deployment's."""
    if profile.emergency_number:
        return profile.emergency_number
    region = REGIONS.get(profile.region or "")
    return region.emergency if region else ""


def inline_svg(filename: str, decorative: bool = False) -> Markup:
    """A static SVG placed in the page, so its currentColor follows the
    theme (an <img> would not). Decorative copies are hidden from screen
    readers, whose text says the same thing nearby."""
    found = static_file(filename)
    if found is None:
        raise FileNotFoundError(filename)
    svg = found.body.decode()
    svg = svg[svg.index("<svg") :]
    if decorative:
        svg = re.sub(r"<title>.*?</title>", "", svg, count=1, flags=re.S)
        svg = svg.replace('role="img"', 'aria-hidden="true" focusable="false"', 1)
    return Markup(svg)


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(page_settings=page_settings, inline_svg=inline_svg)
