"""From the in-flow red-flag answers to how urgently to get help."""

import pytest

from spasm.content.red_flags import CHECK_QUESTIONS
from spasm.rules.red_flags import answers_from_form, counts_as_yes, flagged, urgency_for, urgency_unticked

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
    "tearing_pain": "emergency",
    "sudden_tummy_pain": "emergency",
    "thin_bones_fall": "today",
    "pregnancy_bleeding": "maternity",
    "pregnancy_labour_or_fever": "maternity",
    "fever": "today",
    "unwell": "today",
    "spine_procedure": "today",
    "recent_infection": "today",
    "kidney_pain": "today",
    "night_pain": "today",
    "getting_worse": "today",
    "pulsing_tummy": "today",
    "cough_pain": "today",
    "between_shoulders": "today",
    "weight_loss": "today",
    "cancer": "today",
    "weak_immunity": "today",
    "injected_drugs": "today",
    "back_lump": "today",
    "still_severe": "soon",
    "no_better": "soon",
    "keeps_coming_back": "soon",
    "coping": "soon",
    "age": "soon",
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


@pytest.mark.parametrize(
    ("tapped", "answer"), [("yes", "yes"), (None, "yes"), ("unsure", "unsure"), ("none", "unsure")]
)
def test_ticked_signs_are_answered_as_the_button_says(tapped, answer):
    # "None of these" with signs still ticked disagrees with itself: the
    # ticks stay, as not sure.
    assert answers_from_form({}, ["fever", "chest_pain"], tapped) == {"fever": answer, "chest_pain": answer}


def test_nothing_ticked_is_nothing_answered():
    for tapped in ("yes", "unsure", "none", None, ""):
        assert answers_from_form({}, [], tapped) == {}


def test_only_known_questions_are_answered():
    assert answers_from_form({}, ["made_up", "<script>", "fever"], "yes") == {"fever": "yes"}


def test_an_older_forms_fields_give_their_yes_and_not_sure_and_never_a_no():
    fields = {**all_no(), "fever": "yes", "cancer": "unsure", "coping": "bogus", "made_up": "yes"}
    assert answers_from_form(fields, ["both_legs", "made_up"], None) == {
        "fever": "yes",
        "cancer": "unsure",
        "both_legs": "yes",
    }
    assert answers_from_form(all_no(), [], None) == {}


def test_a_form_never_gives_a_no():
    answers = answers_from_form(all_no(), [q.key for q in CHECK_QUESTIONS], "unsure")
    assert set(answers.values()) == {"unsure"} and len(answers) == len(EXPECTED)


EMERGENCY_KEYS = [key for key, urgency in EXPECTED.items() if urgency == "emergency"]
OTHER_KEYS = [key for key, urgency in EXPECTED.items() if urgency in ("today", "soon")]
MATERNITY_KEYS = [key for key, urgency in EXPECTED.items() if urgency == "maternity"]


@pytest.mark.parametrize("tapped", ["yes", "unsure"])
def test_yes_or_not_sure_with_nothing_ticked_is_as_urgent_as_the_signs_asked(tapped):
    assert urgency_unticked(EMERGENCY_KEYS, tapped) == "emergency"
    assert urgency_unticked(OTHER_KEYS, tapped) == "today"
    assert urgency_unticked(["age", "coping"], tapped) == "soon"
    assert urgency_unticked(MATERNITY_KEYS + OTHER_KEYS, tapped) == "maternity"


@pytest.mark.parametrize("tapped", ["none", None, "", "maybe"])
def test_any_other_tap_with_nothing_ticked_calls_for_nothing(tapped):
    assert urgency_unticked(EMERGENCY_KEYS, tapped) is None
