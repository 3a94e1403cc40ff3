"""Emergency and health-advice numbers by place.

The phone's time zone is known on the device with no network and no
permission, so the page picks the number there (the zones of each place are
in ``time_zones``): the script in every page's head
(static/js-early/emergency-number.js) carries this data as compact JSON
(``emergency_data``, written as JSON by spasm/web/assets.py), one table for
the server and the device. Numbers are
digits only, ready for a tel: link; each region's ``countries`` are what a
test checks the numbers against.
"""

from spasm.content import Region
from spasm.content.time_zones import ZONES, packed_zones

EU_COUNTRIES = (
    "AT",
    "BE",
    "BG",
    "HR",
    "CY",
    "CZ",
    "DK",
    "EE",
    "FI",
    "FR",
    "DE",
    "GR",
    "HU",
    "IE",
    "IT",
    "LV",
    "LT",
    "LU",
    "MT",
    "NL",
    "PL",
    "PT",
    "RO",
    "SK",
    "SI",
    "ES",
    "SE",
)

# The settings choice that follows the phone's time zone, stored as no region.
AUTO = "auto"
AUTO_LABEL = "Where my phone is (from its time zone)"

REGIONS: dict[str, Region] = {
    "eu": Region("eu", "European Union", "112", countries=EU_COUNTRIES),
    "uk": Region(
        "uk",
        "United Kingdom",
        "999",
        countries=("GB",),
        non_emergency="111",
        # Northern Ireland shares the UK's time zone (Europe/Belfast is an
        # alias of Europe/London) but has no NHS 111 advice line, so the label
        # says where it works rather than send a person there to a dead end.
        advice_label="NHS 111 (not in Northern Ireland)",
        note="112 works too.",
    ),
    "ie": Region("ie", "Ireland", "112", countries=("IE",), note="999 works too."),
    "us": Region("us", "United States", "911", countries=("US",)),
    "ca": Region(
        "ca",
        "Canada",
        "911",
        countries=("CA",),
        non_emergency="811",
        advice_label="811",
        note="811 health advice works in most provinces.",
    ),
    "au": Region(
        "au",
        "Australia",
        "000",
        countries=("AU",),
        # healthdirect's number since 1 January 2026: 1800MEDICARE.
        non_emergency="1800633422",
        advice_label="healthdirect, 1800MEDICARE (1800 633 422)",
        note="From a mobile, 112 works too.",
    ),
    "nz": Region(
        "nz",
        "New Zealand",
        "111",
        countries=("NZ",),
        non_emergency="0800611116",
        advice_label="Healthline, 0800 611 116",
    ),
    "other": Region(
        "other",
        "Somewhere else",
        "112",
        countries=("IN",),
        note="112 works on most mobile phones. If it does not, use your local number.",
    ),
}


def emergency_data() -> dict:
    """The regions' numbers and the time zones of each (a region without an
    advice line or a note has no such key): the device picks its number
    from it with no network."""
    regions = {
        key: {
            name: value
            for name, value in (
                ("emergency", region.emergency),
                ("advice", region.non_emergency),
                ("adviceLabel", region.advice_label),
                ("note", region.note),
            )
            if value
        }
        for key, region in REGIONS.items()
    }
    zones = {key: packed_zones(names) for key, names in ZONES.items()}
    return {"regions": regions, "zones": zones}
