"""From the in-flow red-flag answers to how urgently to get help.

The routing is one table (routing_table), read here by the server and sent
to the phone as data, so the check routes the same way with no signal.
"""

from collections.abc import Mapping

from spasm.content.red_flags import CHECK_BY_KEY, URGENCY_ORDER

YES = "yes"


def routing_table() -> dict:
    """The levels, most urgent first, and for each question the answers that
    call for one: {"order": [...], "answers": {question: {answer: level}}}."""
    return {
        "order": list(URGENCY_ORDER),
        "answers": {key: {YES: question.urgency} for key, question in CHECK_BY_KEY.items()},
    }


def urgency_for(answers: Mapping[str, bool]) -> str | None:
    """The most urgent level any "yes" calls for, or None when all are "no".

    Unknown question keys are ignored: they cannot raise or lower urgency.
    """
    table = routing_table()
    levels = {table["answers"].get(key, {}).get(YES) for key, yes in answers.items() if yes}
    for level in table["order"]:
        if level in levels:
            return level
    return None
