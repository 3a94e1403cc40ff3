"""axe-core checks (WCAG 2.2 A and AA) for browser tests."""

from axe_playwright_python.sync_playwright import Axe

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]

_axe = Axe()


def violations(page) -> list[dict]:
    """Every WCAG A/AA violation axe finds on the page as it is now."""
    results = _axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    return results.response["violations"]


def describe(found: list[dict]) -> str:
    lines = []
    for violation in found:
        targets = [node["target"] for node in violation["nodes"]][:5]
        lines.append(f"{violation['id']}: {violation['help']} at {targets}")
    return "\n".join(lines)


def assert_accessible(page) -> None:
    found = violations(page)
    assert not found, describe(found)
