"""The numbers to call, checked against the short-number data of the
phonenumbers package (a port of Google's libphonenumber) rather than trusted,
the time zones that pick them, and the table of both that every page's head
script carries."""

import json
import zoneinfo
from pathlib import Path

import pytest
from phonenumbers import shortnumberinfo

from spasm.content.regions import AUTO, EU_COUNTRIES, REGIONS
from spasm.content.time_zones import ZONE_REGION, ZONES, region_for_zone
from spasm.web import assets
from spasm.web.assets import emergency_table

ZONE_TAB = Path("/usr/share/zoneinfo/zone.tab")
# Åland is part of Finland, and so of the EU; its zone has its own code.
COUNTRY_ALIASES = {"AX": "FI"}


@pytest.mark.parametrize(
    ("region", "country"),
    [(r.key, country) for r in REGIONS.values() for country in r.countries],
)
def test_each_emergency_number_is_an_emergency_number_there(region, country):
    assert shortnumberinfo.is_emergency_number(REGIONS[region].emergency, country)


@pytest.mark.parametrize("region", [r for r in REGIONS.values() if r.non_emergency], ids=lambda r: r.key)
def test_an_advice_line_is_not_the_emergency_number(region):
    for country in region.countries:
        assert not shortnumberinfo.is_emergency_number(region.non_emergency, country)


def test_the_second_numbers_the_notes_name_work_too():
    assert shortnumberinfo.is_emergency_number("112", "GB")
    assert shortnumberinfo.is_emergency_number("999", "IE")
    assert shortnumberinfo.is_emergency_number("112", "AU")


@pytest.mark.parametrize(
    ("zone", "advice", "label_says"),
    [
        # healthdirect's number since 1 January 2026.
        ("Australia/Sydney", "1800633422", "1800MEDICARE"),
        ("Australia/Perth", "1800633422", "1800 633 422"),
        # Northern Ireland shares the zone and has no NHS 111: the label says so.
        ("Europe/Belfast", "111", "not in Northern Ireland"),
        ("Europe/London", "111", "not in Northern Ireland"),
        ("Pacific/Auckland", "0800611116", "Healthline"),
        ("America/Toronto", "811", "811"),
    ],
)
def test_a_time_zone_picks_its_advice_line(zone, advice, label_says):
    region = REGIONS[region_for_zone(zone)]
    assert region.non_emergency == advice
    assert region.advice_label and label_says in region.advice_label


def test_the_eu_is_every_member_state():
    assert len(EU_COUNTRIES) == len(set(EU_COUNTRIES)) == 27


# --- time zone to place ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("zone", "region", "number"),
    [
        ("America/New_York", "us", "911"),
        ("America/Los_Angeles", "us", "911"),
        ("Pacific/Honolulu", "us", "911"),
        ("America/Indianapolis", "us", "911"),
        ("America/Toronto", "ca", "911"),
        ("America/St_Johns", "ca", "911"),
        ("Europe/London", "uk", "999"),
        ("Europe/Belfast", "uk", "999"),
        ("Europe/Dublin", "ie", "112"),
        ("Europe/Paris", "eu", "112"),
        ("Europe/Berlin", "eu", "112"),
        ("Atlantic/Canary", "eu", "112"),
        ("Asia/Nicosia", "eu", "112"),
        ("Australia/Sydney", "au", "000"),
        ("Australia/Perth", "au", "000"),
        ("Pacific/Auckland", "nz", "111"),
        ("Pacific/Chatham", "nz", "111"),
        ("Asia/Tokyo", "other", "112"),
        ("Asia/Kolkata", "other", "112"),
        ("Europe/Oslo", "other", "112"),
        ("Europe/Zurich", "other", "112"),
        ("UTC", "other", "112"),
        ("", "other", "112"),
        (None, "other", "112"),
    ],
)
def test_a_time_zone_picks_its_place(zone, region, number):
    assert region_for_zone(zone) == region
    assert REGIONS[region_for_zone(zone)].emergency == number


def test_every_zone_is_a_real_time_zone_listed_once():
    names = [zone for zones in ZONES.values() for zone in zones]
    assert len(names) == len(set(names)) == len(ZONE_REGION)
    for name in names:
        zoneinfo.ZoneInfo(name)
    assert set(ZONES) <= set(REGIONS) and AUTO not in REGIONS


def test_zones_agree_with_the_time_zone_database():
    """Each zone the database places in a country maps to that country's region."""
    if not ZONE_TAB.exists():
        pytest.fail(f"{ZONE_TAB} is missing: install the tzdata package")
    country_region = {c: r.key for r in REGIONS.values() for c in r.countries if r.key != "other"}
    seen = set()
    for line in ZONE_TAB.read_text().splitlines():
        if line.startswith("#") or not line.strip():
            continue
        country, _, zone = line.split("\t")[:3]
        country = COUNTRY_ALIASES.get(country, country)
        expected = country_region.get(country, "other")
        if zone.startswith("Antarctica/"):
            continue
        assert region_for_zone(zone) == expected, (zone, country)
        seen.add(zone)
    # Each listed place's canonical zones are all there.
    assert {z for z, r in ZONE_REGION.items() if "/" in z} & seen


# --- the table the head script carries -------------------------------------------------


def unpack(packed: str) -> list[str]:
    """The zone names of one region, as the head script reads them."""
    names = []
    for group in packed.split(" "):
        area, _, listed = group.rpartition("/")
        names += [f"{area}/{name}" if area else name for name in listed.split(",")]
    return names


def test_the_head_script_carries_the_table_of_every_region_and_zone(app):
    script = app.extensions["spasm_assets"]["bundles"]["early-js"].body.decode()
    assert assets.TABLE_MARK.decode() not in script
    data = json.loads(script[script.rindex("})(") + 3 : script.rindex(");")])
    assert data == json.loads(emergency_table())
    for key, region in REGIONS.items():
        kept = data["regions"][key]
        assert kept["emergency"] == region.emergency
        assert kept.get("advice") == region.non_emergency and kept.get("adviceLabel") == region.advice_label
        assert kept.get("note") == region.note
    assert {key: sorted(unpack(packed)) for key, packed in data["zones"].items()} == {
        key: sorted(zones) for key, zones in ZONES.items()
    }


def test_the_head_script_is_sent_without_its_comments(app):
    bundle = app.extensions["spasm_assets"]["bundles"]["early-js"]
    assert bundle.filename.startswith("early.") and bundle.mimetype == "text/javascript"
    lines = bundle.body.decode().splitlines()
    assert lines and not any(line.startswith(("//", " ", "\t")) for line in lines)


def test_a_head_script_without_a_place_for_the_table_is_refused(tmp_path):
    (tmp_path / "early.js").write_text("(function (table) {})({});\n")
    with pytest.raises(RuntimeError, match="EMERGENCY_TABLE"):
        assets.early_script([tmp_path / "early.js"])
