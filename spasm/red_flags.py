"""The warning signs, grouped by how fast to get help, with the number to call.

The page is the same for everyone (no profile, cookie or token), so it can be
cached and opened with no signal. A small script swaps in the number a person
chose in settings, which their device keeps.
"""

from flask import Blueprint, current_app

from .content import Region
from .content.red_flags import CALL_LABEL, DISCLAIMER, URGENCIES, WHAT_TO_SAY, WHAT_TO_SAY_TITLE
from .content.regions import REGIONS
from .pwa import same_for_everyone
from .web.rendering import render
from .web.page_cache import shared_page

bp = Blueprint("red_flags", __name__)


def region_for(key: str | None) -> Region:
    """The region to take default numbers from; a typo in the configuration
    still gives a number that works on most mobile phones."""
    return REGIONS.get((key or "").lower(), REGIONS["other"])


@bp.get("/red-flags")
@shared_page
def index():
    """When to call the emergency number, see a doctor today, or soon."""
    response = render(
        "red_flags/page.html",
        "red_flags/_signs.html",
        urgencies=URGENCIES,
        region=region_for(current_app.config["REGION"]),
        call_label=CALL_LABEL,
        what_to_say_title=WHAT_TO_SAY_TITLE,
        what_to_say=WHAT_TO_SAY,
        disclaimer=DISCLAIMER,
    )
    return same_for_everyone(response)
