"""From the in-flow red-flag answers to how urgently to get help."""

import pytest

from spasm.content.red_flags import CHECK_QUESTIONS
from spasm.rules.red_flags import answers_from_form, counts_as_yes, flagged, urgency_for

# Written out rather than read from the content, so a change to the routing
# has to be made in two places on purpose.
EXPECTED = {
    "bladder_bowel": "emergency",
    "bladder_feeling": "emergency",
    "saddle_numbness": "emergency",
    "sexual_change": "emergency",
    "both_legs": "emergency",
    "legs_worsening": "emergency",
    "legs_giving_way": "emergency",
    "one_leg_weakness": "today",
    "serious_fall": "emergency",
    "chest_pain": "emergency",
    "sudden_tummy_pain": "emergency",
    "thin_bones_fall": "today",
    "fever": "today",
    "recent_infection": "today",
    "night_pain": "today",
    "getting_worse": "today",
    "cough_pain": "today",
    "between_shoulders": "today",
    "back_lump": "today",
    "weight_loss": "today",
    "cancer": "today",
    "weak_immunity": "today",
    "injected_drugs": "today",
    "age": "soon",
    "no_better": "soon",
    "still_severe": "soon",
    "keeps_coming_back": "soon",
    "coping": "soon",
}


def all_no() -> dict[str, str]:
    return {q.key: "no" for q in CHECK_QUESTIONS}


def test_every_question_has_an_expected_urgency():
    assert list(EXPECTED) == [q.key for q in CHECK_QUESTIONS]


@pytest.mark.parametrize(("key", "urgency"), EXPECTED.items())
def test_each_yes_alone(key, urgency):
    assert urgency_for({**all_no(), key: "yes"}) == urgency


@pytest.mark.parametrize(("key", "urgency"), EXPECTED.items())
def test_each_not_sure_counts_as_yes(key, urgency):
    assert urgency_for({**all_no(), key: "unsure"}) == urgency


@pytest.mark.parametrize(("key", "urgency"), EXPECTED.items())
def test_each_yes_as_the_only_answer(key, urgency):
    assert urgency_for({key: "yes"}) == urgency


@pytest.mark.parametrize(("key", "urgency"), EXPECTED.items())
def test_older_true_false_answers_still_route(key, urgency):
    assert urgency_for({key: True}) == urgency
    assert urgency_for({key: False}) is None


def test_all_no_needs_no_urgent_help():
    assert urgency_for(all_no()) is None


def test_no_answers_at_all():
    assert urgency_for({}) is None


@pytest.mark.parametrize(
    ("answers", "urgency"),
    [
        ({"fever": "yes", "chest_pain": "yes"}, "emergency"),
        ({"night_pain": "yes", "one_leg_weakness": "yes"}, "today"),
        ({"fever": "yes", "one_leg_weakness": "yes", "night_pain": "yes", "bladder_bowel": "yes"}, "emergency"),
        (dict.fromkeys(EXPECTED, "yes"), "emergency"),
        ({"serious_fall": "yes", "both_legs": "yes"}, "emergency"),
        # Mixed answers go to the most urgent tier, "not sure" included.
        ({"coping": "yes", "cancer": "unsure"}, "today"),
        ({"coping": "yes", "saddle_numbness": "unsure", "fever": "yes"}, "emergency"),
        ({"age": "yes", "no_better": "unsure"}, "soon"),
        ({"sudden_tummy_pain": "unsure", "chest_pain": "no"}, "emergency"),
    ],
)
def test_the_most_urgent_answer_wins(answers, urgency):
    assert urgency_for({**all_no(), **answers}) == urgency


def test_unknown_keys_are_ignored():
    assert urgency_for({"made_up": "yes"}) is None
    assert urgency_for({"made_up": "yes", "fever": "yes"}) == "today"


def test_a_no_does_not_lower_another_yes():
    assert urgency_for({"chest_pain": "no", "fever": "yes"}) == "today"


@pytest.mark.parametrize("value", ["maybe", "", None, "YES", 1])
def test_other_values_are_not_a_yes(value):
    assert not counts_as_yes(value)


def test_flagged_lists_the_answers_most_urgent_first():
    answers = {**all_no(), "coping": "yes", "fever": "unsure", "chest_pain": "yes", "serious_fall": "yes"}
    assert flagged(answers) == ["serious_fall", "chest_pain", "fever", "coping"]


def test_answers_from_a_form():
    form = {"fever": "yes", "cancer": "unsure", "chest_pain": "no", "coping": "bogus", "made_up": "yes"}
    answers = answers_from_form(form, ticked=["both_legs", "made_up"])
    assert set(answers) == set(EXPECTED)
    assert answers["fever"] == "yes" and answers["cancer"] == "unsure" and answers["chest_pain"] == "no"
    # A tick from the older form is a yes; a bad value is a no.
    assert answers["both_legs"] == "yes" and answers["coping"] == "no"
    assert sum(v != "no" for v in answers.values()) == 3
