"""The clinical content: every claim sourced, plain, and free of the seeds' errors."""

import ast
import dataclasses
import re
from pathlib import Path

import pytest

from spasm.content import (
    LEAD,
    Fact,
    advice,
    check_screens,
    getting_help,
    heat_cold,
    medicines,
    prevention,
    red_flag_signs,
    red_flags,
    regions,
    relief,
)
from spasm.rules import timer_bounds

CONTENT_DIR = Path(relief.__file__).resolve().parent
SEEDS_DIR = Path(__file__).resolve().parents[2] / "shared" / "seeds"

TEXT_MODULES = (
    relief,
    heat_cold,
    medicines,
    red_flag_signs,
    red_flags,
    check_screens,
    getting_help,
    regions,
    advice,
    prevention,
)

# Fields that hold identifiers or numbers for code, not words for people.
NON_TEXT_FIELDS = {
    "key",
    "slug",
    "kind",
    "urgency",
    "sources",
    "default_sources",
    "emergency",
    "non_emergency",
    "countries",
}


def _walk(value, facts, texts):
    if isinstance(value, Fact):
        facts.append(value)
        texts.append(value.text)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            if field.name not in NON_TEXT_FIELDS:
                _walk(getattr(value, field.name), facts, texts)
    elif isinstance(value, str):
        texts.append(value)
    elif isinstance(value, (tuple, list)):
        for item in value:
            _walk(item, facts, texts)
    elif isinstance(value, dict):
        for item in value.values():
            _walk(item, facts, texts)
    elif isinstance(value, (set, frozenset)):
        pass


# Names that hold keys or time-zone names for code, not words for people.
NON_TEXT_NAMES = {
    "EMERGENCY",
    "TODAY",
    "MATERNITY",
    "TIP",
    "CURRENT",
    "SOON",
    "YES",
    "NOT_SURE",
    "NO",
    "AUTO",
    "OTHER",
    "ZONES",
    "ZONE_REGION",
    "EU_COUNTRIES",
    "URGENCY_ORDER",
    "STEP_SLUGS",
    "PICK_TIME",
}


def _collect(module):
    facts, texts = [], []
    for name, value in vars(module).items():
        # Docstrings, functions and imported modules are not shown to the person.
        if name.startswith("_") or isinstance(value, type(re)) or callable(value) or name in NON_TEXT_NAMES:
            continue
        _walk(value, facts, texts)
    return facts, texts


def _all_texts():
    return [text for module in TEXT_MODULES for text in _collect(module)[1]]


def _sentences(text):
    return [s for s in re.split(r"[.!?]+(?:\s+|$)", text) if s.strip()]


def _words(text):
    return re.findall(r"[\w'\u2019-]+", text)


# --- the Fact type -----------------------------------------------------------


@pytest.mark.parametrize("sources", [(), ["NHS"], ("",)])
def test_fact_refuses_missing_or_malformed_sources(sources):
    with pytest.raises(ValueError):
        Fact("Heat can help.", sources)


def test_fact_refuses_empty_text():
    with pytest.raises(ValueError):
        Fact("  ", ("NHS",))


# --- relief flow -------------------------------------------------------------


EXPECTED_SLUGS = ("position", "onset", "safety-check", "heat-cold", "breathe", "move", "medicines", "check-in")


def test_relief_steps_are_in_the_agreed_order():
    assert relief.STEP_SLUGS == EXPECTED_SLUGS
    assert tuple(step.slug for step in relief.STEPS) == EXPECTED_SLUGS
    assert tuple(relief.STEP_BY_SLUG) == EXPECTED_SLUGS


@pytest.mark.parametrize("step", relief.STEPS, ids=lambda s: s.slug)
def test_relief_step_is_short(step):
    assert 2 <= len(step.facts) <= 5
    assert len(_words(step.title)) <= 5
    assert step.lead and len(_sentences(step.lead)) <= 2


def test_position_step_calls_positions_comfort_not_treatment():
    texts = " ".join(f.text for f in relief.STEP_BY_SLUG["position"].facts).lower()
    assert "chair" in texts and "pillow between your knees" in texts
    assert "not a treatment" in relief.COMFORT_NOT_TREATMENT.text
    assert relief.COMFORT_NOT_TREATMENT in relief.POSITION_MORE


def test_position_card_offers_side_lying_in_later_pregnancy_and_how_to_get_up():
    assert "Pregnant" in relief.SIDE_SUMMARY
    assert "side, not on your back" in relief.PREGNANT_SIDE.text
    assert "hands and knees" in relief.GET_UP_AGAIN.text and "sturdy chair" in relief.GET_UP_AGAIN.text
    assert "bed or sofa" in relief.GET_DOWN_SAFELY.text
    assert {relief.PREGNANT_SIDE, relief.GET_UP_AGAIN, relief.STAY_DOWN} <= set(relief.POSITION_MORE)


def test_do_not_move_is_only_for_a_fall():
    warning = relief.DO_NOT_MOVE.text
    assert warning.index("Trouble peeing") < warning.index("Call now") < warning.index("fall, do not move")
    assert "Do not try to move" not in getting_help.DO_NOW[red_flags.EMERGENCY].text
    assert "Do not try to move" in red_flag_signs.SERIOUS_FALL.text
    assert "A&E" in getting_help.DO_NOW[red_flags.EMERGENCY].text


def test_position_step_read_aloud_says_the_position_and_the_side_lying_choice():
    assert relief.STEP_BY_SLUG["position"].speech() == (
        "Stop and get down safely. "
        "Stop what you are doing. Find the position that hurts least. "
        "Trouble peeing, or numb between your legs? Call now. After a bad fall, do not move. "
        "Lie on your back, calves resting on a chair seat or sofa. "
        "Your hips and knees bend at a right angle. "
        "Or lie on your side with a pillow between your knees. Bend your hips a little."
    )


@pytest.mark.parametrize(
    ("slug", "said"),
    [
        ("onset", "When did this start? Pick the closest answer. It helps say when to get help."),
        ("safety-check", "Quick safety check. Tap Yes or Not sure for any that apply. If none do, carry on."),
        (
            "heat-cold",
            "Heat or cold. You can use either. Heat has the better evidence. Use whichever feels better to you.",
        ),
        (
            "breathe",
            "Slow your breathing. Breathe in gently through your nose for 5 seconds. "
            "Breathe out slowly through your mouth for 5 seconds. Do not hold your breath. "
            "Keep going for 3 to 5 minutes.",
        ),
        (
            "move",
            "Keep gently moving. Small, gentle movements, little and often. "
            "Change position often, and take short walks when you can.",
        ),
        ("medicines", "Pain relief facts. Facts only. Follow the label or ask a pharmacist."),
        ("check-in", "How is the pain now? Tap a number. 0 is no pain, 10 is the worst."),
    ],
)
def test_each_step_read_aloud_says_its_title_then_what_to_do(slug, said):
    assert relief.STEP_BY_SLUG[slug].speech() == said


@pytest.mark.parametrize("step", relief.STEPS, ids=lambda s: s.slug)
def test_read_aloud_reuses_the_words_the_card_shows(step):
    # Spoken lines are Facts already reviewed for the card, never new claims.
    shown = {*step.facts, *relief.POSITION_LINES, relief.SIDE_LYING, relief.DO_NOT_MOVE, *relief.BREATH_STEPS}
    for line in step.spoken:
        assert line is LEAD or line in shown, line
    if step.slug != "position":  # the first card has the whole position to say
        assert 2 <= len(_sentences(step.speech())) - 1 <= 4


def test_move_step_limits_bed_rest_and_reassures_first():
    texts = " ".join(f.text for f in relief.STEP_BY_SLUG["move"].facts).lower()
    assert "avoid long bed rest" in texts and "position often" in texts
    reassurance = " ".join(f.text for f in relief.REASSURANCE).lower()
    for said in ("very common", "rarely", "few weeks", "hurt does not mean harm", "scans are rarely needed"):
        assert said in reassurance


def test_onset_choices():
    assert [c.key for c in relief.ONSET_CHOICES] == [
        "just_now",
        "earlier_today",
        "yesterday",
        "days_ago",
        "about_week",
        "two_weeks",
        "month",
        "pick_time",
    ]
    assert relief.ONSET_QUESTION == "When did this start?"


def test_check_in_scale_and_trend():
    assert (relief.PAIN_MIN, relief.PAIN_MAX) == (0, 10)
    assert set(relief.PAIN_SCALE_LABELS) == {relief.PAIN_MIN, relief.PAIN_MAX}
    assert [c.key for c in relief.TREND_CHOICES] == ["better", "same", "worse"]


# --- red flags ---------------------------------------------------------------


def test_urgencies_run_from_most_to_least_urgent():
    assert red_flags.URGENCY_ORDER == ("emergency", "maternity", "today", "soon")


def test_every_sign_on_the_red_flag_page_is_asked_in_the_check():
    asked = {sign for q in red_flags.CHECK_QUESTIONS for sign in q.signs}
    for urgency in red_flags.URGENCIES:
        for sign in urgency.signs:
            assert sign in asked, sign.text


def test_a_question_routes_to_the_urgency_of_the_signs_it_asks():
    for question in red_flags.CHECK_QUESTIONS:
        assert question.signs, question.key
        for sign in question.signs:
            assert sign in red_flags.URGENCY_BY_KEY[question.urgency].signs, question.key


def test_check_groups_are_short():
    for group in red_flags.CHECK_GROUPS:
        assert 2 <= len(group.questions) <= 5, group.title
        assert len(_words(group.title)) <= 5
    assert tuple(red_flags.URGENCY_BY_KEY) == red_flags.URGENCY_ORDER


@pytest.mark.parametrize("urgency", red_flags.URGENCIES, ids=lambda u: u.key)
def test_every_urgency_has_signs(urgency):
    assert urgency.signs
    assert urgency.title and urgency.lead


def test_check_keys_are_unique_and_route_to_known_urgencies():
    keys = [q.key for q in red_flags.CHECK_QUESTIONS]
    assert len(keys) == len(set(keys))
    assert len(keys) == 35
    for question in red_flags.CHECK_QUESTIONS:
        assert question.urgency in red_flags.URGENCY_BY_KEY, question.key
    assert tuple(red_flags.CHECK_BY_KEY) == tuple(keys)


# Pinned so a routing change is a deliberate, reviewed edit.
@pytest.mark.parametrize(
    ("key", "urgency"),
    [
        ("bladder_bowel", "emergency"),
        ("bladder_feeling", "emergency"),
        ("saddle_numbness", "emergency"),
        ("sexual_change", "emergency"),
        ("both_legs", "emergency"),
        ("legs_worsening", "emergency"),
        ("legs_giving_way", "emergency"),
        ("chest_pain", "emergency"),
        ("serious_fall", "emergency"),
        ("sudden_tummy_pain", "emergency"),
        ("tearing_pain", "emergency"),
        ("pregnancy_bleeding", "maternity"),
        ("pregnancy_labour_or_fever", "maternity"),
        ("fever", "today"),
        ("unwell", "today"),
        ("spine_procedure", "today"),
        ("kidney_pain", "today"),
        ("pulsing_tummy", "today"),
        ("recent_infection", "today"),
        ("one_leg_weakness", "today"),
        ("night_pain", "today"),
        ("getting_worse", "today"),
        ("cough_pain", "today"),
        ("between_shoulders", "today"),
        ("back_lump", "today"),
        ("weight_loss", "today"),
        ("cancer", "today"),
        ("weak_immunity", "today"),
        ("injected_drugs", "today"),
        ("thin_bones_fall", "today"),
        ("age", "soon"),
        ("no_better", "soon"),
        ("still_severe", "soon"),
        ("keeps_coming_back", "soon"),
        ("coping", "soon"),
    ],
)
def test_check_question_routes_as_the_guidelines_group_it(key, urgency):
    assert red_flags.CHECK_BY_KEY[key].urgency == urgency


@pytest.mark.parametrize(
    ("urgency", "phrase"),
    [
        ("emergency", "hard to start or stop"),
        ("emergency", "cannot pee"),
        ("emergency", "lost control of your pee or poo"),
        ("emergency", "tell if your bladder is full"),
        ("emergency", "genitals, bottom or inner thighs"),
        ("emergency", "feel yourself pee or poo"),
        ("emergency", "you leak"),
        ("emergency", "tearing or ripping"),
        ("emergency", "short of breath"),
        ("maternity", "bleeding"),
        ("maternity", "fluid is leaking"),
        ("maternity", "regular waves"),
        ("maternity", "hurts to pee"),
        ("emergency", "tingling"),
        ("emergency", "erections"),
        ("emergency", "both legs"),
        ("emergency", "give way"),
        ("emergency", "unsteady"),
        ("emergency", "chest pain"),
        ("emergency", "serious fall"),
        ("emergency", "faint"),
        ("emergency", "clammy"),
        ("today", "pulsing feeling in your tummy"),
        ("today", "back operation"),
        ("today", "sweats at night"),
        ("today", "there is blood in it"),
        ("today", "toes catch"),
        ("today", "foot slaps"),
        ("today", "hot and shivery"),
        ("today", "urine infection"),
        ("today", "one leg"),
        ("today", "does not ease when you change position"),
        ("today", "cough, sneeze or poo"),
        ("today", "between your shoulder blades"),
        ("today", "lump or swelling"),
        ("today", "weight loss"),
        ("today", "cancer"),
        ("today", "immune system"),
        ("today", "inject drugs"),
        ("today", "thin bones"),
        ("soon", "still very bad after a few days"),
        ("soon", "under 20 or over 50"),
        ("soon", "not better after a few weeks"),
        ("soon", "everyday things"),
        ("soon", "hard to cope"),
    ],
)
def test_warning_sign_sits_in_its_urgency(urgency, phrase):
    signs = " ".join(f.text for f in red_flags.URGENCY_BY_KEY[urgency].signs).lower()
    assert phrase in signs


def test_call_label_takes_the_number():
    assert getting_help.CALL_LABEL.format(number="112") == "Call 112"


def test_what_to_say_is_a_short_script():
    assert 2 <= len(getting_help.WHAT_TO_SAY) <= 4
    script = " ".join(getting_help.WHAT_TO_SAY).lower()
    assert "back pain" in script and "address" in script and "door" in script


def test_disclaimer_does_not_diagnose():
    assert "cannot tell what is wrong" in getting_help.DISCLAIMER.text


# The words of the sign, not a model of it: a person with an ordinary spasm
# that throbs, and no faintness or clamminess, must not fit the question.
BURST_ARTERY_WORDS = ("faint", "sweaty", "clammy")


def test_the_burst_artery_question_needs_more_than_a_throbbing_spasm():
    label = red_flags.CHECK_BY_KEY["sudden_tummy_pain"].label
    assert "throb" not in label and "or you feel faint" not in label
    assert ", and you feel" in label and all(word in label for word in BURST_ARTERY_WORDS)
    assert "throb" not in red_flag_signs.BURST_ARTERY.text
    # The pulsing feeling alone is asked apart, and is a see-today sign.
    assert red_flags.CHECK_BY_KEY["pulsing_tummy"].urgency == red_flags.TODAY


def test_the_early_bladder_signs_call_now():
    for key in ("bladder_bowel", "bladder_feeling"):
        assert red_flags.CHECK_BY_KEY[key].urgency == red_flags.EMERGENCY
    label = red_flags.CHECK_BY_KEY["bladder_bowel"].label
    assert "hard to start or stop" in label and label.index("hard to start") < label.index("lost control")


def test_night_pain_is_pain_that_changing_position_does_not_ease():
    label = red_flags.CHECK_BY_KEY["night_pain"].label
    assert "changing position does not ease" in label
    assert "never stops" not in label and "at rest" not in label


def test_the_call_script_starts_with_the_sign():
    assert getting_help.SAY_SIGN_FIRST.startswith("First say the sign")
    assert getting_help.SAY_TICKED_FIRST.startswith("First say what made you call")
    assert "back pain" in getting_help.WHAT_TO_SAY[0] and getting_help.WHAT_TO_SAY[0].startswith("Then")
    assert "After a fall, stay still" in getting_help.WHAT_TO_SAY[-1]


# --- heat and cold -----------------------------------------------------------


def test_heat_is_the_better_evidenced_option():
    assert {"ACP", "Cochrane-heat"} <= set(heat_cold.HEAT_EVIDENCE.sources)
    assert "better evidence" in heat_cold.HEAT_EVIDENCE.text
    # One US guideline, not "guidelines": NICE says nothing on heat.
    assert "A US guideline (ACP)" in heat_cold.HEAT_EVIDENCE.text
    assert "guidelines" not in " ".join(f.text for f in heat_cold.EVIDENCE).lower()
    assert {"Cochrane-heat", "Garra"} <= set(heat_cold.COLD_EVIDENCE.sources)


def test_the_heat_or_cold_card_says_what_heat_does_first():
    facts = relief.STEP_BY_SLUG["heat-cold"].facts
    assert facts[0] is heat_cold.HEAT_HELPS
    assert facts.index(heat_cold.HEAT_HELPS) < facts.index(heat_cold.COLD_HELPS)
    assert "feels better" in heat_cold.CHOOSE.text


def test_skin_rules():
    cold = " ".join(f.text for f in heat_cold.COLD_RULES).lower()
    heat = " ".join(f.text for f in heat_cold.HEAT_RULES).lower()
    assert "cloth" in cold and "20 minutes" in cold and "2 to 3 hours" in cold and "numb or broken skin" in cold
    assert "warm, not hot" in heat and "asleep" in heat and "numb or broken skin" in heat
    assert "menthol or chilli (capsaicin) cream" in heat and "burn" in heat
    assert "towel" in heat and "heat pack" in heat
    assert set(heat_cold.SKIN_RULES) == set(heat_cold.COLD_RULES + heat_cold.HEAT_RULES)
    assert len(heat_cold.SKIN_RULES) == len(set(heat_cold.SKIN_RULES))
    # The contrast timer's short list covers both kinds on numb or broken skin.
    key = " ".join(f.text for f in heat_cold.KEY_RULES).lower()
    assert "heat or cold on numb or broken skin" in key and "asleep" in key


def test_therapies_match_the_timer_kinds():
    assert tuple(heat_cold.THERAPY_BY_KIND) == ("heat", "cold", "contrast")
    for therapy in heat_cold.THERAPIES:
        assert therapy.safety, therapy.kind


def test_contrast_is_only_an_option():
    texts = " ".join(f.text for f in heat_cold.CONTRAST).lower()
    assert "an option, not a rule" in texts and "no guideline recommends it" in texts


def test_contrast_says_the_skin_rests_between_cold_and_heat_as_the_timer_does():
    minutes = (heat_cold.CONTRAST_COLD_MINUTES, heat_cold.CONTRAST_REST_MINUTES, heat_cold.CONTRAST_HEAT_MINUTES)
    assert minutes == (15, 10, 10)
    assert minutes == (
        timer_bounds.CONTRAST_COLD_MINUTES,
        timer_bounds.CONTRAST_REST_MINUTES,
        timer_bounds.CONTRAST_HEAT_MINUTES,
    )
    swap = heat_cold.CONTRAST[0].text
    assert "15 minutes cold, 10 minutes' rest, then 10 minutes heat. The rest lets your skin warm up" in swap


# --- medicines ---------------------------------------------------------------


def test_medicines_state_the_guideline_view():
    nsaids = " ".join(f.text for f in medicines.NSAIDS).lower()
    assert "ibuprofen" in nsaids and "anti-inflammatory painkillers" in nsaids
    assert "lowest dose" in nsaids and "shortest time" in nsaids
    assert "never take two" in nsaids and "aspirin" in nsaids and "cold and flu" in nsaids
    assert "naproxen" in medicines.NAPROXEN.text.lower() and "prescription" in medicines.NAPROXEN.text
    assert medicines.NAPROXEN.sources == ("NHS-naproxen",)
    gel = " ".join(f.text for f in medicines.TOPICALS).lower()
    assert "diclofenac gel is an anti-inflammatory" in gel and "do-not-take list" in gel
    paracetamol = {key for f in medicines.PARACETAMOL for key in f.sources}
    assert {"NICE", "ACP", "PACE"} <= paracetamol
    assert "prescription" in " ".join(f.text for f in medicines.MUSCLE_RELAXANTS)
    assert "drowsy" in " ".join(f.text for f in medicines.MUSCLE_RELAXANTS)
    assert "label" in medicines.LABEL_LINE.text and "pharmacist" in medicines.LABEL_LINE.text


@pytest.mark.parametrize("condition", ["reacted badly to aspirin", "pregnant"])
def test_do_not_take_lists(condition):
    assert any(condition in f.text.lower() for f in medicines.DO_NOT_TAKE)


@pytest.mark.parametrize(
    "condition",
    [
        "asthma",
        "heart failure",
        "stroke",
        "high blood pressure",
        "kidney",
        "liver",
        "crohn",
        "bowel swelling",
        "stomach ulcer",
        "bleeding from your stomach",
        "chickenpox",
        "65",
        "trying for a baby",
        "blood thinner",
        "warfarin",
        "apixaban",
        "rivaroxaban",
        "edoxaban",
        "clopidogrel",
        "steroid",
        "antidepressants",
        "medicine for high blood pressure",
        "methotrexate",
        "lithium",
    ],
)
def test_ask_a_pharmacist_first_lists(condition):
    assert any(condition in f.text.lower() for f in medicines.ASK_FIRST)


def test_do_not_take_and_ask_first_are_apart():
    assert not set(medicines.DO_NOT_TAKE) & set(medicines.ASK_FIRST)
    titles = [section.title for section in medicines.SECTIONS]
    assert titles.index(medicines.DO_NOT_TAKE_TITLE) < titles.index(medicines.ASK_FIRST_TITLE)


def test_breastfeeding_is_not_a_reason_to_avoid_ibuprofen():
    assert not any("breastfeeding" in f.text.lower() for f in medicines.CITED)
    assert not any("ssri" in f.text.lower() for f in medicines.CITED)


def test_medicines_say_adults_aspirin_pregnancy_codeine_and_relaxants():
    assert "adults" in medicines.ADULTS_ONLY.text and "under 16" in medicines.ADULTS_ONLY.text
    nsaids = " ".join(f.text for f in medicines.NSAIDS)
    assert "low-dose aspirin" in nsaids and "Do not stop it" in nsaids
    pregnancy = " ".join(f.text for f in medicines.PREGNANCY)
    assert "Paracetamol is the usual painkiller" in pregnancy and "anti-inflammatory" in pregnancy
    paracetamol = " ".join(f.text for f in medicines.PARACETAMOL)
    assert "with ibuprofen" in paracetamol
    codeine = " ".join(f.text for f in medicines.CODEINE)
    assert "3 days at most" in codeine and "addictive" in codeine and "not safe for you or have not worked" in codeine
    relaxants = " ".join(f.text for f in medicines.MUSCLE_RELAXANTS)
    assert "alcohol" in relaxants and "drowsy" in relaxants and "UK and the US" in relaxants
    topicals = " ".join(f.text for f in medicines.TOPICALS)
    assert "Wash your hands" in topicals and "Do not put heat over" in topicals


def test_medicines_step_carries_the_label_line():
    assert medicines.LABEL_LINE in relief.STEP_BY_SLUG["medicines"].facts


# --- regions -----------------------------------------------------------------


def test_region_numbers_are_digits_only():
    for key, region in regions.REGIONS.items():
        assert region.key == key
        assert region.emergency.isdigit(), key
        assert region.non_emergency is None or region.non_emergency.isdigit(), key
        assert (region.non_emergency is None) == (region.advice_label is None), key
        assert region.countries, key


def test_region_numbers():
    numbers = {key: r.emergency for key, r in regions.REGIONS.items()}
    assert numbers == {
        "eu": "112",
        "uk": "999",
        "ie": "112",
        "us": "911",
        "ca": "911",
        "au": "000",
        "nz": "111",
        "other": "112",
    }
    advice_lines = {key: r.non_emergency for key, r in regions.REGIONS.items() if r.non_emergency}
    assert advice_lines == {"uk": "111", "ca": "811", "au": "1800633422", "nz": "0800611116"}
    assert "999" in regions.REGIONS["ie"].note
    assert "112" in regions.REGIONS["other"].note


# --- advice ------------------------------------------------------------------


def test_advice_points_to_known_urgencies():
    keys = [a.key for a in advice.ADVICE]
    assert len(keys) == len(set(keys))
    for item in advice.ADVICE:
        assert item.urgency is None or item.urgency in red_flags.URGENCY_BY_KEY, item.key
    assert advice.EARLY_DAYS.urgency is None
    assert advice.NO_BETTER_FEW_DAYS.urgency == "soon"
    assert "pharmacist" in " ".join(f.text for f in advice.NO_BETTER_FEW_DAYS.facts)
    assert advice.STILL_SEVERE.urgency == "soon" and advice.GETTING_WORSE.urgency == "today"
    assert red_flags.TESTS_LINE in advice.NOT_BETTER_FEW_WEEKS.facts


def test_advice_says_only_what_the_app_knows():
    worse = advice.filled(advice.GETTING_WORSE, best=3, latest=7, days=1)
    assert worse.facts[0].text == "Your scores went from 3 to 7, and stayed up."
    texts = " ".join(f.text for a in advice.ADVICE for f in a.facts).lower()
    assert "despite rest" not in texts and "medicine" not in texts


def test_no_content_suggests_a_scan():
    hits = [t for t in _all_texts() if re.search(r"\bscan|x-ray|imaging|mri\b", t, re.IGNORECASE)]
    # Only the reassurance that scans are rarely needed may name one.
    assert hits == ["Scans are rarely needed to treat it."]


# --- prevention --------------------------------------------------------------


def test_exercise_library():
    assert [e.slug for e in prevention.EXERCISES] == [
        "bird-dog",
        "dead-bug",
        "wall-angels",
        "plank",
        "glute-bridge",
        "cat-cow",
        "childs-pose",
    ]
    for exercise in prevention.EXERCISES:
        assert (exercise.hold_seconds is None) != (exercise.reps is None), exercise.slug
        assert 2 <= len(exercise.how) <= 4, exercise.slug
        amount = exercise.hold_seconds or exercise.reps
        assert 0 < amount <= 60, exercise.slug


def test_sourced_exercise_defaults():
    by_slug = prevention.EXERCISE_BY_SLUG
    assert (by_slug["bird-dog"].reps, by_slug["bird-dog"].per_side) == (6, True)
    assert by_slug["bird-dog"].default_sources == ("Mayo-bird-dog",)


def test_cat_cow_moves_with_the_breath_and_is_counted_not_held():
    cat_cow = prevention.EXERCISE_BY_SLUG["cat-cow"]
    assert cat_cow.hold_seconds is None and cat_cow.reps
    assert any("breathing" in line for line in cat_cow.how)


def test_prevention_is_marked_not_for_a_spasm():
    assert "During a spasm" in prevention.NOT_DURING_SPASM.text
    assert len({h.slug for h in prevention.HABITS}) == len(prevention.HABITS)


def test_prevention_promises_only_what_the_evidence_says():
    assert "Prevent" not in prevention.PAGE_TITLE
    assert "return less likely" in prevention.WHAT_EXERCISE_DOES.text
    habits = " ".join(h.fact.text for h in prevention.HABITS).lower()
    assert "water" not in habits and "magnesium" not in habits and "potassium" not in habits


# --- plain, safe wording ------------------------------------------------------


FORBIDDEN = [
    # Jargon a frightened person cannot act on.
    r"saddle",
    r"an(a)?esthesia",
    r"cauda equina",
    r"sciatica",
    r"herniat",
    r"\bdis[ck]s?\b",
    r"osteoporosis",
    r"incontinen",
    r"\blumbar\b",
    r"\bNSAID",
    r"placebo",
    # The seeds' sprain rule, stated as if it were back-pain guidance.
    r"\b48\b",
    r"\b72\b",
    r"cold first|ice first",
    r"then (switch to )?heat",
    # Personal doses.
    r"\d\s*(mg|mcg|µg|ml|g)\b",
    r"milligram",
    r"times a day",
    r"tablets? (a|per) day",
    # Seed 004's unsourced numbers and experts.
    r"%",
    r"per ?cent",
    r"carter|benson",
    r"coconut",
    r"\d\s*oz\b",
    r"muscle memory",
    # Diagnoses the app must never make (asking about a recent infection is fine).
    r"you have (a |an )?(infection|sciatica|slipped)",
]


@pytest.mark.parametrize("pattern", FORBIDDEN)
def test_no_text_says(pattern):
    hits = [t for t in _all_texts() if re.search(pattern, t, re.IGNORECASE)]
    assert not hits


def test_no_meta_talk():
    hits = [t for t in _all_texts() if re.search(r"\bAI\b|chatbot|language model", t)]
    assert not hits


def test_sentences_are_short():
    long = [s for t in _all_texts() for s in _sentences(t) if len(_words(s)) > 14]
    assert not long


def test_no_sentence_is_copied_from_a_seed():
    if not SEEDS_DIR.is_dir():
        pytest.skip("seed articles are not beside this checkout")

    def grams(text, n=7):
        words = [w.lower() for w in _words(text)]
        return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}

    seeds = set()
    for path in SEEDS_DIR.glob("*.txt"):
        seeds |= grams(path.read_text(encoding="utf-8"))
    copied = [t for t in _all_texts() if grams(t) & seeds]
    assert not copied


# --- no web framework in the content ------------------------------------------


@pytest.mark.parametrize("path", sorted(CONTENT_DIR.glob("*.py")), ids=lambda p: p.name)
def test_content_imports_only_its_own_types(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = [node.module or ""]
        else:
            continue
        for name in names:
            assert name in ("dataclasses", "collections.abc") or name.startswith("spasm.content"), path.name
