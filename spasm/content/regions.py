"""Emergency and health-advice numbers by place, and the time zones that tell
a phone which place it is in.

The phone's time zone is known on the device with no network and no
permission, so the page picks the number there: the script in every page's
head (static/js-early/emergency-number.js) carries this data as compact JSON
(``emergency_data``, written as JSON by spasm/web/assets.py), one table for
the server and the device. Numbers are
digits only, ready for a tel: link; each region's ``countries`` are what a
test checks the numbers against.
"""

from spasm.content import Region

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

OTHER = "other"

# Time zones (IANA names, with the older names some phones still report) by
# region. A zone not listed here is "other".
ZONES: dict[str, tuple[str, ...]] = {
    "us": (
        "America/Adak",
        "America/Anchorage",
        "America/Atka",
        "America/Boise",
        "America/Chicago",
        "America/Denver",
        "America/Detroit",
        "America/Fort_Wayne",
        "America/Indiana/Indianapolis",
        "America/Indiana/Knox",
        "America/Indiana/Marengo",
        "America/Indiana/Petersburg",
        "America/Indiana/Tell_City",
        "America/Indiana/Vevay",
        "America/Indiana/Vincennes",
        "America/Indiana/Winamac",
        "America/Indianapolis",
        "America/Juneau",
        "America/Kentucky/Louisville",
        "America/Kentucky/Monticello",
        "America/Knox_IN",
        "America/Los_Angeles",
        "America/Louisville",
        "America/Menominee",
        "America/Metlakatla",
        "America/New_York",
        "America/Nome",
        "America/North_Dakota/Beulah",
        "America/North_Dakota/Center",
        "America/North_Dakota/New_Salem",
        "America/Phoenix",
        "America/Shiprock",
        "America/Sitka",
        "America/Yakutat",
        "Navajo",
        "Pacific/Honolulu",
        "US/Alaska",
        "US/Aleutian",
        "US/Arizona",
        "US/Central",
        "US/East-Indiana",
        "US/Eastern",
        "US/Hawaii",
        "US/Indiana-Starke",
        "US/Michigan",
        "US/Mountain",
        "US/Pacific",
    ),
    "ca": (
        "America/Atikokan",
        "America/Blanc-Sablon",
        "America/Cambridge_Bay",
        "America/Creston",
        "America/Dawson",
        "America/Dawson_Creek",
        "America/Edmonton",
        "America/Fort_Nelson",
        "America/Glace_Bay",
        "America/Goose_Bay",
        "America/Halifax",
        "America/Inuvik",
        "America/Iqaluit",
        "America/Moncton",
        "America/Montreal",
        "America/Nipigon",
        "America/Pangnirtung",
        "America/Rainy_River",
        "America/Rankin_Inlet",
        "America/Regina",
        "America/Resolute",
        "America/St_Johns",
        "America/Swift_Current",
        "America/Thunder_Bay",
        "America/Toronto",
        "America/Vancouver",
        "America/Whitehorse",
        "America/Winnipeg",
        "America/Yellowknife",
        "Canada/Atlantic",
        "Canada/Central",
        "Canada/Eastern",
        "Canada/Mountain",
        "Canada/Newfoundland",
        "Canada/Pacific",
        "Canada/Saskatchewan",
        "Canada/Yukon",
    ),
    "uk": (
        "Europe/Belfast",
        "Europe/London",
        "GB",
        "GB-Eire",
    ),
    "ie": (
        "Eire",
        "Europe/Dublin",
    ),
    "eu": (
        "Africa/Ceuta",
        "Asia/Famagusta",
        "Asia/Nicosia",
        "Atlantic/Azores",
        "Atlantic/Canary",
        "Atlantic/Madeira",
        "Europe/Amsterdam",
        "Europe/Athens",
        "Europe/Berlin",
        "Europe/Bratislava",
        "Europe/Brussels",
        "Europe/Bucharest",
        "Europe/Budapest",
        "Europe/Busingen",
        "Europe/Copenhagen",
        "Europe/Helsinki",
        "Europe/Lisbon",
        "Europe/Ljubljana",
        "Europe/Luxembourg",
        "Europe/Madrid",
        "Europe/Malta",
        "Europe/Mariehamn",
        "Europe/Nicosia",
        "Europe/Paris",
        "Europe/Prague",
        "Europe/Riga",
        "Europe/Rome",
        "Europe/Sofia",
        "Europe/Stockholm",
        "Europe/Tallinn",
        "Europe/Vienna",
        "Europe/Vilnius",
        "Europe/Warsaw",
        "Europe/Zagreb",
        "Poland",
        "Portugal",
    ),
    "au": (
        "Australia/ACT",
        "Australia/Adelaide",
        "Australia/Brisbane",
        "Australia/Broken_Hill",
        "Australia/Canberra",
        "Australia/Currie",
        "Australia/Darwin",
        "Australia/Eucla",
        "Australia/Hobart",
        "Australia/LHI",
        "Australia/Lindeman",
        "Australia/Lord_Howe",
        "Australia/Melbourne",
        "Australia/NSW",
        "Australia/North",
        "Australia/Perth",
        "Australia/Queensland",
        "Australia/South",
        "Australia/Sydney",
        "Australia/Tasmania",
        "Australia/Victoria",
        "Australia/West",
        "Australia/Yancowinna",
    ),
    "nz": (
        "NZ",
        "NZ-CHAT",
        "Pacific/Auckland",
        "Pacific/Chatham",
    ),
}

ZONE_REGION: dict[str, str] = {zone: key for key, zones in ZONES.items() for zone in zones}


def region_for_zone(zone: str | None) -> str:
    """The region key for a time zone name; "other" when it is not listed."""
    return ZONE_REGION.get(zone or "", OTHER)


def packed_zones(zones: tuple[str, ...]) -> str:
    """Zone names grouped by area, to keep the table small:
    "America/Chicago,New_York US/Eastern GB" (static/js-early/emergency-number.js
    unpacks it)."""
    areas: dict[str, list[str]] = {}
    for zone in zones:
        area, _, name = zone.rpartition("/")
        areas.setdefault(area, []).append(name)
    return " ".join((f"{area}/" if area else "") + ",".join(names) for area, names in areas.items())


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
