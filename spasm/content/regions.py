"""Emergency numbers by region. Numbers are digits only, ready for a tel: link."""

from spasm.content import Region

REGIONS: dict[str, Region] = {
    "eu": Region("eu", "European Union", "112"),
    "uk": Region("uk", "United Kingdom", "999", non_emergency="111"),
    "us": Region("us", "United States", "911"),
    "ca": Region("ca", "Canada", "911"),
    "au": Region("au", "Australia", "000"),
    "other": Region("other", "Somewhere else", "112", note="112 works on most mobile phones."),
}
