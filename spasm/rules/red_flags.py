"""From the in-flow red-flag answers to how urgently to get help."""

from collections.abc import Mapping

from spasm.content.red_flags import CHECK_BY_KEY, URGENCY_ORDER


def urgency_for(answers: Mapping[str, bool]) -> str | None:
    """The most urgent level any "yes" calls for, or None when all are "no".

    Unknown question keys are ignored: they cannot raise or lower urgency.
    """
    levels = {CHECK_BY_KEY[key].urgency for key, yes in answers.items() if yes and key in CHECK_BY_KEY}
    for level in URGENCY_ORDER:
        if level in levels:
            return level
    return None
