"""The numbers to call, checked against the short-number data of the
phonenumbers package (a port of Google's libphonenumber) rather than trusted,
and the time zones that pick them."""

import zoneinfo
from pathlib import Path

import pytest
from phonenumbers import shortnumberinfo

from spasm.content.regions import AUTO, EU_COUNTRIES, REGIONS, ZONE_REGION, ZONES, region_for_zone

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
