"""From the in-flow red-flag answers to how urgently to get help.

The routing is one table (routing_table), read here by the server and sent
to the phone as data, so the check routes the same way with no signal.
"""

from collections.abc import Iterable, Mapping

from spasm.content.red_flags import CHECK_BY_KEY, COUNTS_AS_YES, NOT_SURE, URGENCY_ORDER, YES

# The button a screen of the check was sent with (the form's "answer" field).
# "Yes" and "Not sure" answer the signs ticked; "None of these" answers none.
TAPPED_YES = YES
TAPPED_NOT_SURE = NOT_SURE
TAPPED_NONE = "none"


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
    there is neither. Unknown question keys are ignored: they cannot raise or
    lower urgency."""
    keys = flagged(answers)
    return CHECK_BY_KEY[keys[0]].urgency if keys else None


def answers_from_form(fields: Mapping[str, str], ticked: Iterable[str], tapped: str | None) -> dict[str, str]:
    """The answers a screen of the check gives, and only those: a sign left
    alone is not answered, never a "no".

    Each ticked sign is answered as the button tapped says: "Not sure" makes
    it unsure, and so does "None of these" with signs still ticked (the two
    disagree, and a tick is never thrown away); any other tap is a yes.
    Older forms sent a field per question: its yes or unsure is read, and its
    "no", which that form had chosen for the person, is not an answer.
    Unknown question keys are dropped."""
    answer = NOT_SURE if tapped in (TAPPED_NOT_SURE, TAPPED_NONE) else YES
    answers = {key: answer for key in ticked if key in CHECK_BY_KEY}
    for key in CHECK_BY_KEY:
        value = fields.get(key)
        if value in COUNTS_AS_YES:
            answers[key] = value
    return answers


def urgency_unticked(keys: Iterable[str], tapped: str | None) -> str | None:
    """The urgency of a "Yes" or "Not sure" tapped with no sign ticked: the
    person has, or may have, one of the signs asked without saying which, so
    help is as urgent as the most urgent of them. None for any other tap."""
    if tapped not in (TAPPED_YES, TAPPED_NOT_SURE):
        return None
    return urgency_for(dict.fromkeys(keys, tapped))
