"""From the in-flow red-flag answers to how urgently to get help.

The routing is one table (routing_table), read here by the server and sent
to the phone as data, so the check routes the same way with no signal.
"""

from collections.abc import Mapping

from spasm.content.red_flags import CHECK_BY_KEY, COUNTS_AS_YES, NO, NOT_SURE, URGENCY_ORDER, YES

ANSWER_VALUES = (YES, NOT_SURE, NO)


def routing_table() -> dict:
    """The levels, most urgent first, and for each question the answers that
    call for one: {"order": [...], "answers": {question: {answer: level}}}.
    The phone routes the check with it when there is no signal."""
    return {
        "order": list(URGENCY_ORDER),
        "answers": {
            key: {answer: question.urgency for answer in COUNTS_AS_YES} for key, question in CHECK_BY_KEY.items()
        },
    }


def counts_as_yes(answer: str | bool | None) -> bool:
    """Yes, or not sure: with these signs it is safer to ask for help."""
    if isinstance(answer, bool):
        return answer
    return answer in COUNTS_AS_YES


def flagged(answers: Mapping[str, str | bool]) -> list[str]:
    """The known questions answered yes or not sure, most urgent first, in
    the order the check asks them."""
    keys = [key for key in CHECK_BY_KEY if counts_as_yes(answers.get(key))]
    return sorted(keys, key=lambda key: URGENCY_ORDER.index(CHECK_BY_KEY[key].urgency))


def urgency_for(answers: Mapping[str, str | bool]) -> str | None:
    """The most urgent level any "yes" or "not sure" calls for, or None when
    all are "no". Unknown question keys are ignored: they cannot raise or
    lower urgency."""
    keys = flagged(answers)
    return CHECK_BY_KEY[keys[0]].urgency if keys else None


def answers_from_form(values: Mapping[str, str], ticked: list[str]) -> dict[str, str]:
    """One answer for every question from a posted form: each question's own
    field (yes, unsure or no), or a tick in the older "yes" list. Anything
    missing or unknown is "no"; unknown question keys are dropped."""
    answers = {}
    for key in CHECK_BY_KEY:
        value = values.get(key)
        if value not in ANSWER_VALUES:
            value = YES if key in ticked else NO
        answers[key] = value
    return answers
