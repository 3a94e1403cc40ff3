"""From the in-flow red-flag answers to how urgently to get help."""

import pytest

from spasm.content.red_flags import CHECK_QUESTIONS
from spasm.rules.red_flags import urgency_for

# Written out rather than read from the content, so a change to the routing
# has to be made in two places on purpose.
EXPECTED = {
    "bladder_bowel": "emergency",
    "saddle_numbness": "emergency",
    "both_legs": "emergency",
    "chest_pain": "emergency",
    "serious_fall": "emergency",
    "fever": "today",
    "one_leg_weakness": "today",
    "night_pain": "today",
}


def all_no() -> dict[str, bool]:
    return {q.key: False for q in CHECK_QUESTIONS}


def test_every_question_has_an_expected_urgency():
    assert set(EXPECTED) == {q.key for q in CHECK_QUESTIONS}


@pytest.mark.parametrize(("key", "urgency"), EXPECTED.items())
def test_each_flag_alone(key, urgency):
    assert urgency_for({**all_no(), key: True}) == urgency


@pytest.mark.parametrize(("key", "urgency"), EXPECTED.items())
def test_each_flag_as_the_only_answer(key, urgency):
    assert urgency_for({key: True}) == urgency


def test_all_no_needs_no_urgent_help():
    assert urgency_for(all_no()) is None


def test_no_answers_at_all():
    assert urgency_for({}) is None


@pytest.mark.parametrize(
    ("yes", "urgency"),
    [
        (["fever", "chest_pain"], "emergency"),
        (["night_pain", "one_leg_weakness"], "today"),
        (["fever", "one_leg_weakness", "night_pain", "bladder_bowel"], "emergency"),
        (list(EXPECTED), "emergency"),
        (["serious_fall", "both_legs"], "emergency"),
    ],
)
def test_the_most_urgent_answer_wins(yes, urgency):
    assert urgency_for({**all_no(), **dict.fromkeys(yes, True)}) == urgency


def test_unknown_keys_neither_raise_nor_lower_urgency():
    assert urgency_for({"made_up": True}) is None
    assert urgency_for({"made_up": True, "fever": True}) == "today"


def test_a_no_never_counts():
    assert urgency_for({"chest_pain": False, "fever": True}) == "today"
