"""Every template global and filter, registered in one place."""

import math
import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from flask import Flask
from markupsafe import Markup

from ..clock import iso
from ..content import keys_of
from ..content.help import MESSAGE as HELP_MESSAGE
from ..content.regions import REGIONS
from ..content.sources import REFERENCE_BY_KEY
from ..models import Profile
from .assets import static_file
from .look import look_key


def page_settings(profile: Profile | None) -> dict:
    """This device's look, its chosen emergency number and region (None
    when the device has no profile yet, "" when it has chosen none: then the
    phone's time zone decides) and the person to text for help (None
    without a profile)."""
    theme, text_size = (profile.theme, profile.text_size) if profile else look_key()
    return {
        "theme": theme,
        "text_size": text_size,
        "emergency_number": emergency_number(profile) if profile else None,
        "emergency_region": (profile.region if profile and profile.region in REGIONS else ""),
        "help_contact": _help_contact(profile) if profile else None,
    }


def emergency_number(profile: Profile | None, otherwise: str = "") -> str:
    """The number this device has chosen to call: the person's own, else
    their region's; `otherwise` when they chose neither (then the page picks
    the one for the phone's time zone). The settings page says it too."""
    if profile is not None and profile.emergency_number:
        return profile.emergency_number
    region = REGIONS.get(profile.region or "") if profile is not None else None
    return region.emergency if region else otherwise


def _help_contact(profile) -> dict[str, str]:
    """The person to text for help; empty strings when none is chosen."""
    if profile.help_contact_name and profile.help_contact_phone:
        return {"name": profile.help_contact_name, "phone": profile.help_contact_phone}
    return {"name": "", "phone": ""}


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


def iso_utc(moment: datetime | None) -> str:
    """ISO 8601 in UTC with milliseconds, as the page scripts read it."""
    if moment is None:
        return ""
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def clock_utc(moment: datetime) -> str:
    return moment.strftime("%H:%M UTC")


def when(moment: datetime | None) -> Markup:
    """A <time> in UTC; a page script rewrites it in the phone's own time zone."""
    if moment is None:
        return Markup("")
    at = moment.astimezone(UTC)
    text = f"{at.day} {at:%b %Y, %H:%M} UTC"
    return Markup('<time datetime="{}" data-local>{}</time>').format(iso(at), text)


def minutes_ceil(span: timedelta) -> int:
    """Whole minutes left, rounded up: "1 min" until the very end."""
    return max(0, math.ceil(span.total_seconds() / 60))


def minutes_round(seconds: float | None) -> int | None:
    """A length in seconds as the nearest whole number of minutes."""
    return None if seconds is None else max(0, round(seconds / 60))


def cite(*groups: object) -> Markup:
    """The sources of some facts (or groups of them) as links to their
    entries on /sources, each once, under the short name a reader knows."""
    links = (Markup('<a href="/sources#{}">{}</a>').format(key, REFERENCE_BY_KEY[key].name) for key in keys_of(*groups))
    return Markup(", ").join(links)


FILTERS = {
    "iso_utc": iso_utc,
    "clock_utc": clock_utc,
    "when": when,
    "minutes_ceil": minutes_ceil,
    "minutes_round": minutes_round,
}


def init_app(app: Flask, current_profile: Callable[[], Profile | None]) -> None:
    """`current_profile` finds the profile of the request being rendered:
    the device knows how, and the pages only ask."""
    app.jinja_env.globals.update(
        page_settings=lambda: page_settings(current_profile()),
        inline_svg=inline_svg,
        cite=cite,
        help_message=HELP_MESSAGE,
    )
    app.jinja_env.filters.update(FILTERS)
